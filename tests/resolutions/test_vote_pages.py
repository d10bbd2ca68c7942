"""The vote page, the receipt check and the hall screen (issue 15), through the client."""

import re

import pytest
from django.core.cache import cache

from assembly.models import AssemblySession, VotingRights
from resolutions import services
from resolutions.models import BallotPaper, Vote
from tests.delegates.factories import register

from .factories import members, open_device_ballot, voters

pytestmark = pytest.mark.django_db

VOTE = "/en/vote/"
RECEIPT = "/en/vote/receipt/"
HALL = "/en/hall/"


@pytest.fixture(autouse=True)
def _current(session91):
    """The 91st session is the current one, and the rate-limit counters start at zero."""
    AssemblySession.objects.update(is_current=False)
    AssemblySession.objects.filter(pk=session91.pk).update(is_current=True)
    cache.clear()


def _signed_in(client, user):
    client.force_login(user)
    return client


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _stored(ballot) -> tuple[int, int]:
    return (
        Vote.objects.filter(ballot=ballot).count(),
        BallotPaper.objects.filter(ballot=ballot).exclude(choice="").count(),
    )


# --- states of the vote page -----------------------------------------------------------------


def test_no_ballot_under_way(client, session91):
    people = voters(session91, "FR")
    response = _signed_in(client, people["FR"]).get(VOTE)
    assert response.status_code == 200
    assert "No ballot is under way." in _text(response)
    assert '<form method="post" action="/en/vote/"' not in _text(response)
    assert "no-store" in response["Cache-Control"]


def test_the_voting_delegate_sees_the_question_and_votes(client, session91):
    people = voters(session91, "FR", "DE")
    ballot = open_device_ballot(session91, method="recorded")
    client = _signed_in(client, people["FR"])
    page = _text(client.get(VOTE))
    assert "Motion (en)" in page
    assert "<legend>The vote of France</legend>" in page
    assert page.count('type="radio" name="choice"') == 3
    assert "Cast my vote" in page
    assert "vote is made public" in page
    response = client.post(VOTE, {"ballot": ballot.pk, "choice": "no"})
    assert response.status_code == 200
    assert "Your vote is recorded." in _text(response)
    assert "France has voted: no." in _text(response)
    assert "receipt__code" not in _text(response)
    assert Vote.objects.get(ballot=ballot).choice == "no"
    # Back on the page: what the country voted, and no form.
    page = _text(client.get(VOTE))
    assert "France has voted: no." in page and "Cast my vote" not in page


def test_a_secret_vote_shows_its_receipt_once_and_the_receipt_page_finds_it(client, session91):
    people = voters(session91, "FR", "DE")
    ballot = open_device_ballot(session91)
    client = _signed_in(client, people["FR"])
    assert "Only the totals are made public" in _text(client.get(VOTE))
    response = client.post(VOTE, {"ballot": ballot.pk, "choice": "yes"})
    assert response.status_code == 200
    code = re.search(r'class="receipt__code"[^>]*>([A-Z0-9-]{19})<', response.content.decode())
    assert code, "the receipt code is shown"
    code = code.group(1)
    assert "shown only this once" in _text(response)
    assert _stored(ballot) == (1, 1)
    assert Vote.objects.get(ballot=ballot).choice is None
    # Never shown again, not kept in the session.
    page = _text(client.get(VOTE))
    assert code not in page and "France has taken part in this secret ballot." in page
    assert code not in str(dict(client.session))
    # Anyone checks the code (signed out, typed in lower case without dashes).
    client.logout()
    answer = _text(client.post(RECEIPT, {"code": code.lower().replace("-", "")}))
    assert "Your ballot is in the count." in answer
    assert "Recorded on your ballot paper</dt><dd>Yes</dd>" in answer
    assert "Members entitled to vote" not in answer  # totals only once closed
    services.ballot_close(ballot=ballot)
    answer = _text(client.post(RECEIPT, {"code": code}))
    assert "Members entitled to vote" in answer and "Closed" in answer


def test_suspended_and_closed_ballots(client, session91):
    people = voters(session91, "FR", "DE")
    ballot = open_device_ballot(session91)
    client = _signed_in(client, people["FR"])
    services.ballot_suspend(ballot=ballot, actor=None)
    page = _text(client.get(VOTE))
    assert "The ballot is suspended" in page and "Cast my vote" not in page
    response = client.post(VOTE, {"ballot": ballot.pk, "choice": "yes"})
    assert response.status_code == 400
    assert "suspended" in _text(response)
    services.ballot_resume(ballot=ballot, actor=None)
    services.vote_cast(ballot=ballot, user=people["DE"], choice="no")
    services.ballot_close(ballot=ballot)
    page = _text(client.get(VOTE))
    assert "The ballot is closed." in page
    assert "Members entitled to vote" in page and "Cast my vote" not in page
    # A vote sent after the close: 400 with the reason, nothing stored.
    response = client.post(VOTE, {"ballot": ballot.pk, "choice": "yes"})
    assert response.status_code == 400
    assert "The ballot is closed: no vote can be recorded or changed." in _text(response)
    assert _stored(ballot) == (1, 1)


