"""Fixtures shared by the whole suite."""

import io

import pytest
from django.db import connection


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` need real row locks and threads: skipped on SQLite."""
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(skip)


@pytest.fixture
def core_demo(db):
    """The core demo data: regions, 196 members, the 90th–92nd sessions (91st current)."""
    from assembly import demo

    demo.seed(stdout=io.StringIO())


@pytest.fixture
def session91(core_demo):
    from assembly.models import AssemblySession

    return AssemblySession.objects.get(number=91)


@pytest.fixture
def austria(core_demo):
    from assembly.models import Country

    return Country.objects.get(iso_code="AT")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads of a test go to a temporary folder, never the project's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
