"""Every write about placement profiles."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from centres.models import CertificationCentre, Student
from centres.services import centre_event_record
from pixcertif.lib.errors import ServiceError
from referential.imports.profile_collection import parse_profile_collection
from referential.matching import UnmatchedRow, match_rows
from referential.models import Competence, PlacementProfile, ProfileCompetence, ProfileSource

PROFILES_IMPORTED = "profiles.imported"


class ReferentialError(ServiceError):
    pass


@dataclass(frozen=True)
class ProfileImportResult:
    imported: int
    skipped: int
    unmatched: list[UnmatchedRow] = field(default_factory=list)
    event_id: int | None = None


def profile_collection_import(
    *, centre: CertificationCentre, by: User | None, uploaded_file: UploadedFile, now: dt.datetime | None = None
) -> ProfileImportResult:
    """Give each matched student a new profile from a profile-collection export (DOMAIN.md §1).

    A file with any error is refused whole. Rows not shared (« Envoi (O/N) » = Non) are skipped; rows
    matching no student, or several, are returned, never guessed, the rows not shared among them. Older profiles are kept: the
    latest ``assessed_at`` wins.
    """
    now = now or timezone.now()
    if not centre.is_sco:
        raise ReferentialError(_("Seuls les établissements scolaires importent une collecte de profils."))
    rows, with_division = parse_profile_collection(uploaded_file, now=now)
    sent = [row for row in rows if row.sent]
    competences = {c.code: c for c in Competence.objects.all()}
    with transaction.atomic():
        # Read the roster under the centre's lock: a roster import running at once waits for us.
        CertificationCentre.objects.select_for_update().get(pk=centre.pk)
        students = Student.objects.filter(centre=centre).only(
            "pk", "ine", "first_name", "second_name", "third_name", "last_name", "usage_name", "division", "is_active"
        )
        matched, unmatched = match_rows(rows, students, with_division=with_division)
        profiles = PlacementProfile.objects.bulk_create(
            [
                PlacementProfile(
                    student=student, assessed_at=row.sent_at or now, source=ProfileSource.PROFILE_COLLECTION
                )
                for row, student in matched
            ],
            batch_size=500,
        )
        ProfileCompetence.objects.bulk_create(
            [
                ProfileCompetence(profile=profile, competence=competences[code], level=level, pix=pix)
                for profile, (row, _student) in zip(profiles, matched, strict=True)
                for code, (level, pix) in row.levels.items()
            ],
            batch_size=1000,
        )
        event = centre_event_record(
            centre=centre,
            kind=PROFILES_IMPORTED,
            by=by,
            now=now,
            file=uploaded_file.name or "",
            imported=len(profiles),
            skipped=len(rows) - len(sent),
            unmatched=[asdict(row) for row in unmatched],
        )
    return ProfileImportResult(
        imported=len(profiles), skipped=len(rows) - len(sent), unmatched=unmatched, event_id=event.pk
    )
