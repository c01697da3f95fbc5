"""Replace a session's candidate list by an uploaded ODS « Liste des candidats » (DOMAIN.md §3).

All or nothing: every row is checked with the same rules as the form (`candidates_data_errors`),
every error is reported at once, each naming its line and column; the list changes only when the
whole file is right. The number of queries does not grow with the number of rows: the checks and
the birthplaces read the database once for the whole file.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.birthplace import Birthplace, BirthplaceError, resolve_birthplaces
from candidates.imports.ods import (
    CandidateListError,
    CandidateRow,
    columns_for,
    header_of,
    parse_candidate_list,
    sco_refusal,
)
from candidates.models import Candidate
from candidates.services import CandidateData, candidates_data_errors, identity_key
from centres.selectors import centre_has_roster
from sessions_app.lifecycle import session_locked
from sessions_app.models import Session
from sessions_app.services import session_event_record

__all__ = ["CandidateListError", "candidates_import_refusal", "candidates_replace_from_ods"]


def candidates_replace_from_ods(
    *, session: Session, by: User | None, uploaded_file: UploadedFile, now: dt.datetime | None = None
) -> list[Candidate]:
    """The session's new candidates, or CandidateListError listing every problem (nothing changed)."""
    now = now or timezone.now()
    _refuse(candidates_import_refusal(session))  # before reading: no need to list a refused file's errors
    rows = parse_candidate_list(uploaded_file, centre_type=session.centre.type, has_roster=centre_has_roster(session.centre))
    errors = _row_errors(session, rows)
    if errors:
        raise CandidateListError(errors)
    with transaction.atomic():
        session = session_locked(session.pk)
        _refuse(candidates_import_refusal(session))
        places = resolve_birthplaces([row.data.birthplace_query() for row in rows])
        candidates = [_candidate(session, row.data, place) for row, place in zip(rows, places, strict=True)]
        deleted, _by_model = Candidate.objects.filter(session=session).delete()
        created = Candidate.objects.bulk_create(candidates)
        session_event_record(
            session=session, kind="candidates.imported", by=by, now=now, count=len(created), replaced=deleted
        )
    return created


def candidates_import_refusal(session: Session) -> str | None:
    """Why the session's list cannot be replaced now, or None (the page says it before any upload)."""
    if centre_has_roster(session.centre):
        return sco_refusal()
    if not session.accepts_candidates():
        return _("La session est finalisée : il n'est plus possible d'importer la liste des candidats.")
    if Candidate.objects.filter(session=session, user__isnull=False).exists():
        return _("Impossible d'importer la liste : un candidat a déjà rejoint la session.")
    if session.has_started():
        return _("Impossible d'importer la liste : la session a déjà commencé.")
    return None


def _refuse(refusal: str | None) -> None:
    if refusal is not None:
        raise CandidateListError([refusal])


def _row_errors(session: Session, rows: list[CandidateRow]) -> list[str]:
    columns = columns_for(session.centre.type)  # the rows were read: never a school with a roster
    # The import replaces the list: a row matching a current candidate is that candidate again,
    # not a duplicate, so the current candidates are left out of the duplicate check.
    current = set(Candidate.objects.filter(session=session).values_list("pk", flat=True))
    checks = candidates_data_errors(session=session, rows=[row.data for row in rows], exclude_candidate_ids=current)
    first_line: dict[str, int] = {}
    errors: list[str] = []
    for index, row in enumerate(rows):
        found = list(row.errors)
        data = row.data
        key = identity_key(data.first_name, data.last_name, data.birthdate) if data.birthdate else None
        checked = checks[index]
        # A cell the file layer could not read is reported once, with the reason it knows best.
        found += [(field, message) for field, message in checked if field not in {f for f, _m in row.errors}]
        if key and data.first_name.strip() and data.last_name.strip():
            if key in first_line:
                found.append(
                    (
                        "last_name",
                        _("Ce candidat est déjà dans la liste, à la ligne %(line)s : vous ne pouvez pas l'ajouter à nouveau.")
                        % {"line": first_line[key]},
                    )
                )
            else:
                first_line[key] = row.line
        errors += [
            _("Ligne %(line)s, « %(header)s » : %(message)s")
            % {"line": row.line, "header": header_of(columns, field), "message": message}
            for field, message in found
        ]
    return errors


def _candidate(session: Session, data: CandidateData, birthplace: Birthplace | BirthplaceError) -> Candidate:
    """An unsaved Candidate from a checked row, its birthplace spelt as the reference data has it."""
    assert data.birthdate is not None
    first_name, last_name = " ".join(data.first_name.split()), " ".join(data.last_name.split())
    if isinstance(birthplace, BirthplaceError):  # the rows were checked just before: only a concurrent reload
        raise CandidateListError([birthplace.message])
    return Candidate(
        session=session,
        first_name=first_name,
        last_name=last_name,
        sex=data.sex,
        birthdate=data.birthdate,
        external_id=data.external_id,
        extra_time_percentage=data.extra_time_percentage,
        birth_country=birthplace.country,
        birth_insee_code=birthplace.insee_code,
        birth_postal_code=birthplace.postal_code,
        birth_city=birthplace.city,
        result_recipient_email=data.result_recipient_email,
        convocation_email=data.convocation_email,
        billing_mode=data.billing_mode,
        prepayment_code=data.prepayment_code,
        identity_key=identity_key(first_name, last_name, data.birthdate),
    )
