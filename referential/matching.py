"""Which student each profile-collection row belongs to (DOMAIN.md §1): INE first, else names + class.

A row is never guessed: no candidate, or several, and it is reported back with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from centres.models import Student
from pixcertif.lib.text import normalize_name
from referential.imports.profile_collection import ProfileRow


@dataclass(frozen=True, slots=True)
class UnmatchedRow:
    line: int
    last_name: str
    first_name: str
    division: str
    ine: str
    reason: str
    sent: bool = True


NameKey = tuple[str, str, str]


def _keys(student: Student, *, with_division: bool) -> set[NameKey]:
    """Every way a participant may have typed this student's names: usage or birth name, first name
    alone or with the others."""
    division = normalize_name(student.division) if with_division else ""
    firsts = {
        normalize_name(student.first_name),
        normalize_name(" ".join((student.first_name, student.second_name, student.third_name))),
    }
    lasts = {normalize_name(student.last_name), normalize_name(student.usage_name)} - {""}
    return {(first, last, division) for first in firsts for last in lasts}


def match_rows(
    rows: Iterable[ProfileRow], students: Iterable[Student], *, with_division: bool
) -> tuple[list[tuple[ProfileRow, Student]], list[UnmatchedRow]]:
    """The sent rows matched to one student each, and the rows matching nobody (or several) with why.

    A row not sent is matched only to be reported when it matches nobody: it never claims a student,
    so a participant's earlier, unsent participation does not hide their sent one.
    """
    by_ine: dict[str, Student] = {}
    by_names: dict[NameKey, set[int]] = defaultdict(set)
    by_pk: dict[int, Student] = {}
    for known in students:
        by_ine[known.ine] = known
        by_pk[known.pk] = known
        if known.is_active:  # a name is matched among the current students only
            for key in _keys(known, with_division=with_division):
                by_names[key].add(known.pk)
    matched: list[tuple[ProfileRow, Student]] = []
    unmatched: list[UnmatchedRow] = []
    line_of_student: dict[int, int] = {}

    def refuse(row: ProfileRow, reason: str) -> None:
        unmatched.append(
            UnmatchedRow(row.line, row.last_name, row.first_name, row.division, row.ine, reason, row.sent)
        )

    for row in rows:
        student = by_ine.get(row.ine) if row.ine else None
        if row.ine and student is None:
            refuse(row, _("Aucun élève de l'établissement n'a cet INE."))
            continue
        if student is None:
            division = normalize_name(row.division) if with_division else ""
            found = by_names.get((normalize_name(row.first_name), normalize_name(row.last_name), division), set())
            if not found:
                reason = (
                    _("Aucun élève de cette classe ne porte ces nom et prénom.")
                    if with_division
                    else _("Aucun élève ne porte ces nom et prénom.")
                )
                refuse(row, reason)
                continue
            if len(found) > 1:
                refuse(row, _("Plusieurs élèves portent ces nom et prénom : indiquez leur INE dans la campagne."))
                continue
            student = by_pk[next(iter(found))]
        if not row.sent:
            continue
        first = line_of_student.setdefault(student.pk, row.line)
        if first != row.line:
            refuse(row, _("Cet élève correspond déjà à la ligne %(line)s du fichier.") % {"line": first})
            continue
        matched.append((row, student))
    return matched, unmatched
