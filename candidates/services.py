"""Every write about candidates (DOMAIN.md §3); each one leaves a SessionEvent.

API
---
``CandidateData``
    The typed input of one candidate, as a form or an import row gives it (strings stripped or not:
    the services strip them). SCO centres set ``student_id``; ``CandidateData.from_student`` builds
    it from the roster (names, sex, birthdate and birthplace of the Student row).
``candidate_data_errors(*, session, data, exclude_candidate_id=None) -> list[(field, message)]``
    Every business rule on one candidate, all errors at once, each naming a ``CandidateData``
    field (``student_id`` for roster problems) with a French message. Reads only; does not look at
    the session's status (the write services do). ``exclude_candidate_id`` is the candidate being
    edited, left out of the duplicate check.
``candidates_data_errors(*, session, rows, exclude_candidate_ids=()) -> {row index: [(field, message)]}``
    The same rules on many candidates (an import), in a fixed number of queries: the session's
    candidates, the students and the birthplaces are each read once for the whole batch. Each row
    is checked against the session, not against the other rows: imports check duplicates between
    their own rows with ``identity_key``.
``candidate_create(*, session, by, data, now=None) -> Candidate``  → ``candidate.enrolled``
``candidate_update(*, candidate, by, data, now=None) -> Candidate``  → ``candidate.updated``
``candidate_delete(*, candidate, by, now=None) -> None``  → ``candidate.deleted``
``candidates_enrol_students(*, session, by, student_ids, now=None) -> list[Candidate]``
    SCO: several roster students at once, all or nothing; one ``candidate.enrolled`` per student.
``candidate_join(*, session, user, first_name, last_name, birthdate, now=None) -> Candidate``
    On exam day: the candidate with this identity (normalised names, exact birthdate) linked to the
    user's account → ``candidate.joined``; idempotent for the same account.
``candidate_confirm_presence(*, candidate, by, now=None) -> Candidate``  → ``candidate.presence_confirmed``
    The supervisor saw the candidate: ``authorized_to_start_until`` = now + 15 minutes; refused once
    the session's access is closed.
``candidate_cancel_presence(*, candidate, by, now=None) -> Candidate``  → ``candidate.presence_cancelled``

Every write locks the session row first (two clicks or an import at the same time are serialised),
is refused once the session is finalised, and raises ``CandidateError`` (``field`` + ``message``;
``errors`` holds every (field, message) when there are several).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.birthplace import Birthplace, BirthplaceError, BirthplaceQuery, resolve_birthplaces
from candidates.models import FRANCE_INSEE_CODE, BillingMode, BirthCountry, Candidate
from centres.models import CentreType, Sex, Student
from centres.selectors import centre_has_roster
from pixcertif.lib import insee
from pixcertif.lib.errors import ServiceError
from pixcertif.lib.text import normalize_name
from sessions_app.lifecycle import session_locked
from sessions_app.models import Session
from sessions_app.services import session_event_record

OLDEST_BIRTHDATE = dt.date(1900, 1, 1)
NAME_MAX_LENGTH = 255
PREPAYMENT_CODE_MAX_LENGTH = 40


class CandidateError(ServiceError):
    def __init__(
        self, message: str, *, field: str | None = None, errors: list[tuple[str, str]] | None = None
    ) -> None:
        super().__init__(message, field=field)
        self.errors = errors or [(field or "", message)]


@dataclass(frozen=True)
class CandidateData:
    first_name: str
    last_name: str
    sex: str
    birthdate: dt.date | None
    external_id: str = ""
    extra_time_percentage: int | None = None
    birth_country: str = ""
    birth_insee_code: str = ""
    birth_postal_code: str = ""
    birth_city: str = ""
    result_recipient_email: str = ""
    convocation_email: str = ""
    billing_mode: str = ""
    prepayment_code: str = ""
    student_id: int | None = None

    @classmethod
    def from_student(cls, student: Student, *, country_name: str = "", **extra: object) -> CandidateData:
        """A roster student as a candidate: the roster's identity and birthplace, taken as is."""
        country = insee.country_code(student.birth_country_code)
        abroad = bool(country) and country != FRANCE_INSEE_CODE
        insee_code = student.birth_insee_code
        if abroad and not insee_code:
            insee_code = country
        return cls(
            first_name=student.first_name,
            last_name=student.last_name,
            sex=student.sex,
            birthdate=student.birthdate,
            birth_country=country_name or ("" if abroad else "FRANCE"),
            birth_insee_code=insee_code,
            birth_city=student.birth_city,
            student_id=student.pk,
            **extra,  # type: ignore[arg-type]
        )

    def birthplace_query(self) -> BirthplaceQuery:
        return BirthplaceQuery(self.birth_country, self.birth_insee_code, self.birth_postal_code, self.birth_city)


