"""SECURITY.md 29: control and bidi characters are refused where people type, stripped on export.

Every text field of every model of the project (and the user's names and address) refuses the C0
controls (tab, line feed and carriage return stay allowed in multi-line text); every single-line
field also refuses the bidi controls that make a name print backwards on a badge. Exports stay
well-formed even when such a character reached the database another way (``.update()``).
"""

import json
import re
from xml.etree import ElementTree as ET

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from agenda.models import ProgrammeSlot, Speaker
from delegates.models import Person
from tests.agenda.factories import at, make_slot, make_speaker
from tests.e2e.users import make_user

from .forms import form_with

PROJECT_APPS = ("assembly", "delegates", "agenda", "resolutions")
OTHER_FIELDS = {("auth", "user"): {"username", "first_name", "last_name", "email"}}
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


def text_fields():
    for model in apps.get_models():
        label = (model._meta.app_label, model._meta.model_name)
        if model._meta.app_label not in PROJECT_APPS and label not in OTHER_FIELDS:
            continue
        for field in model._meta.concrete_fields:
            if label in OTHER_FIELDS and field.name not in OTHER_FIELDS[label]:
                continue
            if isinstance(field, (models.CharField, models.TextField)):
                yield f"{model._meta.label}.{field.name}", field


def _refuses(field, value) -> bool:
    try:
        field.run_validators(value)
    except ValidationError:
        return True
    return False


def test_every_text_field_refuses_control_characters():
    fields = dict(text_fields())
    assert len(fields) > 100  # the translated fields (…_en, …_ar) are fields of their own
    accepting = [
        name
        for name, field in fields.items()
        if not all(_refuses(field, value) for value in ("a\x00b", "a\x0bb", "a\x01b", "a\x1bb"))
    ]
    assert accepting == []


def test_every_single_line_field_refuses_line_breaks_and_bidi_controls():
    single_line = {
        name: field
        for name, field in text_fields()
        if isinstance(field, models.CharField) and not isinstance(field, models.TextField)
    }
    accepting = [
        name
        for name, field in single_line.items()
        if not all(_refuses(field, f"Ab{char}cd") for char in [*BIDI, "\n", "\t"])
    ]
    assert accepting == []


def test_multi_line_text_keeps_its_line_breaks_and_right_to_left_marks():
    for name, field in text_fields():
        if isinstance(field, models.TextField):
            assert not _refuses(field, "First line.\r\nSecond\tline \u200fمرحبا\u200e."), name


def test_the_admin_refuses_a_vertical_tab_in_a_slot_description(admin_client, session91):
    """Found: U+000B and U+0001 in a slot's description made schedule.xml not well-formed."""
    slot = make_slot(session91, start=at(session91, 0, 10), end=at(session91, 0, 11))
    url = f"/admin/agenda/programmeslot/{slot.pk}/change/"
    data = form_with(admin_client.get(url).content.decode(), "description_en")
    data["description_en"] = "Opening\x0b remarks\x01"
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    content = response.content.decode()
    assert "invisible control characters" in content
    slot.refresh_from_db()
    assert "\x0b" not in slot.description_en and "\x01" not in slot.description_en


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("family_name", "Sm\x0bith", "line breaks, tabs or invisible control characters"),
        ("given_name", "\u202eRELLIK", "change the direction of the writing"),
        ("family_name_ar", "\u2067حداد\u2069", "change the direction of the writing"),
        ("agency", "Police\x01", "line breaks, tabs or invisible control characters"),
        ("dietary_needs", "None\x07", "invisible control characters"),
    ],
)
def test_the_portal_profile_refuses_control_and_bidi_characters(
    client, core_demo, field, value, message
):
    """Found: bidi controls accepted in names and printed on badges and the check-in page."""
    user = make_user("delegate")
    client.force_login(user)
    page = client.get("/en/delegates/me/").content.decode()
    data = form_with(page, "family_name")
    data.update({"given_name": "Ana", "family_name": "Silva", "country": data.get("country")})
    data = {key: value for key, value in data.items() if value is not None}
    data[field] = value
    response = client.post("/en/delegates/me/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    person = Person.objects.filter(user=user).first()
    assert person is None or getattr(person, field) != value


def _check_exports(client, session) -> None:
    base = f"/en/sessions/{session.number}/agenda"
    xml = client.get(f"{base}/schedule.xml")
    assert xml.status_code == 200
    root = ET.fromstring(xml.content)  # noqa: S314  (our own export; raises if not well-formed)
    assert root.tag == "schedule"
    body = client.get(f"{base}/schedule.json")
    assert not CONTROLS.search(json.dumps(json.loads(body.content), ensure_ascii=False))
    ics = client.get(f"{base}/agenda.ics").content.decode()
    assert not CONTROLS.search(ics.replace("\r\n", "")), "raw control characters in the .ics"
    for page in ("print/", "programme.pdf"):
        assert client.get(f"{base}/{page}").status_code == 200


def test_exports_stay_well_formed_with_control_characters_in_the_database(client, session91):
    """Found: schedule.xml was not well-formed and the .ics carried the raw characters."""
    slot = make_slot(session91, start=at(session91, 0, 10), end=at(session91, 0, 11))
    speaker = make_speaker()
    from agenda import services

    services.slot_speaker_set(slot=slot, speaker=speaker, role="speaker")
    # Bypassing validation, as a bulk import or an older release could have.
    ProgrammeSlot.objects.filter(pk=slot.pk).update(
        title_en="Panel\x0b one\x01",
        description_en="Line\x0bone\x1f.\nLine two.",  # PostgreSQL refuses NUL itself
    )
    Speaker.objects.filter(pk=speaker.pk).update(name="Ana\x08 Silva")
    _check_exports(client, session91)
