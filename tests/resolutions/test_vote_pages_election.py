"""An election's ballot on the screens (issue 15): the ballot paper on the vote page, the
receipt, the vote by hand and the close on the chair's console, the hall's result sheet."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache

from assembly.models import AssemblySession
from assembly.roles import RESOLUTIONS_OFFICERS, roles_sync
from resolutions import services
from resolutions.models import BallotPaper, Vote

from .factories import members, voters
from .test_elections import candidates, election

pytestmark = pytest.mark.django_db

VOTE = "/en/vote/"
RECEIPT = "/en/vote/receipt/"
HALL = "/en/hall/"


@pytest.fixture(autouse=True)
def _current(session91):
    AssemblySession.objects.update(is_current=False)
    AssemblySession.objects.filter(pk=session91.pk).update(is_current=True)
    cache.clear()


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _stored(ballot) -> tuple[int, int]:
    return (
        Vote.objects.filter(ballot=ballot).count(),
        BallotPaper.objects.filter(ballot=ballot).exclude(choice="").count(),
    )


def _president(session):
    elect = election(session)
    made = candidates(elect, SG="Mei Lin Tan", MX="Rafael Ortega")
    ballot = services.election_put_to_vote(election=elect)
    services.ballot_open(ballot=ballot)
    ballot.refresh_from_db()
    return ballot, made


def _group(session):
    elect = election(session, post="delegate", region="africa", seats=2)
    made = candidates(elect, SN="Aïcha Koné", GH="Joseph Mensah", CI="Awa Traoré")
    ballot = services.election_put_to_vote(election=elect)
    services.ballot_open(ballot=ballot)
    ballot.refresh_from_db()
    return ballot, made


def test_a_voter_marks_one_candidate_and_checks_the_receipt(client, session91):
    people = voters(session91, "FR", "DE")
    ballot, made = _president(session91)
    client.force_login(people["FR"])
    page = _text(client.get(VOTE))
    assert "<legend>The vote of France</legend>" in page
    assert "Mark up to 1 candidate, or cast a blank ballot." in page
    assert page.count('type="radio" name="candidates"') == 2
    assert '<bdi class="vote-choice__name" translate="no">Mei Lin Tan</bdi>' in page
    assert "Singapore" in page and "Mexico" in page
    assert 'name="choice" id="choice-blank" value="blank"' in page
    assert "Blank ballot" in page
    tan = made["SG"].pk
    response = client.post(VOTE, {"ballot": ballot.pk, "candidates": [tan]})
    assert response.status_code == 200
    assert "Your vote is recorded." in _text(response)
    code = re.search(r'class="receipt__code"[^>]*>([A-Z0-9-]{19})<', response.content.decode())
    assert code
    paper = BallotPaper.objects.get(ballot=ballot, choice="candidates")
    assert paper.candidates == [tan]
    client.logout()
    answer = _text(client.post(RECEIPT, {"code": code.group(1)}))
    assert "Your ballot is in the count." in answer
    assert '<bdi translate="no">Mei Lin Tan</bdi> (Singapore)' in answer
    assert "Rafael Ortega" not in answer


def test_a_two_seat_paper_takes_two_marks_never_three(client, session91):
    people = voters(session91, "FR", "DE", "AT")
    ballot, made = _group(session91)
    sn, gh, ci = (made[code].pk for code in ("SN", "GH", "CI"))
    client.force_login(people["FR"])
    page = _text(client.get(VOTE))
    assert page.count('type="checkbox" name="candidates"') == 3
    assert "Mark up to 2 candidates, or cast a blank ballot." in page
    response = client.post(VOTE, {"ballot": ballot.pk, "candidates": [sn, gh, ci]})
    assert response.status_code == 400
    assert "Mark at most 2 candidates: there are 2 seats to fill." in _text(response)
    assert _stored(ballot) == (0, 0)
    # The marks stay on the paper sent back.
    assert _text(response).count(" checked>") == 3
    response = client.post(
        VOTE, {"ballot": ballot.pk, "choice": "candidates", "candidates": [sn, gh]}
    )
    assert response.status_code == 200
    assert BallotPaper.objects.get(ballot=ballot, choice="candidates").candidates == sorted(
        [sn, gh]
    )


@pytest.mark.parametrize(
    "case", ["unknown", "other-round", "blank-with-marks", "nothing", "not-a-number", "yes"]
)
def test_a_paper_refused_stores_nothing(client, session91, case):
    people = voters(session91, "FR", "DE")
    ballot, made = _group(session91)
    other = election(session91, post="delegate", region="europe", seats=1)
    (outsider,) = candidates(other, NL="Anna de Vries").values()
    data = {
        "unknown": {"candidates": [999999]},
        "other-round": {"candidates": [outsider.pk]},
        "blank-with-marks": {"choice": "blank", "candidates": [made["SN"].pk]},
        "nothing": {},
        "not-a-number": {"candidates": ["1; DROP"]},
        "yes": {"choice": "yes"},
    }[case]
    client.force_login(people["FR"])
    response = client.post(VOTE, {"ballot": ballot.pk, **data})
    assert response.status_code == 400
    assert 'role="alert"' in _text(response)
    assert _stored(ballot) == (0, 0)


def test_a_blank_ballot(client, session91):
    people = voters(session91, "FR", "DE")
    ballot, _made = _president(session91)
    client.force_login(people["FR"])
    response = client.post(VOTE, {"ballot": ballot.pk, "choice": "blank"})
    assert response.status_code == 200
    paper = BallotPaper.objects.get(ballot=ballot, choice="blank")
    assert paper.candidates == []


@pytest.fixture
def officer(client):
    roles_sync()
    user = User.objects.create_user("officer", "o@example.org", "x", is_staff=True)
    user.groups.add(Group.objects.get(name=RESOLUTIONS_OFFICERS))
    return user


def test_the_console_votes_by_hand_closes_and_runs_an_election_again(client, officer, session91):
    people = voters(session91, "FR", "DE", "AT")
    ballot, made = _president(session91)
    tan, ortega = made["SG"].pk, made["MX"].pk
    client.force_login(officer)
    url = f"/admin/resolutions/ballot/{ballot.pk}/console/"
    page = _text(client.get(url))
    assert page.count('type="radio" name="candidates"') == 2
    assert '<bdi translate="no">Rafael Ortega</bdi>' in page and "Blank ballot" in page
    (france,) = members("FR")
    response = client.post(f"{url}vote-by-hand/", {"country": france.pk, "candidates": [ortega]})
    assert response.status_code == 200
    assert "Receipt code for France" in _text(response)
    assert BallotPaper.objects.get(ballot=ballot, choice="candidates").candidates == [ortega]
    # A paper with too many marks or an unknown mark: refused, nothing stored.
    (germany,) = members("DE")
    for data in ({"candidates": [tan, ortega]}, {"candidates": ["x"]}, {"choice": "maybe"}):
        response = client.post(f"{url}vote-by-hand/", {"country": germany.pk, **data})
        assert response.status_code == 400
    assert _stored(ballot) == (1, 1)
    services.vote_cast(ballot=ballot, user=people["DE"], choice="candidates", candidates=[tan])
    services.vote_cast(ballot=ballot, user=people["AT"], choice="candidates", candidates=[ortega])
    # Closed from the console: no tellers' form, the result per candidate.
    confirm = client.get(f"{url}close/")
    assert confirm.status_code == 200 and confirm.context["tellers"] is None
    response = client.post(f"{url}close/", {"confirm": "1"}, follow=True)
    page = _text(response)
    ballot.refresh_from_db()
    assert ballot.status == "closed" and ballot.votes_cast == 3
    assert '<th scope="row"><bdi translate="no">Rafael Ortega</bdi></th>' in page
    assert "Votes cast (papers marking candidates)" in page


def test_run_again_from_the_console_keeps_the_candidates(client, officer, session91):
    voters(session91, "FR", "DE")
    ballot, made = _president(session91)
    client.force_login(officer)
    url = f"/admin/resolutions/ballot/{ballot.pk}/console/"
    response = client.post(f"{url}run-again/", {"confirm": "1", "reason": "A device failed."})
    copy = ballot.rerun
    assert response.url == f"/admin/resolutions/ballot/{copy.pk}/console/"
    assert set(copy.candidate_results.values_list("candidature_id", flat=True)) == {
        made["SG"].pk,
        made["MX"].pk,
    }


def test_the_hall_shows_the_round_and_at_close_each_candidate(client, session91):
    people = voters(session91, "FR", "DE", "AT")
    ballot, made = _president(session91)
    page = _text(client.get(HALL))
    assert "President, ballot 1" in page
    assert "0 of 3 delegations have voted" in page
    tan = made["SG"]
    services.vote_cast(ballot=ballot, user=people["FR"], choice="candidates", candidates=[tan.pk])
    services.vote_cast(ballot=ballot, user=people["DE"], choice="candidates", candidates=[tan.pk])
    services.vote_cast(ballot=ballot, user=people["AT"], choice="blank")
    services.ballot_close(ballot=ballot)
    page = _text(client.get(HALL))
    assert (
        '<th scope="row"><bdi translate="no">Mei Lin Tan</bdi></th> '
        '<td class="election-result__text">Singapore</td> <td>2</td>' in page
    )
    assert "Rafael Ortega" in page and "Mexico" in page
    assert "Blank ballot papers</th><td>1</td>" in page
    assert "<strong>elected</strong>" in page
    arabic = client.get("/ar/hall/").content.decode()
    assert 'dir="rtl"' in arabic and "Mei Lin Tan" in arabic


CANDIDATES = [
    "SG", "MX", "BR", "AR", "CL", "CO", "PE", "JP", "KR", "IN", "ID", "CN",
]  # fmt: skip


@pytest.mark.parametrize("count", [3, 12])
def test_query_counts_do_not_grow_with_the_candidates(
    client, session91, count, django_assert_num_queries
):
    people = voters(session91, "FR", "DE")
    elect = election(session91)
    made = candidates(elect, **{code: f"Candidate {code}" for code in CANDIDATES[:count]})
    ballot = services.election_put_to_vote(election=elect)
    services.ballot_open(ballot=ballot)
    client.force_login(people["FR"])
    with django_assert_num_queries(8):
        page = client.get(VOTE)
    assert _text(page).count('name="candidates"') == count
    client.logout()
    with django_assert_num_queries(3):
        assert client.get(HALL).status_code == 200
    first = next(iter(made.values()))
    services.vote_cast(ballot=ballot, user=people["DE"], choice="candidates", candidates=[first.pk])
    services.ballot_close(ballot=ballot)
    # The ballot with its session, then its candidates' results with their countries.
    with django_assert_num_queries(2):
        page = client.get(HALL)
    assert _text(page).count('<th scope="row"><bdi translate="no">') == count


def test_a_tie_says_between_whom_the_further_ballot_is_held(client, session91):
    people = voters(session91, "FR", "DE", "AT", "IT")
    ballot, made = _group(session91)
    kone, mensah, traore = made["SN"], made["GH"], made["CI"]
    # Two seats: Koné first; Mensah and Traoré tie for the second seat.
    for code, marked in (("FR", [kone, mensah]), ("DE", [kone, traore]), ("AT", [kone])):
        services.vote_cast(
            ballot=ballot, user=people[code], choice="candidates", candidates=[c.pk for c in marked]
        )
    services.ballot_close(ballot=ballot)
    page = _text(client.get(HALL))
    # In the result table's order: most votes first, then by name.
    assert (
        'A further ballot is held between <bdi translate="no">Awa Traoré</bdi> and '
        '<bdi translate="no">Joseph Mensah</bdi>.'
    ) in page
    assert "Aïcha Koné</bdi> and" not in page and 'and <bdi translate="no">Aïcha' not in page
    # In Arabic the names keep their script, joined by the Arabic «و».
    arabic = _text(client.get("/ar/hall/"))
    assert re.search(r'<bdi translate="no">[^<]+</bdi> و<bdi translate="no">', arabic)
