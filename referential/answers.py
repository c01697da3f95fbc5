"""Whether an answer to a challenge is right: pure, never raises, whatever the string.

Answers arrive as the text the test page posts: QCU « 2 » (the chosen index), QCM « 0,2 » (the chosen
indexes, in any order, separated by commas or spaces), QROC and QROCM-dep the typed text. Indexes count
from 0.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Protocol

# At most 4 digits an index: int() of a very long digit string raises (Python's conversion limit).
_INDEX = re.compile(r"[0-9]{1,4}", re.ASCII)
_SEPARATORS = re.compile(r"[\s,;]+")


class ChallengeLike(Protocol):
    type: str
    solution: Any


def normalize_answer(value: str) -> str:
    """Trimmed, lower-case, without accents, spaces collapsed: « Été  2024 » → « ete 2024 ».

    pixcertif.lib.text.normalize_name drops punctuation, which a short answer may need (« 192.168.1.1 »,
    « =SOMME(A1:A3) »), hence this gentler cousin.
    """
    spelt = value.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", spelt)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(without_marks.casefold().split())


def parse_indexes(value: str) -> list[int] | None:
    """The indexes of a QCU/QCM answer, or None when the text is not a list of indexes."""
    parts = [p for p in _SEPARATORS.split(value.strip()) if p]
    if not parts or not all(_INDEX.fullmatch(p) for p in parts):
        return None
    return [int(p) for p in parts]


def is_correct(challenge: ChallengeLike, value: str) -> bool:
    solution = challenge.solution
    if challenge.type == "QCU":
        indexes = parse_indexes(value)
        return indexes is not None and len(indexes) == 1 and isinstance(solution, int) and indexes[0] == solution
    if challenge.type == "QCM":
        indexes = parse_indexes(value)
        if indexes is None or not isinstance(solution, list):
            return False
        return len(indexes) == len(set(indexes)) and set(indexes) == set(solution)
    if challenge.type in ("QROC", "QROCM-dep"):  # a typed answer, checked against the accepted ones
        if not isinstance(solution, list):
            return False
        given = normalize_answer(value)
        return bool(given) and any(isinstance(a, str) and normalize_answer(a) == given for a in solution)
    return False
