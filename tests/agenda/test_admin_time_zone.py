"""The programme slot admin shows and reads times in the session's time zone (both ways)."""

import pytest

from agenda.models import ProgrammeSlot


@pytest.mark.django_db
def test_change_form_shows_the_time_it_reads(full_demo, admin_client):
    slot = ProgrammeSlot.objects.get(slug="plenary-1", session__number=91)  # 10:00 UTC
    response = admin_client.get(f"/admin/agenda/programmeslot/{slot.pk}/change/")
    content = response.content.decode()
    # Vienna is UTC+1 in November: the form says 11:00, as the field's help text promises.
    assert 'name="start_1" value="11:00:00"' in content, "the form shows UTC times"
    assert 'name="end_1" value="12:30:00"' in content


@pytest.mark.django_db
def test_slot_list_names_the_session_zone(full_demo, admin_client):
    slot = ProgrammeSlot.objects.get(slug="plenary-1", session__number=91)  # 10:00 UTC
    response = admin_client.get(
        f"/admin/agenda/programmeslot/?session__id__exact={slot.session_id}"
    )
    content = response.content.decode()
    assert "11:00 CET" in content and "12:30 CET" in content
