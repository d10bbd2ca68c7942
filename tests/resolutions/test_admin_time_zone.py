"""The resolutions back office shows times in the session's zone, named, as the public pages do."""

import datetime as dt

import pytest

from resolutions import services
from resolutions.models import Ballot, Vote

from .factories import accredit, circulated_draft, open_ballot

pytestmark = pytest.mark.django_db

CLOSED_AT = dt.datetime(2023, 11, 29, 11, 15, tzinfo=dt.UTC)  # 12:15 in Vienna (CET)


@pytest.fixture
def closed_ballot(session91):
    assert session91.time_zone == "Europe/Vienna"
    (france,) = accredit(session91, "FR")
    ballot = open_ballot(session91, circulated_draft(session91, "Timed"), method="roll_call")
    services.roll_call_record(ballot=ballot, votes={france.pk: "yes"})
    services.ballot_close(ballot=ballot, at=CLOSED_AT)
    Vote.objects.filter(ballot=ballot).update(recorded_at=CLOSED_AT)
    Ballot.objects.filter(pk=ballot.pk).update(opened_at=CLOSED_AT - dt.timedelta(minutes=30))
    return ballot


def test_ballot_list_shows_the_session_time_with_its_zone(admin_client, closed_ballot):
    html = admin_client.get("/admin/resolutions/ballot/").content.decode()
    assert "12:15 CET" in html
    assert "11:15" not in html


def test_ballot_record_shows_the_session_times_with_their_zone(admin_client, closed_ballot):
    html = admin_client.get(f"/admin/resolutions/ballot/{closed_ballot.pk}/change/").content
    html = html.decode()
    assert "11:45 CET" in html  # opened
    assert "12:15 CET" in html  # closed
    assert "11:15" not in html and "10:45" not in html


def test_vote_list_shows_the_session_time(admin_client, closed_ballot):
    html = admin_client.get("/admin/resolutions/vote/").content.decode()
    assert "12:15 CET" in html
    assert "11:15" not in html


def test_draft_record_shows_the_session_time(admin_client, closed_ballot):
    draft = closed_ballot.draft
    draft.refresh_from_db()
    type(draft).objects.filter(pk=draft.pk).update(status_changed_at=CLOSED_AT)
    html = admin_client.get(f"/admin/resolutions/draftresolution/{draft.pk}/change/").content
    assert "12:15 CET" in html.decode()
    assert "11:15" not in html.decode()