def identity_key(first_name: str, last_name: str, birthdate: dt.date) -> str:
    return f"{normalize_name(first_name)}|{normalize_name(last_name)}|{birthdate.isoformat()}"


def student_country_names(students: Iterable[Student]) -> dict[str, str]:
    """INSEE country code (``99100``…) → country name, for the students' birthplaces, in one query."""
    codes = {insee.country_code(s.birth_country_code) for s in students if s.birth_country_code}
    return {c.insee_code: c.name for c in BirthCountry.objects.filter(insee_code__in=codes)}


def _student_data(student: Student, countries: dict[str, str], **extra: object) -> CandidateData:
    return CandidateData.from_student(
        student, country_name=countries.get(insee.country_code(student.birth_country_code), ""), **extra
    )


@dataclass
class _Lookups:
    """What the checks read from the database, fetched once for a batch of candidates."""

    students: dict[int, Student]
    identity_keys: dict[str, int]  # identity key → candidate id, in the session
    enrolled_students: dict[int, int]  # student id → candidate id, in the session

    @classmethod
    def load(cls, session: Session, student_ids: Iterable[int | None]) -> _Lookups:
        ids = {i for i in student_ids if i is not None}
        rows = Candidate.objects.filter(session=session).values_list("pk", "identity_key", "student_id")
        keys, enrolled = {}, {}
        for pk, key, student_id in rows:
            keys[key] = pk
            if student_id is not None:
                enrolled[student_id] = pk
        students = Student.objects.in_bulk(ids) if ids else {}
        return cls(students=students, identity_keys=keys, enrolled_students=enrolled)


def _clean(data: CandidateData) -> CandidateData:
    text: dict[str, object] = {
        f.name: " ".join(getattr(data, f.name).split()) for f in dataclasses.fields(data) if f.type == "str"
    }
    return dataclasses.replace(data, **text)  # type: ignore[arg-type]


def _check_all(
    session: Session, rows: Sequence[CandidateData], exclude_candidate_ids: Collection[int] = ()
) -> list[tuple[CandidateData, list[tuple[str, str]], Birthplace | None]]:
    """Each row cleaned, its errors and its resolved birthplace; the database is read once for all."""
    cleaned = [_clean(data) for data in rows]
    lookups = _Lookups.load(session, [data.student_id for data in cleaned])
    # A school with a roster enrols its students (their birthplace is the roster's); one without lists
    # its candidates like SUP and PRO centres, without billing (issue 14).
    roster = centre_has_roster(session.centre)
    places: Sequence[Birthplace | BirthplaceError | None] = (
        [None] * len(cleaned) if roster else resolve_birthplaces([data.birthplace_query() for data in cleaned])
    )
    return [
        (data, *_check(session, data, lookups, exclude_candidate_ids, place, roster=roster))
        for data, place in zip(cleaned, places, strict=True)
    ]