def test_a_country_votes_once(client, session91):
    people = voters(session91, "FR")
    ballot = open_device_ballot(session91)
    client = _signed_in(client, people["FR"])
    client.post(VOTE, {"ballot": ballot.pk, "choice": "yes"})
    response = client.post(VOTE, {"ballot": ballot.pk, "choice": "no"})
    assert response.status_code == 400
    assert "has already voted on this ballot" in _text(response)
    assert _stored(ballot) == (1, 1)


@pytest.mark.parametrize(
    "data",
    [{}, {"choice": "maybe"}, {"choice": "yes", "ballot": "x"}, {"choice": "yes", "ballot": 0}],
)
def test_bad_votes_answer_400_and_store_nothing(client, session91, data):
    people = voters(session91, "FR")
    ballot = open_device_ballot(session91)
    data = {"ballot": ballot.pk, **data}
    response = _signed_in(client, people["FR"]).post(VOTE, data)
    assert response.status_code == 400
    assert 'role="alert"' in _text(response) and "Cast my vote" in _text(response)
    assert _stored(ballot) == (0, 0)


def test_the_vote_form_is_protected_against_cross_site_requests(session91):
    from django.test import Client

    people = voters(session91, "FR")
    ballot = open_device_ballot(session91)
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["FR"])
    response = client.post(VOTE, {"ballot": ballot.pk, "choice": "yes"})
    assert response.status_code == 403
    assert _stored(ballot) == (0, 0)


def test_a_member_of_the_delegation_is_told_who_votes_and_cannot_vote(client, session91):
    people = voters(session91, "FR", "DE")
    ballot = open_device_ballot(session91)
    france = people["FR"].person.registrations.get().delegation.country
    head = people["FR"].person
    member = register(
        session=session91, country=france, category="delegate", status="approved", user=True
    )
    client = _signed_in(client, member.person.user)
    page = _text(client.get(VOTE))
    assert f"Your delegation&#x27;s vote is cast by {head.local_name}." in page
    assert "Cast my vote" not in page
    response = client.post(VOTE, {"ballot": ballot.pk, "choice": "yes"})
    assert response.status_code == 403
    assert "vote is cast by" in _text(response)
    assert _stored(ballot) == (0, 0)
    # A delegate of another country is not told who votes for France.
    client = _signed_in(client, people["DE"])
    assert head.local_name not in _text(client.get(VOTE))


def test_a_country_whose_voting_rights_are_suspended_is_told_why(client, session91):
    people = voters(session91, "FR", "BR")
    brazil = people["BR"].person.registrations.get().delegation.country
    VotingRights.objects.create(session=session91, country=brazil, status="suspended")
    ballot = open_device_ballot(session91)
    client = _signed_in(client, people["BR"])
    page = _text(client.get(VOTE))
    assert "Brazil may not vote on this ballot" in page and "Cast my vote" not in page
    response = client.post(VOTE, {"ballot": ballot.pk, "choice": "yes"})
    assert response.status_code == 400
    assert "may not vote on this ballot" in _text(response)
    assert _stored(ballot) == (0, 0)


def test_an_observer_and_a_head_without_accepted_credentials_cannot_vote(client, session91):
    from tests.delegates.factories import observer_organisation

    voters(session91, "FR")
    ballot = open_device_ballot(session91)
    organisation = observer_organisation()
    observer = register(
        session=session91,
        organisation=organisation,
        category="observer",
        status="approved",
        user=True,
    )
    unaccredited = register(
        session=session91,
        country=members("IT")[0],
        category="head",
        status="approved",
        user=True,
    )
    for user in (observer.person.user, unaccredited.person.user):
        client = _signed_in(client, user)
        assert "Cast my vote" not in _text(client.get(VOTE))
        response = client.post(VOTE, {"ballot": ballot.pk, "choice": "yes"})
        assert response.status_code in (400, 403)
    assert _stored(ballot) == (0, 0)


