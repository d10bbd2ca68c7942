"""The chair's console: a ballot opened, suspended, resumed, closed and run again from one
staff page, its participation followed live, votes recorded by hand for a delegation without a
device."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assembly.models import AuditRecord, Country
from assembly.roles import REGISTRATION_OFFICERS, RESOLUTIONS_OFFICERS, roles_sync
from resolutions import services
from resolutions.models import Ballot, BallotPaper, Vote

from .factories import accredit, four, open_device_ballot, voters

pytestmark = pytest.mark.django_db


def console_url(ballot):
    return f"/admin/resolutions/ballot/{ballot.pk}/console/"


def move_url(ballot, move):
    return f"{console_url(ballot)}{move}/"


def state_url(ballot):
    return f"{console_url(ballot)}state.json"


def hand_url(ballot):
    return f"{console_url(ballot)}vote-by-hand/"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def officer(client):
    roles_sync()
    user = User.objects.create_user("officer", "o@example.org", "x", is_staff=True)
    user.groups.add(Group.objects.get(name=RESOLUTIONS_OFFICERS))
    client.force_login(user)
    return user


def prepared_device_ballot(session, method="secret"):
    return services.ballot_create(
        session=session,
        question="procedural",
        method=method,
        subjects=four("Motion"),
        electronic=True,
    )


def audits(ballot, action):
    return AuditRecord.objects.filter(action=action, target_id=str(ballot.pk)).count()


def test_open_suspend_resume_close_from_the_console(client, officer, session91):
    people = voters(session91, "FR", "DE", "AT")
    ballot = prepared_device_ballot(session91)
    page = client.get(console_url(ballot))
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")
    html = page.content.decode()
    assert "Open the ballot" in html and "Suspend" not in html

    response = client.post(move_url(ballot, "open"), follow=True)
    ballot.refresh_from_db()
    assert ballot.status == "open" and ballot.version == 1
    assert messages_of(response) == ["The ballot is open."]
    assert audits(ballot, "resolution.ballot.open") == 1
    assert "0 of 3 entitled delegations have voted." in response.content.decode()

    services.vote_cast(ballot=ballot, user=people["FR"], choice="yes")
    client.post(move_url(ballot, "suspend"))
    ballot.refresh_from_db()
    assert ballot.status == "suspended" and ballot.version == 3
    assert audits(ballot, "resolution.ballot.suspend") == 1

    client.post(move_url(ballot, "resume"))
    ballot.refresh_from_db()
    assert ballot.status == "open" and ballot.version == 4
    assert audits(ballot, "resolution.ballot.resume") == 1

    # Closing asks for a confirmation first; an electronic secret ballot needs no tellers.
    confirm = client.get(move_url(ballot, "close"))
    assert confirm.status_code == 200
    assert confirm.context["tellers"] is None
    ballot.refresh_from_db()
    assert ballot.status == "open"
    response = client.post(move_url(ballot, "close"), {"confirm": "1"}, follow=True)
    ballot.refresh_from_db()
    assert ballot.status == "closed" and ballot.version == 5
    assert (ballot.yes, ballot.no, ballot.participants) == (1, 0, 1)
    assert messages_of(response) == ["The ballot is closed."]
    assert audits(ballot, "resolution.ballot.close") == 1


def test_close_without_confirmation_changes_nothing(client, officer, session91):
    accredit(session91, "FR")
    ballot = open_device_ballot(session91)
    response = client.post(move_url(ballot, "close"))
    assert response.status_code == 400  # the confirmation page again
    ballot.refresh_from_db()
    assert ballot.status == "open"


def test_a_non_electronic_secret_ballot_is_closed_with_the_tellers_totals(
    client, officer, session91
):
    countries = accredit(session91, "FR", "DE", "AT")
    ballot = services.ballot_create(
        session=session91, question="procedural", method="secret", subjects=four("Motion")
    )
    services.ballot_open(ballot=ballot)
    took_part = {country.pk: services.TOOK_PART for country in countries}
    services.roll_call_record(ballot=ballot, votes=took_part, actor=None)
    page = client.get(move_url(ballot, "close"))
    assert page.context["tellers"] is not None
    refused = client.post(move_url(ballot, "close"), {"confirm": "1"})
    assert refused.status_code == 400
    ballot.refresh_from_db()
    assert ballot.status == "open"
    client.post(
        move_url(ballot, "close"),
        {"confirm": "1", "yes": 2, "no": 1, "abstentions": 0, "invalid": 0},
    )
    ballot.refresh_from_db()
    assert ballot.status == "closed" and (ballot.yes, ballot.no) == (2, 1)


def test_run_again_needs_a_reason_and_links_the_copy(client, officer, session91):
    accredit(session91, "FR")
    ballot = open_device_ballot(session91)
    refused = client.post(move_url(ballot, "run-again"), {"confirm": "1", "reason": "  "})
    assert refused.status_code == 400
    assert "reason" in refused.context["reason"].errors
    ballot.refresh_from_db()
    assert ballot.status == "open" and not Ballot.objects.filter(rerun_of=ballot).exists()

    response = client.post(
        move_url(ballot, "run-again"), {"confirm": "1", "reason": "Devices failed in row 4."}
    )
    ballot.refresh_from_db()
    copy = Ballot.objects.get(rerun_of=ballot)
    assert ballot.status == "void" and copy.status == "prepared" and copy.electronic
    assert response.url == console_url(copy)
    record = AuditRecord.objects.get(action="resolution.ballot.run_again")
    assert record.reason == "Devices failed in row 4."
    # The change pages link the void ballot and its rerun both ways.
    void_page = client.get(f"/admin/resolutions/ballot/{ballot.pk}/change/").content.decode()
    assert f'href="/admin/resolutions/ballot/{copy.pk}/change/"' in void_page
    copy_page = client.get(f"/admin/resolutions/ballot/{copy.pk}/change/").content.decode()
    assert f'href="/admin/resolutions/ballot/{ballot.pk}/change/"' in copy_page
    assert f'href="{console_url(copy)}"' in copy_page


@pytest.mark.parametrize(
    ("status", "move"),
    [
        ("prepared", "suspend"),
        ("prepared", "close"),
        ("prepared", "run-again"),
        ("open", "open"),
        ("open", "resume"),
        ("suspended", "close"),
        ("suspended", "suspend"),
    ],
)
def test_a_move_refused_gives_a_message_and_changes_nothing(
    client, officer, session91, status, move
):
    accredit(session91, "FR")
    ballot = prepared_device_ballot(session91)
    if status != "prepared":
        services.ballot_open(ballot=ballot)
    if status == "suspended":
        services.ballot_suspend(ballot=ballot, actor=None)
    ballot.refresh_from_db()
    version, records = ballot.version, AuditRecord.objects.count()
    response = client.post(move_url(ballot, move), {"confirm": "1", "reason": "x"}, follow=True)
    assert response.status_code == 200
    assert len(messages_of(response)) == 1
    assert messages_of(response)[0].startswith(f"The ballot is {status}")
    ballot.refresh_from_db()
    assert (ballot.status, ballot.version) == (status, version)
    assert AuditRecord.objects.count() == records


def test_a_second_ballot_cannot_be_opened_while_one_is_under_way(client, officer, session91):
    accredit(session91, "FR")
    open_device_ballot(session91)
    second = prepared_device_ballot(session91)
    response = client.post(move_url(second, "open"), follow=True)
    assert messages_of(response) == ["Another ballot of this session is under way: close it first."]
    second.refresh_from_db()
    assert second.status == "prepared"


def test_an_unknown_move_is_refused(client, officer, session91):
    ballot = prepared_device_ballot(session91)
    assert client.post(move_url(ballot, "adopt")).status_code == 403


@pytest.mark.parametrize("who", ["registrar", "delegate", "anonymous"])
def test_only_resolutions_officers_run_the_console(client, session91, who):
    roles_sync()
    people = voters(session91, "FR")
    ballot = prepared_device_ballot(session91)
    if who == "registrar":
        user = User.objects.create_user("registrar", "r@example.org", "x", is_staff=True)
        user.groups.add(Group.objects.get(name=REGISTRATION_OFFICERS))
        client.force_login(user)
    elif who == "delegate":
        client.force_login(people["FR"])
    expected = 403 if who == "registrar" else 302
    for url in (console_url(ballot), state_url(ballot), move_url(ballot, "close")):
        response = client.get(url)
        assert response.status_code == expected, url
        if expected == 302:
            assert response.url.startswith("/admin/login/")
    assert client.post(move_url(ballot, "open")).status_code == expected
    assert client.post(hand_url(ballot), {"country": 1, "choice": "yes"}).status_code == expected
    ballot.refresh_from_db()
    assert (
        ballot.status == "prepared"
        and not AuditRecord.objects.filter(action="resolution.ballot.open").exists()
    )


def test_a_vote_by_hand_on_a_secret_ballot_shows_the_receipt_once(client, officer, session91):
    france, germany = accredit(session91, "FR", "DE")
    ballot = open_device_ballot(session91)
    page = client.get(console_url(ballot))
    assert [c.pk for c in page.context["hand_form"].fields["country"].queryset] != []
    response = client.post(hand_url(ballot), {"country": france.pk, "choice": "no"})
    assert response.status_code == 200
    receipt = response.context["receipt"]
    html = response.content.decode()
    assert receipt in html
    assert "Give this code to the delegation; it is not stored" in html
    assert "no-store" in response["Cache-Control"]
    paper = services.receipt_lookup(receipt)
    assert paper.ballot == ballot and paper.choice == "no"
    vote = Vote.objects.get(ballot=ballot)
    assert (vote.country, vote.choice, vote.recorded_by) == (france, None, officer)
    record = AuditRecord.objects.get(action="resolution.vote.by_hand")
    assert record.data == {"country": france.pk} and record.actor == officer
    # The receipt is not kept anywhere the officer could find it again.
    assert receipt not in client.get(console_url(ballot)).content.decode()
    # France has voted: it is no longer offered.
    offered = client.get(console_url(ballot)).context["hand_form"].fields["country"].choices
    assert [label for _value, label in offered] == ["—", str(germany.name)]


def test_a_vote_by_hand_on_a_recorded_ballot_shows_on_the_console(client, officer, session91):
    france, _germany = accredit(session91, "FR", "DE")
    ballot = open_device_ballot(session91, method="recorded")
    response = client.post(hand_url(ballot), {"country": france.pk, "choice": "yes"}, follow=True)
    assert messages_of(response) == ["The vote of France is recorded."]
    assert response.context["state"]["votes"][0]["country"] == france
    assert response.context["state"]["votes"][0]["choice"] == "yes"
    assert Vote.objects.get(ballot=ballot).recorded_by == officer


@pytest.mark.parametrize("case", ["voted", "ineligible", "bad choice"])
def test_a_vote_by_hand_refused_stores_nothing(client, officer, session91, case):
    people = voters(session91, "FR", "DE")
    ballot = open_device_ballot(session91)
    services.vote_cast(ballot=ballot, user=people["FR"], choice="yes")
    country = {
        "voted": Country.objects.get(iso_code="FR"),
        "ineligible": Country.objects.get(iso_code="BR"),  # credentials not accepted
        "bad choice": Country.objects.get(iso_code="DE"),
    }[case]
    choice = "maybe" if case == "bad choice" else "no"
    before = (Vote.objects.count(), BallotPaper.objects.exclude(choice="").count())
    response = client.post(hand_url(ballot), {"country": country.pk, "choice": choice})
    assert response.status_code == 400
    assert response.context["hand_form"].errors
    assert "receipt" not in response.context
    assert (Vote.objects.count(), BallotPaper.objects.exclude(choice="").count()) == before


def test_no_hand_vote_on_a_suspended_ballot(client, officer, session91):
    (france,) = accredit(session91, "FR")
    ballot = open_device_ballot(session91)
    services.ballot_suspend(ballot=ballot, actor=None)
    assert client.get(console_url(ballot)).context["hand_form"] is None
    response = client.post(hand_url(ballot), {"country": france.pk, "choice": "yes"})
    assert response.status_code == 400
    assert "The ballot is suspended" in response.content.decode()
    assert not Vote.objects.exists()


def test_the_state_endpoint_answers_304_until_the_ballot_changes(client, officer, session91):
    people = voters(session91, "FR", "DE")
    ballot = open_device_ballot(session91, method="recorded")
    first = client.get(state_url(ballot))
    assert first.status_code == 200
    data = first.json()
    assert (data["voted"], data["entitled"], data["status"]) == (0, 2, "open")
    assert data["announcement"] == "0 of 2 entitled delegations have voted."
    etag = first["ETag"]
    assert client.get(state_url(ballot), headers={"If-None-Match": etag}).status_code == 304
    services.vote_cast(ballot=ballot, user=people["DE"], choice="no")
    second = client.get(state_url(ballot), headers={"If-None-Match": etag})
    assert second.status_code == 200 and second["ETag"] != etag
    assert second.json()["announcement"] == "1 of 2 entitled delegations have voted."
    assert "France" in second.json()["html"]  # not voted yet


def test_missing_countries_in_the_roll_call_order(client, officer, session91):
    accredit(session91, "FR", "DE", "AT", "BE")
    ballot = open_device_ballot(session91, method="recorded")  # letter drawn at random
    missing = client.get(console_url(ballot)).context["state"]["missing"]
    # Austria, the host, is called first.
    assert [c.iso_code for c in missing][0] == "AT"
    assert sorted(c.iso_code for c in missing) == ["AT", "BE", "DE", "FR"]


@pytest.mark.parametrize("method", ["secret", "recorded"])
def test_console_and_state_in_fixed_queries(
    client, officer, session91, django_assert_num_queries, method
):
    members = list(Country.objects.members().order_by("iso_code"))
    counts = {}
    for size in (3, 60):
        Ballot.objects.filter(session=session91, status__in=Ballot.LIVE_STATUSES).update(
            status="void"
        )
        accredit(session91, *(country.iso_code for country in members[:size]))
        ballot = open_device_ballot(session91, method=method)
        # Half of the countries have voted (participation rows, as the vote page leaves them).
        Vote.objects.bulk_create(
            Vote(ballot=ballot, country=country, choice="yes" if method == "recorded" else None)
            for country in members[: size // 2 + 1]
        )
        with CaptureQueriesContext(connection) as page:
            response = client.get(console_url(ballot))
        assert response.context["state"]["voted"] == size // 2 + 1
        with CaptureQueriesContext(connection) as state:
            assert client.get(state_url(ballot)).status_code == 200
        counts[size] = (len(page), len(state))
    assert counts[3] == counts[60]
    with django_assert_num_queries(counts[60][1]):
        client.get(state_url(ballot))


def test_the_changelist_and_dashboard_lead_to_the_console(client, officer, session91):
    accredit(session91, "FR")
    ballot = open_device_ballot(session91)
    changelist = client.get("/admin/resolutions/ballot/").content.decode()
    assert f'href="{console_url(ballot)}"' in changelist
    dashboard = client.get("/admin/").content.decode()
    assert f'id="queue-live-ballot-{ballot.pk}"' in dashboard
    assert f'href="{console_url(ballot)}"' in dashboard


def test_the_dashboard_leads_to_every_ballot_under_way(client, officer, session91):
    """A ballot voted by hand may run beside the one cast from the devices: the dashboard
    leads to both consoles, the devices' ballot first."""
    accredit(session91, "FR")
    by_hand = services.ballot_create(
        session=session91, question="procedural", method="recorded", subjects=four("By hand")
    )
    services.ballot_open(ballot=by_hand)
    device = open_device_ballot(session91)
    dashboard = client.get("/admin/").content.decode()
    assert dashboard.index(f'href="{console_url(device)}"') < dashboard.index(
        f'href="{console_url(by_hand)}"'
    )
    services.ballot_close(ballot=device)
    dashboard = client.get("/admin/").content.decode()
    assert f'href="{console_url(device)}"' not in dashboard
    assert f'href="{console_url(by_hand)}"' in dashboard


def test_the_ballot_form_offers_the_electronic_vote(client, officer, session91):
    data = {
        "session": session91.pk,
        "question": "procedural",
        "method": "secret",
        "majority_rule": "",
        "electronic": "on",
        **{f"subject_{code}": f"Motion {code}" for code in ("en", "fr", "es", "ar")},
    }
    page = client.get("/admin/resolutions/ballot/add/").content.decode()
    assert 'name="electronic"' in page
    response = client.post("/admin/resolutions/ballot/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    ballot = Ballot.objects.get(subject_en="Motion en")
    assert ballot.electronic and ballot.status == "prepared"
