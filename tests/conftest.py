"""Fixtures shared by the whole suite."""

import io

import pytest
from django.conf import settings
from django.db import connection


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` need real row locks and threads: skipped on SQLite."""
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(skip)


def _seed_core() -> None:
    from tests.snapshot import seed_core

    seed_core()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The core demo data is loaded once; each test's transaction rolls back to it."""
    with django_db_blocker.unblock():
        _seed_core()


@pytest.fixture(scope="session")
def _demo_private_root(tmp_path_factory):
    """The private uploads of the whole demo (credentials letters), kept for the process: the
    demo's rows, put back for each module, point at these files."""
    return tmp_path_factory.mktemp("demo-private")


@pytest.fixture(scope="module")
def full_demo(django_db_setup, django_db_blocker, _demo_private_root):
    """The whole demo (`seed_demo`: every app), for a module's tests.

    Seeding takes seconds: a process seeds it once and puts its rows back for each later module
    (tests/snapshot.py); a module's tests share it (their own transactions still roll back to
    it). Afterwards the core demo is put back, as every other test expects. A module using it
    must not hold transactional tests (their flush empties it).
    """
    from django.core.management import call_command
    from django.test import override_settings

    from tests.snapshot import SNAPSHOTS, Snapshot

    private = _demo_private_root
    with (
        override_settings(
            PRIVATE_MEDIA_ROOT=private,
            STORAGES={
                **settings.STORAGES,
                "private": {
                    "BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": private, "base_url": None},
                },
            },
        ),
        django_db_blocker.unblock(),
    ):
        if "full" in SNAPSHOTS:
            SNAPSHOTS["full"].restore()
        else:
            call_command("seed_demo", stdout=io.StringIO())
            SNAPSHOTS["full"] = Snapshot.take()
    yield
    with django_db_blocker.unblock():
        _seed_core()


@pytest.fixture
def core_demo(db):
    """The core demo data: regions, 196 members, the 90th–92nd sessions (91st current).

    Already there for ordinary tests; a test after a transactional one (which empties the
    tables) gets it again.
    """
    from assembly.models import Country

    if not Country.objects.exists():
        _seed_core()


@pytest.fixture
def session91(core_demo):
    from assembly.models import AssemblySession

    return AssemblySession.objects.get(number=91)


@pytest.fixture
def austria(core_demo):
    from assembly.models import Country

    return Country.objects.get(iso_code="AT")


_DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


@pytest.fixture(autouse=True)
def _fresh_caches(request):
    """Every test starts and ends with empty caches: cached pages and rate-limit counters
    outlive a rolled-back database. The default cache is a table of the database (no Redis):
    only a test that uses the database can reach it, and it gets the database before clearing."""
    from django.core.cache import caches

    uses_database = request.node.get_closest_marker("django_db") is not None or bool(
        _DATABASE_FIXTURES & set(request.fixturenames)
    )
    # A browser test on the module's shared demo (tests/e2e `demo_site`) must not get
    # pytest-django's database helper: its flush after the test would empty the demo.
    shared_demo = "demo_site" in request.fixturenames
    if uses_database and not shared_demo:
        request.getfixturevalue("_django_db_helper")

    def clear():
        from agenda.services import programme_version_forget

        programme_version_forget()  # this process's copy of the programme version, too
        for alias, options in settings.CACHES.items():
            if not options["BACKEND"].endswith(".db.DatabaseCache"):
                caches[alias].clear()
            elif shared_demo:
                with request.getfixturevalue("django_db_blocker").unblock():
                    caches[alias].clear()
            elif uses_database:
                caches[alias].clear()

    clear()
    yield
    clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    """A request to /fr/ or /ar/ leaves its language active in the thread: each test starts in
    English, the default language, whatever ran before it."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _test_storages(settings, tmp_path):
    """Templates find static files without a collectstatic manifest, and each test's private
    uploads (credentials letters, delegates' photos) go to a folder of its own, so a test can
    assert exactly which files exist."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
