"""SECURITY.md 34: a date a human would not write (year 1, a session in 2300) is refused.

Every date and time a person types, in the portal or the admin, must fall between
``PLAUSIBLE_EARLIEST_YEAR`` and ``PLAUSIBLE_YEARS_AHEAD`` years from now (settings).
"""

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from delegates.models import Credentials
from tests.agenda.factories import at, make_slot
from tests.delegates.factories import _english, pdf_bytes  # noqa: F401  (autouse)

from .forms import form_with

PROJECT_APPS = ("assembly", "delegates", "agenda", "resolutions")


def typed_date_fields():
    """Every date or time field of the project that a form can fill in."""
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateField) and field.editable:
                yield f"{model._meta.label}.{field.name}", field


def _value(field, year: int):
    if isinstance(field, models.DateTimeField):
        return dt.datetime(year, 11, 5, 10, 0, tzinfo=dt.UTC)
    return dt.date(year, 11, 5)


def _refuses(field, value) -> bool:
    try:
        field.run_validators(value)
    except ValidationError:
        return True
    return False


def test_every_typed_date_refuses_years_nobody_writes():
    fields = dict(typed_date_fields())
    assert "delegates.Credentials.issued_on" in fields and "agenda.ProgrammeSlot.start" in fields
    accepting = [
        name
        for name, field in fields.items()
        if not (_refuses(field, _value(field, 1)) and _refuses(field, _value(field, 2300)))
    ]
    assert accepting == []
    this_year = dt.date.today().year
    assert [n for n, f in fields.items() if _refuses(f, _value(f, this_year))] == []
    # The archive goes back to the first sessions.
    assert [n for n, f in fields.items() if _refuses(f, _value(f, 1923))] == []


def test_the_bounds_are_settings(settings):
    field = Credentials._meta.get_field("issued_on")
    settings.PLAUSIBLE_EARLIEST_YEAR = 2000
    settings.PLAUSIBLE_YEARS_AHEAD = 1
    assert _refuses(field, dt.date(1999, 12, 31))
    assert not _refuses(field, dt.date(2000, 1, 1))
    assert _refuses(field, dt.date(dt.date.today().year + 2, 1, 1))


def test_a_credentials_letter_issued_in_year_one_is_refused(client, world):
    """Found: a letter "issued on" 0001-01-01 was accepted."""
    head = world["head"]
    client.force_login(head.person.user)
    response = client.post(
        "/en/delegates/delegation/credentials/",
        {
            "file": SimpleUploadedFile("letter.pdf", pdf_bytes(), "application/pdf"),
            "issuing_authority": "foreign_minister",
            "issued_on": "0001-01-01",
        },
    )
    assert response.status_code == 400
    assert "Enter a date between the years 1900 and" in response.content.decode()
    credentials = Credentials.objects.get(delegation=head.delegation)
    assert credentials.issued_on is None


@pytest.mark.parametrize("day", ["2300-11-05", "0001-01-01", "9999-12-31"])
def test_the_admin_refuses_a_slot_in_2300(admin_client, session91, day):
    slot = make_slot(session91, start=at(session91, 0, 10), end=at(session91, 0, 11))
    url = f"/admin/agenda/programmeslot/{slot.pk}/change/"
    data = form_with(admin_client.get(url).content.decode(), "start_0")
    data.update({"start_0": day, "end_0": day})
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert "Enter a date between the years 1900 and" in response.content.decode()
    slot.refresh_from_db()
    assert slot.start.year == session91.start_date.year
