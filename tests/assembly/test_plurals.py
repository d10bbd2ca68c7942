"""Counts in messages go through ngettext: Arabic has six plural forms, Spanish three.

A message written "%(count)d slot(s) published." or "%(count)d drafts submitted." cannot be
translated right for any count (in Arabic, 1, 2, 3–10 and 11–99 each take another form), and
reads wrong in English for one.
"""

import ast
import pathlib
import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError

from assembly.models import Country
from resolutions import services as resolutions_services
from resolutions.amending import check_paragraph
from tests.agenda.factories import at, make_slot

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ("assembly", "agenda", "resolutions", "delegates")
SINGULAR_ONLY = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "gettext_noop"}
# A number followed by a word ("%(count)d slots", "%d requests") or a "(s)" plural.
COUNTED = re.compile(r"%(\(\w+\))?d\s+\w|\w\(s\)")


def test_no_counted_message_without_ngettext():
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in SINGULAR_ONLY
                ):
                    continue
                for arg in node.args:
                    if (
                        isinstance(arg, ast.Constant)
                        and isinstance(arg.value, str)
                        and COUNTED.search(arg.value)
                    ):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno} {arg.value!r}")
    assert found == []


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="chief", email="chief@example.org", password="a long pass phrase 91"
    )
    client.force_login(user)
    return client


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_one_slot_published_is_said_in_the_singular(staff_client, session91):
    slot = make_slot(session91, publish=False, start=at(session91, 0, 9), end=at(session91, 0, 10))
    response = staff_client.post(
        "/admin/agenda/programmeslot/", {"action": "publish", "_selected_action": [slot.pk]}
    )
    assert _messages(response) == ["1 slot published."]


def test_two_slots_published_are_said_in_the_plural(staff_client, session91):
    slots = [
        make_slot(session91, publish=False, start=at(session91, 0, h), end=at(session91, 0, h + 1))
        for h in (9, 11)
    ]
    response = staff_client.post(
        "/admin/agenda/programmeslot/",
        {"action": "publish", "_selected_action": [slot.pk for slot in slots]},
    )
    assert _messages(response) == ["2 slots published."]


def test_one_draft_submitted_is_said_in_the_singular(staff_client, session91):
    draft = resolutions_services.draft_save(
        session=session91,
        titles={"en": "Title"},
        texts={"en": "<ol><li>ADOPTS the plan.</li></ol>"},
        sponsors=[Country.objects.get(iso_code="FR")],
    )
    response = staff_client.post(
        "/admin/resolutions/draftresolution/",
        {"action": "submit", "_selected_action": [draft.pk]},
    )
    assert _messages(response) == ["1 draft submitted."]


def test_a_draft_with_one_operative_paragraph_is_said_so():
    with pytest.raises(ValidationError) as refused:
        check_paragraph("<ol><li>ADOPTS the plan.</li></ol>", 3)
    assert refused.value.messages == [
        "The draft has 1 operative paragraph: there is no paragraph 3."
    ]


def test_a_side_event_with_one_seat_says_one_seat(client, session91):
    from django.core.cache import cache

    cache.clear()  # a page cached by another test would hide this one
    make_slot(
        session91,
        kind="side_event",
        slug="one-seat",
        capacity=1,
        start=at(session91, 0, 9),
        end=at(session91, 0, 10),
    )
    html = client.get("/en/agenda/items/one-seat/").content.decode()
    assert "<dd>1 seat</dd>" in html
    cache.clear()


@pytest.mark.parametrize(
    ("limit", "said"), [(1, "1 of 1 delegate counting"), (10, "1 of 10 delegates")]
)
def test_the_delegation_page_counts_delegates_in_the_right_number(
    client, settings, session91, austria, limit, said
):
    from tests.delegates.factories import register

    settings.DELEGATES_MAX_COUNTED = limit
    head = register(
        session=session91,
        country=austria,
        category="head",
        status="approved",
        user=True,
        email="head.at@example.org",
    )
    client.force_login(head.person.user)
    html = client.get("/en/delegates/delegation/").content.decode()
    assert said in html
