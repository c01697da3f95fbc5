"""The profile-collection import (DOMAIN.md §1) on CSV files the tests build, as Pix Orga exports them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from centres.models import CentreEvent, CertificationCentre
from referential.imports.profile_collection import ProfileImportError
from referential.models import PlacementProfile, ProfileCompetence, ProfileSource
from referential.selectors import certifiability_by_student, latest_profile_for_student
from referential.services import ReferentialError, profile_collection_import
from tests.accounts.factories import UserFactory
from tests.centres.factories import CentreFactory, ScoCentreFactory, StudentFactory
from tests.referential.factories import (
    LEVEL_HEADERS,
    PIX_HEADERS,
    SENT_AT,
    SENT_ON,
    PlacementProfileFactory,
    not_sent_row,
    profile_csv,
    profile_csv_headers,
    profile_csv_row,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2021, 2, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def school() -> CertificationCentre:
    return ScoCentreFactory(name="Lycée Victor Hugo")


def _upload(data: bytes, name: str = "collecte.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def _import(school: CertificationCentre, data: bytes, **kwargs: object):  # type: ignore[no-untyped-def]
    return profile_collection_import(centre=school, by=None, uploaded_file=_upload(data), now=NOW, **kwargs)


def _errors(school: CertificationCentre, data: bytes) -> list[str]:
    with pytest.raises(ProfileImportError) as caught:
        _import(school, data)
    return caught.value.errors


def test_it_matches_participants_by_ine_and_gives_them_a_profile(school: CertificationCentre) -> None:
    zoe = StudentFactory(centre=school, ine="123456789AB", last_name="MARTIN", first_name="Zoé", division="2NDE1")
    leo = StudentFactory(centre=school, ine="123456789CD", last_name="ARNAUD", first_name="Léo", division="2NDE3")
    data = profile_csv(
        [
            # The INE wins over names and class, which may be typed any way.
            profile_csv_row("Martin-Durand", "Zoe", INE="123456789ab", Classe="2nde 1"),
            profile_csv_row("ARNAUD", "Léo", INE="123456789CD", levels=[1, 1, 1, 1]),
        ]
    )
    result = _import(school, data)
    assert (result.imported, result.skipped, result.unmatched) == (2, 0, [])
    profile = latest_profile_for_student(zoe)
    assert profile is not None
    assert profile.source == ProfileSource.PROFILE_COLLECTION
    assert timezone.localtime(profile.assessed_at).replace(tzinfo=None) == dt.datetime(2021, 1, 6, 14, 30)
    levels = {c.competence.code: (c.level, c.pix) for c in profile.competences.all()}
    assert len(levels) == 16
    assert levels["1.1"] == (2, 19)
    assert levels["5.2"] == (0, 0)
    assert certifiability_by_student([zoe.pk, leo.pk]) == {zoe.pk: True, leo.pk: False}


def test_it_matches_by_names_and_class_whatever_the_accents_and_case(school: CertificationCentre) -> None:
    eloise = StudentFactory(centre=school, last_name="LE BRETON", first_name="Éloïse", division="2NDE4")
    StudentFactory(centre=school, last_name="LE BRETON", first_name="Éloïse", division="1G2")  # another class
    usage = StudentFactory(centre=school, last_name="DUPONT", usage_name="Müller", first_name="Anaïs", division="2NDE4")
    data = profile_csv(
        [profile_csv_row("le breton", "ELOISE", Classe="2nde4"), profile_csv_row("MULLER", "anais", Classe="2NDE4")],
        headers=profile_csv_headers(ine=None),
    )
    result = _import(school, data)
    assert (result.imported, result.unmatched) == (2, [])
    assert set(PlacementProfile.objects.values_list("student_id", flat=True)) == {eloise.pk, usage.pk}


def test_it_matches_an_empty_ine_cell_by_names(school: CertificationCentre) -> None:
    student = StudentFactory(centre=school, last_name="PETIT", first_name="Jules", division="2NDE1")
    result = _import(school, profile_csv([profile_csv_row("Petit", "Jules", INE="")]))
    assert result.imported == 1
    assert PlacementProfile.objects.get().student == student


def test_it_lists_unmatched_and_ambiguous_participants_and_never_guesses(school: CertificationCentre) -> None:
    StudentFactory(centre=school, last_name="MARTIN", first_name="Léa", division="2NDE1")
    StudentFactory(centre=school, last_name="MARTIN", first_name="Léa", division="2NDE1")
    StudentFactory(centre=school, last_name="BLANC", first_name="Tom", division="2NDE1", is_active=False)
    StudentFactory(centre=CentreFactory(), ine="999999999ZZ", last_name="ROUX", first_name="Max")
    data = profile_csv(
        [
            profile_csv_row("Martin", "Léa", INE=""),
            profile_csv_row("Inconnu", "Paul", INE=""),
            profile_csv_row("Roux", "Max", INE="999999999ZZ"),
            profile_csv_row("Blanc", "Tom", INE=""),
        ]
    )
    result = _import(school, data)
    assert result.imported == 0
    assert [(r.line, r.last_name, r.first_name, r.division) for r in result.unmatched] == [
        (2, "Martin", "Léa", "2NDE1"),
        (3, "Inconnu", "Paul", "2NDE1"),
        (4, "Roux", "Max", "2NDE1"),
        (5, "Blanc", "Tom", "2NDE1"),
    ]
    reasons = [r.reason for r in result.unmatched]
    assert reasons[0] == "Plusieurs élèves portent ces nom et prénom : indiquez leur INE dans la campagne."
    assert reasons[1] == "Aucun élève de cette classe ne porte ces nom et prénom."
    assert reasons[2] == "Aucun élève de l'établissement n'a cet INE."
    assert reasons[3] == "Aucun élève de cette classe ne porte ces nom et prénom."
    assert not PlacementProfile.objects.exists()


def test_it_matches_by_names_alone_without_a_class_column(school: CertificationCentre) -> None:
    student = StudentFactory(centre=school, last_name="GARNIER", first_name="Inès", division="TG1")
    result = _import(
        school,
        profile_csv(
            [profile_csv_row("Garnier", "Inès"), profile_csv_row("Nobody", "Jo")],
            headers=profile_csv_headers(division=False, ine=None),
        ),
    )
    assert result.imported == 1
    assert PlacementProfile.objects.get().student == student
    assert [r.reason for r in result.unmatched] == ["Aucun élève ne porte ces nom et prénom."]


def test_it_lists_a_second_row_for_the_same_student(school: CertificationCentre) -> None:
    StudentFactory(centre=school, ine="123456789AB", last_name="MOREAU", first_name="Lina", division="2NDE1")
    data = profile_csv(
        [profile_csv_row("Moreau", "Lina", INE="123456789AB"), profile_csv_row("Moreau", "Lina", INE="")]
    )
    result = _import(school, data)
    assert result.imported == 1
    assert [(r.line, r.reason) for r in result.unmatched] == [(3, "Cet élève correspond déjà à la ligne 2 du fichier.")]


def test_it_refuses_the_same_ine_twice(school: CertificationCentre) -> None:
    data = profile_csv([profile_csv_row("A", "B", INE="123456789AB"), profile_csv_row("A", "B", INE="123456789AB")])
    assert _errors(school, data) == ["Ligne 3, « INE » : l'INE « 123456789AB » figure déjà ligne 2."]


def test_it_skips_the_participants_who_did_not_share_their_profile(school: CertificationCentre) -> None:
    student = StudentFactory(centre=school, ine="123456789AB")
    data = profile_csv([not_sent_row("X", "Y", INE="123456789AB"), profile_csv_row("Z", "W", Classe="9Z")])
    result = _import(school, data)
    assert (result.imported, result.skipped, len(result.unmatched)) == (0, 1, 1)
    assert latest_profile_for_student(student) is None


def test_it_dates_a_profile_without_sending_date_now(school: CertificationCentre) -> None:
    student = StudentFactory(centre=school, ine="123456789AB")
    _import(school, profile_csv([profile_csv_row("A", "B", INE="123456789AB", **{SENT_AT: ""})]))
    assert PlacementProfile.objects.get(student=student).assessed_at == NOW


def test_it_adds_a_profile_and_the_latest_one_wins(school: CertificationCentre) -> None:
    student = StudentFactory(centre=school, ine="123456789AB")
    PlacementProfileFactory(student=student, certifiable=True, assessed_at=dt.datetime(2020, 12, 1, tzinfo=dt.UTC))
    _import(school, profile_csv([profile_csv_row("A", "B", INE="123456789AB", levels=[3])]))
    assert PlacementProfile.objects.filter(student=student).count() == 2
    assert certifiability_by_student([student.pk]) == {student.pk: False}


def test_it_writes_an_audit_entry_with_the_counts(school: CertificationCentre) -> None:
    StudentFactory(centre=school, ine="123456789AB")
    user = UserFactory()
    data = profile_csv(
        [profile_csv_row("A", "B", INE="123456789AB"), not_sent_row("C", "D"), profile_csv_row("E", "F")]
    )
    result = profile_collection_import(centre=school, by=user, uploaded_file=_upload(data), now=NOW)
    event = CentreEvent.objects.get(pk=result.event_id)
    assert (event.kind, event.actor, event.at) == ("profiles.imported", user, NOW)
    assert (event.data["imported"], event.data["skipped"], event.data["file"]) == (1, 1, "collecte.csv")
    # The row not sent (line 3) matches nobody either: it is reported, marked as not sent.
    assert [(r["line"], r["sent"]) for r in event.data["unmatched"]] == [(3, False), (4, True)]


def test_it_writes_in_a_constant_number_of_queries(
    school: CertificationCentre, django_assert_max_num_queries: object
) -> None:
    students = StudentFactory.create_batch(30, centre=school)
    data = profile_csv([profile_csv_row(s.last_name, s.first_name, INE=s.ine) for s in students])
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert _import(school, data).imported == 30
    assert ProfileCompetence.objects.count() == 30 * 16


def test_it_refuses_a_centre_that_is_not_a_school() -> None:
    with pytest.raises(ReferentialError):
        _import(CentreFactory(), profile_csv([profile_csv_row("A", "B")]))


# Refused files: every error at once, each with its line and column; nothing saved.


def test_it_lists_every_error_with_its_line_and_column(school: CertificationCentre) -> None:
    StudentFactory(centre=school, ine="123456789AB")
    rows = [
        profile_csv_row("A", "B", INE="123456789AB"),
        profile_csv_row("", "B", **{"Envoi (O/N)": "Peut-être"}),
        profile_csv_row("", "", INE="12", **{SENT_AT: "31/02/2021 10:00"}),
        profile_csv_row("C", "D", **{LEVEL_HEADERS[0]: "9", PIX_HEADERS[1]: "-3", LEVEL_HEADERS[15]: ""}),
        profile_csv_row("E", "F", **{SENT_AT: "01/01/2030 10:00"}),
    ]
    errors = _errors(school, profile_csv(rows))
    assert errors == [
        "Ligne 3, « Envoi (O/N) » : la valeur « Peut-être » doit être Oui ou Non (ou O ou N).",
        "Ligne 4, « Nom du Participant » : ce champ est obligatoire.",
        "Ligne 4, « Prénom du Participant » : ce champ est obligatoire.",
        "Ligne 4, « INE » : l'INE « 12 » n'est pas valide : il compte 11 caractères, chiffres et lettres.",
        "Ligne 4, « Date et heure de l'envoi (Europe/Paris) » : la date « 31/02/2021 10:00 » n'est pas au format "
        "jj/mm/aaaa (ou aaaa-mm-jj).",
        "Ligne 5, « Niveau pour la compétence Mener une recherche et une veille d'information » : "
        "le niveau 9 dépasse le niveau maximal 8.",
        "Ligne 5, « Nombre de pix pour la compétence Gérer des données » : "
        "la valeur « -3 » n'est pas un nombre entier positif.",
        "Ligne 5, « Niveau pour la compétence Construire un environnement numérique » : ce champ est obligatoire.",
        "Ligne 6, « Date et heure de l'envoi (Europe/Paris) » : la date « 01/01/2030 10:00 » est dans le futur.",
    ]
    assert not PlacementProfile.objects.exists()
    assert not CentreEvent.objects.exists()


def test_it_refuses_a_row_with_too_many_columns(school: CertificationCentre) -> None:
    data = profile_csv([profile_csv_row("A", "B")]).rstrip(b"\r\n") + b";en trop\r\n"
    assert _errors(school, data) == [
        f"Ligne 2 : {len(profile_csv_headers()) + 1} colonnes au lieu de {len(profile_csv_headers())}."
    ]


@pytest.mark.parametrize(
    ("headers", "problem"),
    [
        (profile_csv_headers()[:-1], "colonne(s) manquante(s) : « Nombre de pix pour la compétence Construire"),
        (
            [h.replace("Interagir", "Interragir") for h in profile_csv_headers()],
            "colonne(s) manquante(s) : « Niveau pour la compétence Interagir », "
            "« Nombre de pix pour la compétence Interagir » ; colonne(s) inconnue(s) : "
            "« Niveau pour la compétence Interragir »",
        ),
        ([*profile_csv_headers(), "Nom du Participant"], "colonne(s) en double : « Nom du Participant »"),
        ([*profile_csv_headers(), "Numéro INE"], "colonne(s) inconnue(s) : « Numéro INE »"),
        (
            [*profile_csv_headers(), SENT_ON],
            "colonne(s) en double : « Date de l'envoi », « Date et heure de l'envoi (Europe/Paris) »",
        ),
        (
            [h for h in profile_csv_headers() if h != SENT_AT],
            "colonne manquante : « Date et heure de l'envoi (Europe/Paris) » ou « Date de l'envoi »",
        ),
        (
            # Two unknown columns before « Envoi (O/N) »: only the one just before it is the external id.
            [*profile_csv_headers(ine="INE")[:7], "Mail perso", *profile_csv_headers(ine="INE")[7:]],
            "colonne(s) inconnue(s) : « Mail perso »",
        ),
    ],
)
def test_it_refuses_altered_headers(school: CertificationCentre, headers: list[str], problem: str) -> None:
    errors = _errors(school, profile_csv([profile_csv_row("A", "B")], headers=headers))
    assert len(errors) == 1
    assert errors[0].startswith(
        "Les en-têtes du fichier ne correspondent pas à l'export de collecte de profils de Pix Orga ("
    )
    assert problem in errors[0]


def test_it_refuses_commas_as_separators(school: CertificationCentre) -> None:
    data = profile_csv([profile_csv_row("A", "B")]).replace(b";", b",")
    assert _errors(school, data) == ["Les colonnes du fichier CSV doivent être séparées par des points-virgules (;)."]


def test_it_refuses_an_empty_file(school: CertificationCentre) -> None:
    assert _errors(school, b"") == ["Le fichier est vide."]


def test_it_refuses_a_file_with_headers_only(school: CertificationCentre) -> None:
    assert _errors(school, profile_csv([])) == ["Le fichier ne contient aucun participant."]


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", b"PK\x03\x04\x14\x00\x00\x00", b"<?xml version='1.0'?><BEE_ELEVES/>"],
    ids=["pdf", "zip", "xml"],
)
def test_it_refuses_a_file_that_is_not_a_csv(school: CertificationCentre, data: bytes) -> None:
    assert _errors(school, data) == [
        "Ce fichier n'est pas un fichier CSV séparé par des points-virgules : exportez les résultats de la "
        "campagne de collecte de profils depuis Pix Orga, sans les modifier."
    ]


def test_it_refuses_a_file_not_in_utf8(school: CertificationCentre) -> None:
    data = profile_csv([profile_csv_row("Hélène", "B")]).replace("Hélène".encode(), "Hélène".encode("latin-1"))
    errors = _errors(school, data)
    assert errors[0].startswith("Ligne 2 : le fichier n'est pas encodé en UTF-8.")


def test_it_refuses_a_file_over_the_size_limit(school: CertificationCentre, settings: object) -> None:
    settings.PIXCERTIF_ROSTER_MAX_UPLOAD_BYTES = 1000  # type: ignore[attr-defined]
    data = profile_csv([profile_csv_row("A", "B")])
    assert _errors(school, data) == ["Le fichier dépasse la taille maximale de 0.000953674 Mo."]


def test_it_changes_nothing_when_a_file_is_refused(school: CertificationCentre) -> None:
    student = StudentFactory(centre=school, ine="123456789AB")
    before = PlacementProfileFactory(student=student, certifiable=True)
    data = profile_csv(
        [profile_csv_row("A", "B", INE="123456789AB"), profile_csv_row("C", "D", **{LEVEL_HEADERS[0]: "x"})]
    )
    _errors(school, data)
    assert list(PlacementProfile.objects.all()) == [before]
    assert ProfileCompetence.objects.count() == 16


def test_it_matches_a_participant_who_typed_all_first_names(school: CertificationCentre) -> None:
    student = StudentFactory(
        centre=school, last_name="N'DIAYE", first_name="Marie", second_name="Louise", division="3B"
    )
    result = _import(school, profile_csv([profile_csv_row("Ndiaye", "Marie-Louise", Classe="3 B", INE="")]))
    assert result.imported == 1
    assert PlacementProfile.objects.get().student == student


def test_it_reads_an_ine_column_named_by_the_school(school: CertificationCentre) -> None:
    student = StudentFactory(centre=school, ine="123456789AB")
    data = profile_csv(
        [profile_csv_row("X", "Y", **{"N° INE": "123456789AB"})], headers=profile_csv_headers(ine="N° INE")
    )
    assert _import(school, data).imported == 1
    assert PlacementProfile.objects.get().student == student


@pytest.mark.parametrize(
    ("header", "value"),
    [(SENT_AT, "06/01/2021 14:30"), (SENT_ON, "2021-01-06"), (SENT_ON, "2021-01-06 14:30:00"), (SENT_ON, "06/01/2021")],
)
def test_it_reads_the_sending_date_as_pix_orga_or_a_spreadsheet_writes_it(
    school: CertificationCentre, header: str, value: str
) -> None:
    StudentFactory(centre=school, ine="123456789AB")
    data = profile_csv(
        [profile_csv_row("A", "B", INE="123456789AB", **{header: value})], headers=profile_csv_headers(sent_at=header)
    )
    _import(school, data)
    assert timezone.localtime(PlacementProfile.objects.get().assessed_at).date() == dt.date(2021, 1, 6)


# Files as the real tool writes them (issue 14): the layouts of the years, « Oui » / « Non », « NA ».

FIXTURE = Path(__file__).parent / "fixtures" / "collecte-profils-pix-orga.csv"


def test_it_imports_a_file_written_byte_for_byte_as_pix_orga_exports_it(school: CertificationCentre) -> None:
    zoe = StudentFactory(centre=school, ine="123456789AB", last_name="MARTIN", first_name="Zoé", division="2NDE1")
    eloise = StudentFactory(centre=school, last_name="LE BRETON", first_name="Éloïse", division="2NDE4")
    StudentFactory(centre=school, ine="123456789CD", last_name="ARNAUD", first_name="Léo", division="2NDE3")
    result = _import(school, FIXTURE.read_bytes())
    assert (result.imported, result.skipped) == (2, 2)
    # Léo did not send and is a pupil: skipped. Paul did not send and is nobody: reported with his line.
    assert [(r.line, r.last_name, r.sent) for r in result.unmatched] == [(5, "Inconnu", False)]
    profile = latest_profile_for_student(zoe)
    assert profile is not None
    assert timezone.localtime(profile.assessed_at).replace(tzinfo=None) == dt.datetime(2021, 1, 6, 14, 30)
    levels = {c.competence.code: (c.level, c.pix) for c in profile.competences.all()}
    assert (levels["1.1"], levels["3.2"], levels["5.2"]) == ((2, 19), (1, 8), (0, 0))
    assert certifiability_by_student([zoe.pk, eloise.pk]) == {zoe.pk: True, eloise.pk: False}


@pytest.mark.parametrize(("sent", "imported"), [("Oui", 1), ("OUI", 1), ("oui", 1), ("O", 1), ("o", 1), ("Non", 0), ("N", 0), ("non", 0)])
def test_it_reads_yes_and_no_as_pix_orga_writes_them_or_as_o_and_n(
    school: CertificationCentre, sent: str, imported: int
) -> None:
    StudentFactory(centre=school, ine="123456789AB")
    row = profile_csv_row("A", "B", INE="123456789AB", **{"Envoi (O/N)": sent})
    assert _import(school, profile_csv([row])).imported == imported


def test_it_reads_the_older_layout_without_code_and_with_a_date_only(school: CertificationCentre) -> None:
    student = StudentFactory(centre=school, ine="123456789AB")
    headers = profile_csv_headers(code=False, sent_at=SENT_ON)
    result = _import(school, profile_csv([profile_csv_row("A", "B", INE="123456789AB")], headers=headers))
    assert result.imported == 1
    profile = PlacementProfile.objects.get(student=student)
    assert timezone.localtime(profile.assessed_at).date() == dt.date(2021, 1, 6)


def test_it_reads_a_file_where_every_field_is_quoted(school: CertificationCentre) -> None:
    StudentFactory(centre=school, ine="123456789AB")
    data = profile_csv([profile_csv_row("A", "B", INE="123456789AB")], quote_all=True)
    assert b'"1234";"QWERTY456"' in data
    assert _import(school, data).imported == 1


def test_it_finds_columns_by_header_whatever_their_order(school: CertificationCentre) -> None:
    StudentFactory(centre=school, ine="123456789AB")
    headers = profile_csv_headers()
    headers = [*headers[6:8], *headers[:6], *headers[8:]]  # « Classe », « INE » first: INE no longer before Envoi
    assert _errors(school, profile_csv([profile_csv_row("A", "B", INE="123456789AB")], headers=headers))[0].endswith(
        "(colonne(s) inconnue(s) : « INE »). Importez le fichier tel que Pix Orga l'a produit."
    )
    headers = profile_csv_headers()
    moved = [headers[-1], *headers[:-1]]  # a competence column first
    assert _import(school, profile_csv([profile_csv_row("A", "B", INE="123456789AB")], headers=moved)).imported == 1


@pytest.mark.parametrize("label", ["Identifiant", "N° INE", "Numéro d'élève"])
def test_it_takes_the_column_before_envoi_as_the_external_id_whatever_its_label(
    school: CertificationCentre, label: str
) -> None:
    student = StudentFactory(centre=school, ine="123456789AB", last_name="ZZZ", first_name="Yves")
    data = profile_csv([profile_csv_row("X", "Y", **{label: "123456789ab"})], headers=profile_csv_headers(ine=label))
    assert _import(school, data).imported == 1
    assert PlacementProfile.objects.get().student == student


def test_it_ignores_an_external_id_that_is_not_an_ine_under_another_label(school: CertificationCentre) -> None:
    student = StudentFactory(centre=school, last_name="PETIT", first_name="Jules", division="2NDE1")
    headers = profile_csv_headers(ine="Mail Perso", student_number=True)
    data = profile_csv([profile_csv_row("Petit", "Jules", **{"Mail Perso": "jules@example.org"})], headers=headers)
    assert _import(school, data).imported == 1
    assert PlacementProfile.objects.get().student == student


def test_it_drops_the_apostrophe_pix_puts_before_a_cell_that_looks_like_a_formula(school: CertificationCentre) -> None:
    data = profile_csv([profile_csv_row("=Bono", "@Jean", INE="")])
    assert b'"\'=Bono";"\'@Jean"' in data
    unmatched = _import(school, data).unmatched
    assert [(r.last_name, r.first_name) for r in unmatched] == [("=Bono", "@Jean")]


def test_it_reports_an_unsent_row_matching_nobody_with_its_line_and_never_claims_a_student(
    school: CertificationCentre,
) -> None:
    student = StudentFactory(centre=school, ine="123456789AB", last_name="MARTIN", first_name="Zoé")
    rows = [
        not_sent_row("Martin", "Zoé", INE="123456789AB"),  # an earlier participation, not sent
        profile_csv_row("Martin", "Zoé", INE="123456789AB"),
        not_sent_row("Nobody", "Jo"),
        not_sent_row("Martin", "Zoé", INE="999999999ZZ"),
    ]
    result = _import(school, profile_csv(rows))
    assert (result.imported, result.skipped) == (1, 3)
    assert [(r.line, r.reason, r.sent) for r in result.unmatched] == [
        (4, "Aucun élève de cette classe ne porte ces nom et prénom.", False),
        (5, "Aucun élève de l'établissement n'a cet INE.", False),
    ]
    assert latest_profile_for_student(student) is not None
