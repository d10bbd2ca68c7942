"""Translated fields are written language by language, whatever language is active.

django-modeltranslation routes ``obj.title = …`` to the *active* language's column: a service
that assigned the untranslated attribute, called from a French or Arabic request or command,
overwrote the French (or Arabic) title with the English one. The suite runs in English by
default (tests/conftest.py), so each test here activates another language first.
"""

import datetime as dt

import pytest
from django.utils import translation

from agenda import services as agenda_services
from assembly import services as assembly_services
from assembly.models import AssemblySession, Country
from resolutions import services as resolutions_services

pytestmark = pytest.mark.django_db

OTHER_LANGUAGES = ["fr", "ar", "es"]


def four(text: str) -> dict[str, str]:
    return {
        "ar": f"{text} بالعربية",
        "en": f"{text} in English",
        "fr": f"{text} en français",
        "es": f"{text} en español",
    }


def columns(obj, field: str) -> dict[str, str]:
    """What the database holds for ``field`` in each language, read back from a fresh row."""
    row = type(obj).objects.get(pk=obj.pk)
    return {code: getattr(row, f"{field}_{code}") for code in ("ar", "en", "fr", "es")}


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_theme_keeps_each_language(session91, language):
    with translation.override(language):
        theme = agenda_services.theme_upsert(
            session=session91,
            slug="kernel-theme",
            titles=four("Theme"),
            descriptions=four("About"),
        )
    assert columns(theme, "title") == four("Theme")
    assert columns(theme, "description") == four("About")


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_speaker_keeps_each_language(core_demo, language):
    with translation.override(language):
        speaker = agenda_services.speaker_upsert(
            slug="kernel-speaker",
            name="A. Speaker",
            functions=four("Function"),
            organisations=four("Organisation"),
            biographies=four("Biography"),
        )
    assert columns(speaker, "function") == four("Function")
    assert columns(speaker, "organisation") == four("Organisation")
    assert columns(speaker, "biography") == four("Biography")


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_slot_keeps_each_language(session91, language):
    start = dt.datetime(2023, 11, 28, 8, 0, tzinfo=dt.UTC)
    with translation.override(language):
        slot = agenda_services.slot_create(
            session=session91,
            kind="plenary",
            slug="kernel-slot",
            titles=four("Slot"),
            descriptions=four("Slot description"),
            start=start,
            end=start + dt.timedelta(hours=1),
        )
        copy = agenda_services.slot_duplicate(slot=slot)
    assert columns(slot, "title") == four("Slot")
    assert columns(slot, "description") == four("Slot description")
    assert columns(copy, "title") == four("Slot")


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_agenda_item_keeps_each_language(session91, language):
    with translation.override(language):
        item = agenda_services.agenda_item_create(
            session=session91,
            number="99",
            slug="kernel-item",
            titles=four("Item"),
            proposers=four("Proposer"),
        )
    assert columns(item, "title") == four("Item")
    assert columns(item, "proposer") == four("Proposer")


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_country_keeps_each_language(austria, language):
    with translation.override(language):
        assembly_services.country_upsert(
            iso_code="AT", names=four("Austria"), region=austria.region, member_since=1923
        )
    assert columns(austria, "name") == four("Austria")


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_session_keeps_each_language(session91, language):
    with translation.override(language):
        assembly_services.session_upsert(
            number=91,
            titles=four("Session"),
            introductions=four("Introduction"),
            cities=four("City"),
            host_country=session91.host_country,
            start_date=session91.start_date,
            end_date=session91.end_date,
            time_zone=session91.time_zone,
            status=session91.status,
            venue=session91.venue,
        )
    session = AssemblySession.objects.get(number=91)
    assert columns(session, "title") == four("Session")
    assert columns(session, "introduction") == four("Introduction")
    assert columns(session, "host_city") == four("City")


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_draft_resolution_keeps_each_language(session91, language):
    sponsor = Country.objects.get(iso_code="FR")
    paragraphs = {code: f"<p>{text}</p>" for code, text in four("Text").items()}
    with translation.override(language):
        draft = resolutions_services.draft_save(
            session=session91,
            titles=four("Draft"),
            texts=paragraphs,
            sponsors=[sponsor],
        )
        ballot = resolutions_services.ballot_create(
            session=session91, question="procedural", method="show_of_hands", subjects=four("Q")
        )
    assert columns(draft, "title") == four("Draft")
    assert columns(draft, "text") == paragraphs
    assert columns(ballot, "subject") == four("Q")
