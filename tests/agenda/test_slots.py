"""The programme's rules: times, rooms, speakers, publication, changelog, actions of the admin."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from agenda import services
from agenda.models import ProgrammeSlot, SlotChange
from assembly.models import AuditRecord

from .factories import at, make_slot, make_speaker


def test_a_slot_must_end_after_it_starts(session91, rooms):
    with pytest.raises(ValidationError) as error:
        make_slot(session91, start=at(session91, 0, 10), end=at(session91, 0, 9))
    assert error.value.message_dict["end"] == ["A slot must end after it starts."]
    assert ProgrammeSlot.objects.count() == 0


def test_the_database_refuses_a_slot_that_ends_before_it_starts(session91):
    slot = ProgrammeSlot(
        session=session91,
        kind="panel",
        slug="backwards",
        title="Backwards",
        start=at(session91, 0, 10),
        end=at(session91, 0, 10),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        slot.save()


def test_a_slot_must_take_place_within_the_session_in_its_time_zone(session91):
    # 23:30 in Vienna on the last day is still within the session, though 22:30 UTC…
    make_slot(session91, start=at(session91, 3, 23, 0), end=at(session91, 3, 23, 30))
    # …but 00:30 in Vienna the next morning is not.
    with pytest.raises(ValidationError) as error:
        make_slot(session91, start=at(session91, 4, 0, 0), end=at(session91, 4, 0, 30))
    assert "within the session" in error.value.message_dict["start"][0]


def test_a_room_hosts_one_slot_at_a_time_and_the_message_names_the_other(session91, rooms):
    make_slot(
        session91,
        slug="first",
        titles={"en": "Opening ceremony", "fr": "x", "es": "x", "ar": "x"},
        start=at(session91, 0, 9, 30),
        end=at(session91, 0, 10, 30),
        room=rooms[0],
    )
    # The message is written in the active language (English here, whatever ran before).
    with translation.override("en"), pytest.raises(ValidationError) as error:
        make_slot(session91, start=at(session91, 0, 10), end=at(session91, 0, 11), room=rooms[0])
    assert error.value.message_dict["room"] == [
        "The room is already booked for “Opening ceremony” (09:30–10:30)."
    ]
    # Back to back is fine, and so is another room at the same time.
    make_slot(session91, start=at(session91, 0, 10, 30), end=at(session91, 0, 11), room=rooms[0])
    make_slot(session91, start=at(session91, 0, 10), end=at(session91, 0, 11), room=rooms[1])


def test_a_cancelled_slot_frees_its_room(session91, rooms):
    first = make_slot(session91, start=at(session91, 0, 9), end=at(session91, 0, 10), room=rooms[0])
    services.slot_cancel(slot=first)
    make_slot(session91, start=at(session91, 0, 9), end=at(session91, 0, 10), room=rooms[0])


def test_no_speaker_in_two_slots_at_once(session91, rooms):
    speaker = make_speaker(name="Amina Example")
    panel = make_slot(
        session91,
        titles={"en": "Panel on data", "fr": "x", "es": "x", "ar": "x"},
        start=at(session91, 1, 11),
        end=at(session91, 1, 12, 30),
        room=rooms[1],
    )
    services.slot_speaker_set(slot=panel, speaker=speaker, role="moderator")
    other = make_slot(
        session91, start=at(session91, 1, 12), end=at(session91, 1, 13), room=rooms[2]
    )
    with pytest.raises(ValidationError) as error:
        services.slot_speaker_set(slot=other, speaker=speaker, role="speaker")
    assert error.value.message_dict["speaker"] == [
        "Amina Example already speaks in “Panel on data” at the same time."
    ]


def test_moving_a_published_slot_is_recorded_for_the_changelog(session91, rooms, client):
    slot = make_slot(
        session91,
        slug="panel-moved",
        titles={"en": "Panel that moves", "fr": "x", "es": "x", "ar": "x"},
        start=at(session91, 0, 14),
        end=at(session91, 0, 15),
        room=rooms[1],
    )
    assert SlotChange.objects.count() == 0  # a first publication is not a change
    slot.start, slot.end, slot.room = at(session91, 0, 16), at(session91, 0, 17), rooms[2]
    services.slot_save(slot=slot)
    kinds = sorted(SlotChange.objects.values_list("kind", flat=True))
    assert kinds == ["moved", "room"]
    moved = SlotChange.objects.get(kind="moved")
    assert (moved.old_start, moved.new_start) == (at(session91, 0, 14), at(session91, 0, 16))
    page = client.get("/en/agenda/changes/").content.decode()
    assert "Panel that moves" in page
    # Short times, no seconds (issue 13).
    assert "moved from 28 November 2023, 14:00 to 28 November 2023, 16:00–17:00" in page
    assert "room changed from Hall B to Strauss Room" in page


def test_editing_a_draft_records_no_change(session91):
    slot = make_slot(session91, publish=False, start=at(session91, 0, 9), end=at(session91, 0, 10))
    slot.start = at(session91, 0, 8)
    services.slot_save(slot=slot)
    assert SlotChange.objects.count() == 0


def test_publish_unpublish_cancel_duplicate_are_audited(session91, rooms, client):
    slot = make_slot(
        session91, publish=False, start=at(session91, 0, 9), end=at(session91, 0, 10), room=rooms[0]
    )
    assert client.get(f"/en/agenda/items/{slot.slug}/").status_code == 404  # a draft is hidden
    services.slot_publish(slot=slot)
    assert client.get(f"/en/agenda/items/{slot.slug}/").status_code == 200
    services.slot_unpublish(slot=slot)
    assert client.get(f"/en/agenda/items/{slot.slug}/").status_code == 404
    services.slot_publish(slot=slot)
    services.slot_cancel(slot=slot)
    page = client.get(f"/en/agenda/items/{slot.slug}/").content.decode()
    assert "This slot has been cancelled." in page
    copy = services.slot_duplicate(slot=slot)
    assert (copy.status, copy.room, copy.slug) == ("draft", None, f"{slot.slug}-copy")
    assert copy.title_ar == slot.title_ar
    actions = list(
        AuditRecord.objects.filter(action__startswith="slot.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "slot.publish",
        "slot.unpublish",
        "slot.publish",
        "slot.cancel",
        "slot.duplicate",
    ]
    assert list(SlotChange.objects.order_by("id").values_list("kind", flat=True)) == [
        "unpublished",
        "published",
        "cancelled",
    ]


def test_capacity_belongs_to_side_events_only(session91):
    with pytest.raises(ValidationError) as error:
        make_slot(session91, start=at(session91, 0, 9), end=at(session91, 0, 10), capacity=10)
    assert error.value.message_dict["capacity"] == ["Only a side event has a capacity."]


def test_interpretation_languages_are_working_languages(session91):
    with pytest.raises(ValidationError):
        make_slot(
            session91,
            start=at(session91, 0, 9),
            end=at(session91, 0, 10),
            interpretation_languages=["de"],
        )


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="officer", email="officer@example.org", password="x"
    )
    client.force_login(user)
    return client


def _admin_form(session, room, start, end, slug):
    data = {
        "session": session.pk,
        "slug": slug,
        "kind": "panel",
        "title_en": "New panel",
        "title_fr": "Nouvelle table ronde",
        "title_es": "Nueva mesa redonda",
        "title_ar": "حلقة نقاش جديدة",
        "start_0": start.strftime("%Y-%m-%d"),
        "start_1": start.strftime("%H:%M:%S"),
        "end_0": end.strftime("%Y-%m-%d"),
        "end_1": end.strftime("%H:%M:%S"),
        "room": room.pk,
        "is_public": "on",
        "status": "draft",
        "interpretation_languages": ["en"],  # one checkbox per working language
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
        "appearances-MIN_NUM_FORMS": "0",
        "appearances-MAX_NUM_FORMS": "1000",
    }
    return data


def test_the_admin_names_the_slot_that_holds_the_room(staff_client, session91, rooms):
    # The form's times are typed in Vienna time (the session's zone), not in UTC.
    make_slot(
        session91,
        titles={"en": "Budget sitting", "fr": "x", "es": "x", "ar": "x"},
        start=at(session91, 2, 9),
        end=at(session91, 2, 10, 30),
        room=rooms[0],
    )
    response = staff_client.post(
        "/admin/agenda/programmeslot/add/",
        _admin_form(session91, rooms[0], at(session91, 2, 10), at(session91, 2, 11), "clash"),
    )
    assert response.status_code == 200
    assert "The room is already booked for “Budget sitting” (09:00–10:30)." in (
        response.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    )
    assert not ProgrammeSlot.objects.filter(slug="clash").exists()
    response = staff_client.post(
        "/admin/agenda/programmeslot/add/",
        _admin_form(session91, rooms[0], at(session91, 2, 11), at(session91, 2, 12), "fits"),
    )
    assert response.status_code == 302
    assert ProgrammeSlot.objects.get(slug="fits").start == at(session91, 2, 11)


def test_admin_actions_go_through_the_services(staff_client, session91, rooms):
    slot = make_slot(session91, publish=False, start=at(session91, 0, 9), end=at(session91, 0, 10))
    response = staff_client.post(
        "/admin/agenda/programmeslot/",
        {"action": "publish", "_selected_action": [slot.pk]},
    )
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.status == "published"
    assert AuditRecord.objects.filter(action="slot.publish", target_id=str(slot.pk)).count() == 1
    make_slot(
        session91,
        titles={"en": "Untranslated", "fr": "Non traduit", "es": "Sin traducir"},
        start=at(session91, 0, 11),
        end=at(session91, 0, 12),
    )
    listing = staff_client.get("/admin/agenda/programmeslot/").content.decode()
    assert "Missing languages" in listing
    assert '<td class="field-missing_languages">ar</td>' in listing
    assert '<td class="field-missing_languages">—</td>' in listing  # no description is not missing


def test_time_is_shown_in_the_session_time_zone_with_the_zone_named(session91, client):
    make_slot(
        session91,
        slug="early",
        start=dt.datetime(2023, 11, 28, 8, 30, tzinfo=dt.UTC),
        end=dt.datetime(2023, 11, 28, 9, 30, tzinfo=dt.UTC),
    )
    page = client.get("/en/agenda/").content.decode()
    assert "09:30" in page and "10:30" in page  # 08:30 UTC is 09:30 in Vienna in November
    # The zone named once, in the reader's words, not by its identifier (issue 13).
    assert "All times are in the session's time zone: Central European Time." in page
    assert "Europe/Vienna" not in page


def test_the_admin_names_the_slot_where_the_speaker_already_speaks(staff_client, session91, rooms):
    speaker = make_speaker(name="Farid Mithal")
    busy = make_slot(
        session91,
        titles={"en": "Panel on partnerships", "fr": "x", "es": "x", "ar": "x"},
        start=at(session91, 2, 16),
        end=at(session91, 2, 17, 30),
        room=rooms[1],
    )
    services.slot_speaker_set(slot=busy, speaker=speaker, role="panellist")
    data = _admin_form(session91, rooms[2], at(session91, 2, 17), at(session91, 2, 18), "overlap")
    data.update(
        {
            "appearances-TOTAL_FORMS": "1",
            "appearances-0-speaker": speaker.pk,
            "appearances-0-role": "speaker",
            "appearances-0-order": "0",
        }
    )
    response = staff_client.post("/admin/agenda/programmeslot/add/", data)
    page = response.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert "Farid Mithal already speaks in “Panel on partnerships” at the same time." in page
    assert not ProgrammeSlot.objects.filter(slug="overlap").exists()