def test_staff_and_visitors_cannot_vote(client, session91, django_user_model):
    voters(session91, "FR")
    ballot = open_device_ballot(session91)
    response = client.post(VOTE, {"ballot": ballot.pk, "choice": "yes"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(VOTE).status_code == 302
    staff = django_user_model.objects.create_user("officer", "o@example.org", is_staff=True)
    client = _signed_in(client, staff)
    assert "Cast my vote" not in _text(client.get(VOTE))
    assert client.post(VOTE, {"ballot": ballot.pk, "choice": "yes"}).status_code == 403
    assert _stored(ballot) == (0, 0)


def test_the_arabic_vote_page_is_right_to_left(client, session91):
    people = voters(session91, "FR")
    open_device_ballot(session91)
    response = _signed_in(client, people["FR"]).get("/ar/vote/")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()
    hall = client.get("/ar/hall/")
    assert '<html lang="ar" dir="rtl">' in hall.content.decode()


def test_the_portal_links_the_vote_page_for_the_voting_delegate_only(client, session91):
    people = voters(session91, "FR")
    france = people["FR"].person.registrations.get().delegation.country
    member = register(
        session=session91, country=france, category="delegate", status="approved", user=True
    )
    assert 'href="/en/vote/"' in _text(_signed_in(client, people["FR"]).get("/en/delegates/"))
    assert 'href="/en/vote/"' not in _text(
        _signed_in(client, member.person.user).get("/en/delegates/")
    )


# --- state endpoints -------------------------------------------------------------------------


def test_vote_state_has_an_etag_and_answers_304_when_unchanged(client, session91):
    people = voters(session91, "FR", "DE")
    ballot = open_device_ballot(session91)
    client = _signed_in(client, people["FR"])
    response = client.get("/en/vote/state.json")
    assert response.status_code == 200
    assert response.json() == {
        "ballot": ballot.pk,
        "status": "open",
        "version": ballot.version,
        "voted": False,
    }
    assert "no-cache" in response["Cache-Control"]
    etag = response["ETag"]
    assert client.get("/en/vote/state.json", HTTP_IF_NONE_MATCH=etag).status_code == 304
    # Another country's vote changes nothing the page shows: still 304.
    services.vote_cast(ballot=ballot, user=people["DE"], choice="yes")
    assert client.get("/en/vote/state.json", HTTP_IF_NONE_MATCH=etag).status_code == 304
    services.ballot_suspend(ballot=ballot, actor=None)
    changed = client.get("/en/vote/state.json", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["status"] == "suspended"
    assert changed["ETag"] != etag
    assert client.get("/en/vote/state.json").status_code == 200
    client.logout()
    assert client.get("/en/vote/state.json").status_code == 302


def test_hall_state_follows_participation(client, session91):
    people = voters(session91, "FR", "DE", "AT")
    assert client.get("/en/hall/state.json").json()["ballot"] is None
    ballot = open_device_ballot(session91)
    response = client.get("/en/hall/state.json")
    assert response.json() == {
        "ballot": ballot.pk,
        "status": "open",
        "version": ballot.version,
        "entitled": 3,
        "voted": 0,
    }
    assert "no-cache" in response["Cache-Control"]
    etag = response["ETag"]
    assert client.get("/en/hall/state.json", HTTP_IF_NONE_MATCH=etag).status_code == 304
    services.vote_cast(ballot=ballot, user=people["FR"], choice="yes")
    response = client.get("/en/hall/state.json", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response.json()["voted"] == 1


# --- the hall screen -------------------------------------------------------------------------


def test_the_hall_screen_follows_the_ballot(client, session91):
    people = voters(session91, "FR", "DE", "AT")
    page = _text(client.get(HALL))
    assert "No ballot is under way." in page
    ballot = open_device_ballot(session91)
    services.vote_cast(ballot=ballot, user=people["FR"], choice="yes")
    response = client.get(HALL)
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    page = _text(response)
    assert "Motion (en)" in page and "1 of 3 delegations have voted" in page
    assert '<progress class="hall__progress" max="3" value="1"' in page
    services.ballot_suspend(ballot=ballot, actor=None)
    assert "Suspended" in _text(client.get(HALL))
    services.ballot_resume(ballot=ballot, actor=None)
    services.vote_cast(ballot=ballot, user=people["DE"], choice="no")
    services.ballot_close(ballot=ballot)
    page = _text(client.get(HALL))
    assert "Members entitled to vote" in page and "Majority required" in page
    assert "Secret ballot: only the totals are published." in page
    assert "France" not in page and "Germany" not in page


def test_the_hall_screen_lists_a_closed_recorded_ballot_country_by_country(client, session91):
    people = voters(session91, "FR", "DE")
    ballot = open_device_ballot(session91, method="recorded")
    services.vote_cast(ballot=ballot, user=people["FR"], choice="yes")
    services.vote_cast(ballot=ballot, user=people["DE"], choice="no")
    services.ballot_close(ballot=ballot)
    page = _text(client.get(HALL))
    assert "Vote of each country" in page
    assert page.index("Allemagne") if "Allemagne" in page else True
    assert "France" in page and "Germany" in page


def test_the_hall_screen_is_never_served_from_the_page_cache(client, session91):
    voters(session91, "FR")
    assert "No ballot is under way." in _text(client.get(HALL))
    open_device_ballot(session91)
    assert "No ballot is under way." not in _text(client.get(HALL))


# --- the receipt check -----------------------------------------------------------------------


@pytest.mark.parametrize("code", ["", "ABC", "A" * 41, "ABCD-EFGH-JKLM-NPQ\x00"])
def test_a_malformed_receipt_code_is_a_400(client, code):
    response = client.post(RECEIPT, {"code": code})
    assert response.status_code == 400
    assert 'role="alert"' in _text(response)


def test_an_unknown_receipt_code_and_the_rate_limit(client, settings):
    page = client.get(RECEIPT)
    assert page.status_code == 200 and 'name="code"' in _text(page)
    answer = client.post(RECEIPT, {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert "No ballot paper has this receipt code." in _text(answer)
    for _attempt in range(9):
        client.post(RECEIPT, {"code": "AAAA-BBBB-CCCC-DDDD"})
    limited = client.post(RECEIPT, {"code": "AAAA-BBBB-CCCC-DDDE"})
    assert limited.status_code == 429
    assert "Too many codes were checked" in _text(limited)


# --- a fixed number of queries ---------------------------------------------------------------

COUNTRIES = [
    "FR", "DE", "AT", "IT", "ES", "BR", "AR", "BE", "CA", "CH", "CL", "CN", "CO", "DK", "EG",
    "FI", "GB", "GR", "HU", "ID", "IE", "IN", "JO", "JP", "KE", "KR", "MA", "MX", "NL", "NO",
    "NG", "PE", "PL", "PT", "QA", "SA", "SE", "SN", "TN", "US",
]  # fmt: skip


@pytest.mark.parametrize("count", [3, 40])
def test_query_counts_do_not_grow_with_the_countries(
    client, session91, count, django_assert_num_queries
):
    people = voters(session91, *COUNTRIES[:count])
    ballot = open_device_ballot(session91, method="recorded")
    for code in COUNTRIES[1:count]:
        services.vote_cast(ballot=ballot, user=people[code], choice="yes")
    client = _signed_in(client, people["FR"])
    with django_assert_num_queries(6):
        assert client.get(VOTE).status_code == 200
    # Changed: the small state query, then what the page needs.
    with django_assert_num_queries(7):
        state = client.get("/en/vote/state.json")
    # Unchanged: the ballot's (id, status, version) only, before the session and the user are
    # read; the answer stays private.
    with django_assert_num_queries(1):
        unchanged = client.get("/en/vote/state.json", HTTP_IF_NONE_MATCH=state["ETag"])
    assert unchanged.status_code == 304 and "private" in unchanged["Cache-Control"]
    client.logout()
    with django_assert_num_queries(3):
        assert client.get(HALL).status_code == 200
    with django_assert_num_queries(4):
        response = client.get("/en/hall/state.json")
    # Unchanged: the ballot's (id, status, version) only.
    with django_assert_num_queries(1):
        assert (
            client.get("/en/hall/state.json", HTTP_IF_NONE_MATCH=response["ETag"]).status_code
            == 304
        )
    services.ballot_close(ballot=ballot)
    with django_assert_num_queries(3):
        assert client.get(HALL).status_code == 200


def test_the_hall_names_the_countries_yet_to_vote_on_a_recorded_ballot(client, session91):
    people = voters(session91, "FR", "DE", "AT")
    ballot = open_device_ballot(session91, method="recorded")
    services.vote_cast(ballot=ballot, user=people["DE"], choice="yes")
    page = _text(client.get(HALL))
    waiting = page.split("Yet to vote", 1)[1].split("</ul>", 1)[0]
    assert "France" in waiting and "Austria" in waiting and "Germany" not in waiting
    # A secret ballot names nobody; a closed recorded ballot lists the votes instead.
    services.ballot_close(ballot=ballot)
    assert "Yet to vote" not in _text(client.get(HALL))
    open_device_ballot(session91)
    page = _text(client.get(HALL))
    assert "0 of 3 delegations have voted" in page and "Yet to vote" not in page
