"""Invariants of the core app kept by the database, whatever the code path."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assembly.models import AssemblySession, Country, DocumentFile, Room, Venue
from assembly.services import session_make_current


def _session(number: int, country: Country, **extra) -> AssemblySession:
    return AssemblySession.objects.create(
        number=number,
        title=f"Session {number}",
        host_city="Lyon",
        host_country=country,
        start_date=dt.date(2030, 1, 1),
        end_date=dt.date(2030, 1, 4),
        **extra,
    )


@pytest.fixture
def france(core_demo):
    return Country.objects.get(iso_code="FR")


def test_a_second_current_session_is_refused_by_the_database(france):
    assert AssemblySession.objects.get(is_current=True).number == 91
    with pytest.raises(IntegrityError), transaction.atomic():
        _session(201, france, is_current=True)
    assert list(
        AssemblySession.objects.filter(is_current=True).values_list("number", flat=True)
    ) == [91]


def test_making_a_session_current_moves_the_flag(france):
    first = AssemblySession.objects.get(number=91)
    second = _session(201, france)
    session_make_current(session=second)
    first.refresh_from_db()
    assert (first.is_current, second.is_current) == (False, True)


def test_country_iso_codes_are_unique_whatever_the_case(france):
    with pytest.raises(IntegrityError), transaction.atomic():
        Country.objects.create(iso_code="FR", name="France again", region=france.region)
    assert Country.objects.filter(iso_code="FR").count() == 1


def test_country_iso_code_is_two_capital_letters(france):
    with pytest.raises(IntegrityError), transaction.atomic():
        Country.objects.create(iso_code="fr", name="lower", region=france.region)


def test_countries_without_iso_code_may_be_several(france):
    Country.objects.create(iso_code=None, name="A", region=france.region)
    Country.objects.create(iso_code=None, name="B", region=france.region)
    assert Country.objects.filter(iso_code__isnull=True).count() == 2


def test_a_session_cannot_end_before_it_starts(france):
    with pytest.raises(IntegrityError), transaction.atomic():
        AssemblySession.objects.create(
            number=300,
            title="Backwards",
            host_city="Lyon",
            host_country=france,
            start_date=dt.date(2030, 1, 4),
            end_date=dt.date(2030, 1, 1),
        )


def test_session_validation_names_the_problem(france):
    session = AssemblySession(
        number=301,
        title="Backwards",
        host_city="Lyon",
        host_country=france,
        start_date=dt.date(2030, 1, 4),
        end_date=dt.date(2030, 1, 1),
        time_zone="Mars/Olympus",
    )
    with pytest.raises(ValidationError) as caught:
        session.full_clean()
    messages = str(caught.value)
    assert "cannot end before it starts" in messages
    assert "“Mars/Olympus” is not a known time zone." in messages


def test_room_names_are_unique_within_a_venue_and_capacity_positive(france):
    venue = Venue.objects.create(name="Centre", city="Lyon", country=france)
    Room.objects.create(venue=venue, name="Hall", capacity=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        Room.objects.create(venue=venue, name="Hall", capacity=20)
    with pytest.raises(IntegrityError), transaction.atomic():
        Room.objects.create(venue=venue, name="Empty", capacity=0)


def test_a_document_has_one_file_per_language(session91):
    document = session91.documents.first()
    existing = document.files.get(language="en")
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFile.objects.create(document=document, language="en", file=existing.file.name)
