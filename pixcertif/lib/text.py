"""Text helpers shared by every app."""

from __future__ import annotations

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^A-Z0-9]")


def normalize_name(value: str) -> str:
    """DOMAIN.md §3: strip accents, upper-case, keep only A–Z and 0–9.

    ``Œ``/``Æ`` and ``ß`` are spelt out first so that « Cœur » matches « COEUR ».
    """
    spelt = value.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    spelt = spelt.replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", spelt)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub("", without_marks.upper())


def split_names(value: str) -> list[str]:
    """Split a free-text list of people (« Mme Dupont, M. Martin ; Léa ») into clean names."""
    parts = re.split(r"[,;\n]+", value)
    return [" ".join(p.split()) for p in parts if p.strip()]
