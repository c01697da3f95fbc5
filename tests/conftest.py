"""Personas shared by every test: centre admin, member, stranger, Pix staff."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.test import Client

from centres.models import CertificationCentre, Membership, Role
from pixcertif.celery import app as celery_app
from tests.accounts.factories import UserFactory
from tests.centres.factories import CentreFactory, MembershipFactory


def pytest_configure() -> None:
    # Tasks run inline in tests, except in the few that start a real worker (marker "broker").
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _isolated_cache(settings: object) -> None:
    # Each test gets its own in-memory cache: rate limits never leak from one test to another.
    # The page fragments (code and language only) are the real per-process cache of settings.py.
    settings.CACHES = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "fragments": django_settings.CACHES["fragments"],
    }
    # Hashing is the slowest part of creating users; its strength is not what these tests check.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


# Reference data written by data migrations: (model, migration that writes it).
REFERENCE_DATA = (
    ("referential.Competence", "referential.migrations.0002_framework"),
    ("centres.CalendarWindow", "centres.migrations.0002_calendar_2020_2021"),
)
STAFF_GROUPS_MIGRATION = "results.migrations.0002_staff_groups"
# Later migrations that grant more permissions to those groups (their GRANTS).
STAFF_GRANTS_MIGRATIONS = (
    "results.migrations.0004_jury_permission",
    "results.migrations.0005_lsu_and_certificate_permissions",
    "results.migrations.0006_support_manages_members",
)


def _staff_groups() -> None:
    """The Jury and Support groups of the data migration (a flush keeps permissions: post_migrate)."""
    groups = importlib.import_module(STAFF_GROUPS_MIGRATION).GROUPS
    group_model = django_apps.get_model("auth", "Group")
    permission_model = django_apps.get_model("auth", "Permission")
    grants = [importlib.import_module(migration).GRANTS for migration in STAFF_GRANTS_MIGRATIONS]
    for name, codes in groups.items():
        group, created = group_model.objects.get_or_create(name=name)
        if created:
            for code in [*codes, *(code for granted in grants for code in granted.get(name, []))]:
                app_label, codename = code.split(".")
                group.permissions.add(
                    permission_model.objects.get(content_type__app_label=app_label, codename=codename)
                )


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """Give every database test the rows of the data migrations.

    A transactional test (live server, real worker) ends with a flush of every table; pytest-django
    runs those last, but with xdist a worker may get an ordinary test after one. A few cheap queries when
    nothing is missing.
    """
    if "_django_db_helper" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("_django_db_helper")
    for model, migration in REFERENCE_DATA:
        if not django_apps.get_model(model).objects.exists():
            importlib.import_module(migration).forwards(django_apps, None)
    permission_model = django_apps.get_model("auth", "Permission")
    if not permission_model.objects.filter(content_type__app_label="sessions_app", codename="view_session").exists():
        # A serialized-rollback test (tests/broker.py) flushes without post_migrate, even when it is skipped
        # after the database was set up: content types and permissions are gone until they are made again
        # (and the content type cache still holds the ids of the flushed rows).
        django_apps.get_model("contenttypes", "ContentType").objects.clear_cache()
        for app_config in django_apps.get_app_configs():
            create_contenttypes(app_config, verbosity=0)
            create_permissions(app_config, verbosity=0)
    if not django_apps.get_model("auth", "Group").objects.exists():
        _staff_groups()


@pytest.fixture
def centre(db: None) -> CertificationCentre:
    return CentreFactory(name="Université de test")


@pytest.fixture
def admin_membership(centre: CertificationCentre) -> Membership:
    return MembershipFactory(centre=centre, role=Role.ADMIN, user=UserFactory(email="admin@centre.fr"))


@pytest.fixture
def member_membership(centre: CertificationCentre) -> Membership:
    return MembershipFactory(centre=centre, role=Role.MEMBER, user=UserFactory(email="membre@centre.fr"))


@pytest.fixture
def admin(admin_membership: Membership) -> object:
    return admin_membership.user


@pytest.fixture
def member(member_membership: Membership) -> object:
    return member_membership.user


@pytest.fixture
def stranger(db: None) -> object:
    """An administrator of another centre: must get 404 on everything of ``centre``."""
    other = CentreFactory(name="Autre centre")
    return MembershipFactory(centre=other, role=Role.ADMIN, user=UserFactory(email="etranger@autre.fr")).user


@pytest.fixture
def staff(db: None) -> object:
    return UserFactory(email="jury@pix.fr", is_staff=True)


@pytest.fixture
def admin_client(client: Client, admin: object) -> Client:
    client.force_login(admin)  # type: ignore[arg-type]
    return client


@pytest.fixture
def member_client(client: Client, member: object) -> Client:
    client.force_login(member)  # type: ignore[arg-type]
    return client


@pytest.fixture
def stranger_client(client: Client, stranger: object) -> Client:
    client.force_login(stranger)  # type: ignore[arg-type]
    return client