def _check(
    session: Session,
    data: CandidateData,
    lookups: _Lookups,
    exclude_candidate_ids: Collection[int] = (),
    place: Birthplace | BirthplaceError | None = None,
    *,
    roster: bool,
) -> tuple[list[tuple[str, str]], Birthplace | None]:
    """Every rule of DOMAIN.md §3 on one (cleaned) candidate, and its birthplace.

    ``place`` is the birthplace as `resolve_birthplaces` checked it (SUP/PRO); a school's roster
    birthplace is taken as is.
    """
    errors: list[tuple[str, str]] = []
    is_sco = session.centre.type == CentreType.SCO
    if not data.last_name:
        errors.append(("last_name", _("Veuillez indiquer un nom de naissance.")))
    elif len(data.last_name) > NAME_MAX_LENGTH:
        errors.append(("last_name", _("Le nom de naissance ne doit pas dépasser 255 caractères.")))
    if not data.first_name:
        errors.append(("first_name", _("Veuillez indiquer un prénom.")))
    elif len(data.first_name) > NAME_MAX_LENGTH:
        errors.append(("first_name", _("Le prénom ne doit pas dépasser 255 caractères.")))
    if not data.sex:
        errors.append(("sex", _("Veuillez indiquer le sexe du candidat (M ou F).")))
    elif data.sex not in Sex.values:
        errors.append(("sex", _("Le sexe doit être M ou F.")))
    if data.birthdate is None:
        errors.append(("birthdate", _("Veuillez indiquer une date de naissance.")))
    elif data.birthdate <= OLDEST_BIRTHDATE:
        errors.append(("birthdate", _("La date de naissance doit être postérieure au 01/01/1900.")))
    elif data.birthdate > timezone.localdate():
        errors.append(("birthdate", _("La date de naissance ne peut pas être dans le futur.")))
    if len(data.external_id) > NAME_MAX_LENGTH:
        errors.append(("external_id", _("L'identifiant local ne doit pas dépasser 255 caractères.")))
    extra = data.extra_time_percentage
    if extra is not None and (isinstance(extra, bool) or not isinstance(extra, int) or not 1 <= extra <= 99):
        errors.append(("extra_time_percentage", _("Le temps majoré doit être un nombre entier entre 1 et 99 %.")))
    for name, label in (
        ("result_recipient_email", _("L'e-mail du destinataire des résultats n'est pas valide.")),
        ("convocation_email", _("L'e-mail de convocation n'est pas valide.")),
    ):
        if getattr(data, name):
            try:
                validate_email(getattr(data, name))
            except ValidationError:
                errors.append((name, label))
    errors += _billing_errors(is_sco, data)

    birthplace: Birthplace | None = None
    if roster:
        errors += _student_errors(session, data, lookups, exclude_candidate_ids)
        # The roster's birthplace is the school's official record: taken as is, not re-checked.
        birthplace = Birthplace(data.birth_country, data.birth_insee_code, data.birth_postal_code, data.birth_city)
    else:
        if data.student_id is not None:
            errors.append(("student_id", _("Seul un établissement scolaire inscrit des élèves de sa liste.")))
        if isinstance(place, BirthplaceError):
            errors.append((place.field or "birth_insee_code", place.message))
        else:
            assert place is not None, "resolve the birthplaces of SUP/PRO candidates first"
            birthplace = place

    # An enrolled student is already reported by name; saying « déjà dans la liste » again adds nothing.
    student_refused = any(field == "student_id" for field, _message in errors)
    if data.first_name and data.last_name and data.birthdate is not None and not student_refused:
        other = lookups.identity_keys.get(identity_key(data.first_name, data.last_name, data.birthdate))
        if other is not None and other not in exclude_candidate_ids:
            errors.append(
                ("last_name", _("Ce candidat est déjà dans la liste, vous ne pouvez pas l'ajouter à nouveau."))
            )
    return errors, birthplace


def _billing_errors(is_sco: bool, data: CandidateData) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if is_sco:
        if data.billing_mode:
            errors.append(("billing_mode", _("La tarification part Pix ne concerne pas les établissements scolaires.")))
    elif not data.billing_mode:
        errors.append(("billing_mode", _("Veuillez indiquer la tarification part Pix (Gratuite, Payante ou Prépayée).")))
    elif data.billing_mode not in BillingMode.values:
        errors.append(("billing_mode", _("La tarification part Pix doit être Gratuite, Payante ou Prépayée.")))
    if data.billing_mode == BillingMode.PREPAID and not data.prepayment_code:
        errors.append(("prepayment_code", _("Veuillez indiquer le code de prépaiement.")))
    elif data.billing_mode != BillingMode.PREPAID and data.prepayment_code:
        errors.append(
            ("prepayment_code", _("Le code de prépaiement n'est possible qu'avec la tarification « Prépayée ».")))
    elif len(data.prepayment_code) > PREPAYMENT_CODE_MAX_LENGTH:
        errors.append(("prepayment_code", _("Le code de prépaiement ne doit pas dépasser 40 caractères.")))
    return errors


def _student_errors(
    session: Session, data: CandidateData, lookups: _Lookups, exclude_candidate_ids: Collection[int]
) -> list[tuple[str, str]]:
    """SCO centres certify only their own current students (DOMAIN.md §1)."""
    if data.student_id is None:
        return [("student_id", _("Un établissement scolaire n'inscrit que ses élèves : choisissez un élève de la liste."))]
    student = lookups.students.get(data.student_id)
    if student is None or student.centre_id != session.centre_id:
        return [("student_id", _("Cet élève n'appartient pas à votre établissement."))]
    name = f"{student.first_name} {student.last_name}"
    if not student.is_active:
        return [("student_id", _("%(name)s ne fait plus partie de votre établissement.") % {"name": name})]
    other = lookups.enrolled_students.get(student.pk)
    if other is not None and other not in exclude_candidate_ids:
        return [("student_id", _("%(name)s est déjà inscrit(e) à cette session.") % {"name": name})]
    return []


def candidate_data_errors(
    *, session: Session, data: CandidateData, exclude_candidate_id: int | None = None
) -> list[tuple[str, str]]:
    excluded = () if exclude_candidate_id is None else (exclude_candidate_id,)
    return candidates_data_errors(session=session, rows=[data], exclude_candidate_ids=excluded)[0]


def candidates_data_errors(
    *, session: Session, rows: Sequence[CandidateData], exclude_candidate_ids: Collection[int] = ()
) -> dict[int, list[tuple[str, str]]]:
    """Each row's errors by its index (an empty list for a right one); see the module's docstring."""
    return {index: errors for index, (_data, errors, _place) in enumerate(_check_all(session, rows, exclude_candidate_ids))}


def _lock(session: Session, message: str) -> Session:
    session = session_locked(session.pk)
    if not session.accepts_candidates():
        raise CandidateError(message)
    return session


def _raise_first(errors: list[tuple[str, str]]) -> None:
    if errors:
        field, message = errors[0]
        raise CandidateError(message, field=field, errors=errors)


def _fields(data: CandidateData, birthplace: Birthplace | None) -> dict[str, object]:
    assert data.birthdate is not None and birthplace is not None
    return {
        "first_name": data.first_name,
        "last_name": data.last_name,
        "sex": data.sex,
        "birthdate": data.birthdate,
        "external_id": data.external_id,
        "extra_time_percentage": data.extra_time_percentage,
        "birth_country": birthplace.country,
        "birth_insee_code": birthplace.insee_code,
        "birth_postal_code": birthplace.postal_code,
        "birth_city": birthplace.city,
        "result_recipient_email": data.result_recipient_email,
        "convocation_email": data.convocation_email,
        "billing_mode": data.billing_mode,
        "prepayment_code": data.prepayment_code,
        "student_id": data.student_id,
        "identity_key": identity_key(data.first_name, data.last_name, data.birthdate),
    }


def _create(session: Session, by: User | None, data: CandidateData, birthplace: Birthplace | None, now: dt.datetime) -> Candidate:
    candidate = Candidate.objects.create(session=session, **_fields(data, birthplace))
    session_event_record(
        session=session,
        kind="candidate.enrolled",
        by=by,
        now=now,
        candidate=candidate.pk,
        name=f"{candidate.first_name} {candidate.last_name}",
        **({"student": data.student_id} if data.student_id is not None else {}),
    )
    return candidate


def candidate_create(*, session: Session, by: User | None, data: CandidateData, now: dt.datetime | None = None) -> Candidate:
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock(session, _("La session est finalisée : il n'est plus possible d'inscrire des candidats."))
        ((data, errors, birthplace),) = _check_all(session, [data])
        _raise_first(errors)
        return _create(session, by, data, birthplace, now)


# Once a candidate has joined, their identity is the one they logged in with: only these may change.
CHANGEABLE_AFTER_JOINING = ("extra_time_percentage", "result_recipient_email", "convocation_email", "external_id")


def candidate_update(
    *, candidate: Candidate, by: User | None, data: CandidateData, now: dt.datetime | None = None
) -> Candidate:
    now = now or timezone.now()
    data = _clean(data)
    with transaction.atomic():
        session = _lock(candidate.session, _("La session est finalisée : les candidats ne peuvent plus être modifiés."))
        try:
            candidate = Candidate.objects.select_for_update().get(pk=candidate.pk, session=session)
        except Candidate.DoesNotExist:
            raise CandidateError(_("Ce candidat a été supprimé de la session.")) from None
        if candidate.student_id != data.student_id:
            raise CandidateError(_("Un candidat inscrit depuis la liste des élèves reste lié à son élève."), field="student_id")
        ((data, errors, birthplace),) = _check_all(session, [data], exclude_candidate_ids=(candidate.pk,))
        _raise_first(errors)
        new = _fields(data, birthplace)
        changed = {name: value for name, value in new.items() if getattr(candidate, name) != value}
        if candidate.has_joined():
            locked = [name for name in changed if name not in CHANGEABLE_AFTER_JOINING and name != "identity_key"]
            if locked:
                raise CandidateError(
                    _("Ce candidat a déjà rejoint la session : seuls le temps majoré, l'identifiant local et les e-mails peuvent encore être modifiés."),
                    field=locked[0],
                )
        if not changed:
            return candidate
        before = {name: str(getattr(candidate, name)) for name in changed if name != "identity_key"}
        for name, value in changed.items():
            setattr(candidate, name, value)
        candidate.save(update_fields=list(changed))
        session_event_record(
            session=session,
            kind="candidate.updated",
            by=by,
            now=now,
            candidate=candidate.pk,
            name=f"{candidate.first_name} {candidate.last_name}",
            changes={name: [old, str(new[name])] for name, old in before.items()},
        )
    return candidate


def candidate_delete(*, candidate: Candidate, by: User | None, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock(
            candidate.session, _("La session est finalisée : la liste des candidats ne peut plus être modifiée.")
        )
        try:
            candidate = Candidate.objects.select_for_update().get(pk=candidate.pk, session=session)
        except Candidate.DoesNotExist:
            raise CandidateError(_("Ce candidat a déjà été supprimé.")) from None
        if candidate.has_joined():
            raise CandidateError(_("Ce candidat a déjà rejoint la session : il ne peut plus être supprimé."))
        session_event_record(
            session=session,
            kind="candidate.deleted",
            by=by,
            now=now,
            candidate=candidate.pk,
            name=f"{candidate.first_name} {candidate.last_name}",
            birthdate=str(candidate.birthdate),
        )
        candidate.delete()


def candidates_enrol_students(
    *, session: Session, by: User | None, student_ids: Iterable[int], now: dt.datetime | None = None
) -> list[Candidate]:
    """Enrol roster students (SCO), all or nothing: one refused student refuses the whole batch."""
    now = now or timezone.now()
    ids = list(dict.fromkeys(student_ids))  # a repeated id is one checkbox sent twice, not two students
    with transaction.atomic():
        session = _lock(session, _("La session est finalisée : il n'est plus possible d'inscrire des candidats."))
        if not session.centre.is_sco:
            raise CandidateError(_("Seul un établissement scolaire inscrit des élèves de sa liste."))
        if not ids:
            raise CandidateError(_("Cochez au moins un élève à inscrire."))
        lookups = _Lookups.load(session, ids)
        countries = student_country_names(lookups.students.values())
        errors: list[tuple[str, str]] = []
        checked: list[tuple[CandidateData, Birthplace | None]] = []
        for student_id in ids:
            student = lookups.students.get(student_id)
            if student is None or student.centre_id != session.centre_id:
                errors.append(("student_id", _("Cet élève n'appartient pas à votre établissement.")))
                continue
            data = _clean(_student_data(student, countries))
            found, birthplace = _check(session, data, lookups, roster=True)  # enrolled from the roster
            name = f"{student.first_name} {student.last_name}"
            errors += [
                (field, message if field == "student_id" else f"{name} : {message}") for field, message in found
            ]
            if not found:
                checked.append((data, birthplace))
                # Two students with the same identity in one batch: the second is a duplicate too.
                assert data.birthdate is not None
                lookups.identity_keys[identity_key(data.first_name, data.last_name, data.birthdate)] = 0
        if errors:
            message = " ".join(dict.fromkeys(m for _f, m in errors))
            raise CandidateError(message, field="student_id", errors=errors)
        return [_create(session, by, data, birthplace, now) for data, birthplace in checked]


def _msg_join_closed() -> str:
    return _("La session est finalisée : il n'est plus possible de la rejoindre.")


def candidate_join(
    *,
    session: Session,
    user: User,
    first_name: str,
    last_name: str,
    birthdate: dt.date,
    now: dt.datetime | None = None,
) -> Candidate:
    """The candidate of ``session`` with this identity, linked to ``user`` (DOMAIN.md §4) → ``candidate.joined``.

    Matching is on the normalised first and birth names and the exact birthdate. Joining again with
    the same account returns the candidate unchanged (a resume re-enters the same information).
    An SCO candidate's account is thereby reconciled with the enrolled student (``candidate.student``).
    """
    with transaction.atomic():
        session = _lock(session, _msg_join_closed())
        candidate, _linked_now = candidate_link(
            session=session, user=user, first_name=first_name, last_name=last_name, birthdate=birthdate, now=now
        )
    return candidate


def candidate_link(
    *,
    session: Session,
    user: User,
    first_name: str,
    last_name: str,
    birthdate: dt.date,
    now: dt.datetime | None = None,
) -> tuple[Candidate, bool]:
    """``candidate_join`` for a caller that already holds the session's row lock in its transaction.

    Returns the candidate and whether it was linked to ``user`` now (False: it already was, a resume).
    The join of a candidate at 9:00 (certification.services.course_join) locks the session once for the
    whole join, the identity and the start of the test; the candidate's row is locked here, read in the
    same query as the account's own candidate of the session, if any.
    """
    now = now or timezone.now()
    if not session.accepts_candidates():
        raise CandidateError(_msg_join_closed())
    key = identity_key(first_name, last_name, birthdate)
    rows = list(Candidate.objects.select_for_update().filter(Q(identity_key=key) | Q(user=user), session=session))
    candidate = next((c for c in rows if c.identity_key == key), None)
    if candidate is None:
        raise CandidateError(_("Les informations saisies ne correspondent à aucun candidat inscrit à la session."))
    candidate.session = session
    if candidate.user_id == user.pk:
        return candidate, False
    if candidate.user_id is not None:
        raise CandidateError(_("Ce candidat a déjà rejoint la session avec un autre compte."))
    if any(c.user_id == user.pk for c in rows):
        raise CandidateError(_("Votre compte a déjà rejoint cette session sous l'identité d'un autre candidat."))
    candidate.user, candidate.joined_at = user, now
    candidate.save(update_fields=["user", "joined_at"])
    session_event_record(
        session=session,
        kind="candidate.joined",
        by=user,
        now=now,
        candidate=candidate.pk,
        name=f"{candidate.first_name} {candidate.last_name}",
    )
    return candidate, True


# Presence (DOMAIN.md §4): the supervisor's tick lasts 15 minutes and is consumed by the access code.
PRESENCE_VALIDITY = dt.timedelta(minutes=15)


def _lock_for_presence(candidate: Candidate) -> tuple[Session, Candidate]:
    session = session_locked(candidate.session_id)
    if not session.accepts_candidates():
        raise CandidateError(_("La session est finalisée : les présences ne peuvent plus être modifiées."))
    try:
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk, session=session)
    except Candidate.DoesNotExist:
        raise CandidateError(_("Ce candidat a été supprimé de la session.")) from None
    return session, candidate


def candidate_confirm_presence(*, candidate: Candidate, by: User | None, now: dt.datetime | None = None) -> Candidate:
    """The supervisor saw the candidate in the room → ``candidate.presence_confirmed``.

    The candidate may enter the access code within 15 minutes; confirming again restarts the 15 minutes.
    Refused once admissions are closed (FAQ: no late-comer once the test has started for the room).
    """
    now = now or timezone.now()
    with transaction.atomic():
        session, candidate = _lock_for_presence(candidate)
        if session.admissions_closed_at is not None:
            raise CandidateError(
                _("L'accès à la session est fermé : aucune nouvelle présence ne peut être confirmée.")
            )
        candidate.authorized_to_start_until = now + PRESENCE_VALIDITY
        candidate.save(update_fields=["authorized_to_start_until"])
        session_event_record(
            session=session,
            kind="candidate.presence_confirmed",
            by=by,
            now=now,
            candidate=candidate.pk,
            name=f"{candidate.first_name} {candidate.last_name}",
        )
    return candidate


def candidate_cancel_presence(*, candidate: Candidate, by: User | None, now: dt.datetime | None = None) -> Candidate:
    """Withdraw an unused presence confirmation → ``candidate.presence_cancelled``; idempotent."""
    now = now or timezone.now()
    with transaction.atomic():
        session, candidate = _lock_for_presence(candidate)
        if candidate.authorized_to_start_until is None:
            return candidate
        candidate.authorized_to_start_until = None
        candidate.save(update_fields=["authorized_to_start_until"])
        session_event_record(
            session=session,
            kind="candidate.presence_cancelled",
            by=by,
            now=now,
            candidate=candidate.pk,
            name=f"{candidate.first_name} {candidate.last_name}",
        )
    return candidate
