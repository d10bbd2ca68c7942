"""The public page of the Executive Committee: members, posts, regions, terms, and the
published results of the current session's elections (never who voted for whom)."""

import pytest
from django.utils import translation

from resolutions import services

from .factories import accredit, members
from .test_elections import candidates, election, sit

pytestmark = pytest.mark.django_db


def hand_round(session, elect, tellers_for):
    """Round 1 of ``elect`` counted by the tellers: ``tellers_for(results)`` gives the totals."""
    ballot = services.election_put_to_vote(election=elect, electronic=False)
    services.ballot_open(ballot=ballot)
    voters = members("FR", "DE", "AT", "IT", "ES")
    services.roll_call_record(ballot=ballot, votes={c.pk: services.TOOK_PART for c in voters})
    services.ballot_close(ballot=ballot, tellers=tellers_for(ballot))
    ballot.refresh_from_db()
    return ballot


def test_the_page_shows_the_committee_and_the_published_results(client, session91):
    year = session91.year
    accredit(session91, "FR", "DE", "AT", "IT", "ES")
    sit("KE", "Grace Wanjiru", "vice_president", year - 2, year + 1, region="africa")
    sit("AE", "Hamid Al-Mansouri", "president", year - 4, year)
    elect = election(session91)
    made = candidates(elect, SG="Mei Lin Tan", MX="Rafael Ortega")
    hand_round(
        session91,
        elect,
        lambda b: {
            "candidates": {made["SG"].pk: 4, made["MX"].pk: 0},
            "blank": 1,
            "invalid": 0,
        },
    )
    response = client.get("/en/executive-committee/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Grace Wanjiru" in html and "Vice-President for Africa" in html
    assert "Mei Lin Tan" in html and "elected at this session" in html
    assert "Hamid Al-Mansouri" in html  # outgoing, listed apart
    assert 'translate="no">Mei Lin Tan<' in html
    # The result table: votes per candidate, blank, majority; never a country's vote.
    assert "Blank ballot papers" in html and "Majority required" in html
    assert "took part" not in html
    response = client.get("/ar/executive-committee/")
    with translation.override("ar"):
        assert members("SG")[0].name in response.content.decode()


def test_the_page_runs_a_fixed_number_of_queries(client, session91, django_assert_num_queries):
    year = session91.year
    accredit(session91, "FR", "DE", "AT", "IT", "ES")
    sit("KE", "Grace Wanjiru", "vice_president", year - 2, year + 1, region="africa")
    elect = election(session91)
    made = candidates(elect, SG="Mei Lin Tan")
    hand_round(
        session91, elect, lambda b: {"candidates": {made["SG"].pk: 5}, "blank": 0, "invalid": 0}
    )
    with django_assert_num_queries(6):
        client.get("/en/executive-committee/")
    regions = {"FR": "europe", "BR": "americas", "JP": "asia", "NG": "africa", "CL": "americas"}
    for index, (iso, region) in enumerate(regions.items()):
        sit(iso, f"Member {index}", "delegate", year - 1, year + 2, region=region)
    second = election(session91, post="delegate", region="europe", seats=2)
    more = candidates(second, IT="A B", ES="C D", PT="E F")
    hand_round(
        session91,
        second,
        lambda b: {
            "candidates": {more["IT"].pk: 4, more["ES"].pk: 3, more["PT"].pk: 1},
            "blank": 0,
            "invalid": 0,
            "cast": 5,
        },
    )
    election(session91, post="delegate", region="asia", seats=2)
    with django_assert_num_queries(6):
        response = client.get("/en/executive-committee/")
    assert len(response.context["members"]) == 2 + 5 + 2  # and IT, ES elected
    assert len(response.context["elections"]) == 3


def test_the_back_offices_result_sheet_of_an_election_round(admin_client, session91):
    accredit(session91, "FR", "DE", "AT", "IT", "ES")
    elect = election(session91)
    made = candidates(elect, SG="Mei Lin Tan", MX="Rafael Ortega")
    ballot = hand_round(
        session91,
        elect,
        lambda b: {"candidates": {made["SG"].pk: 2, made["MX"].pk: 2}, "blank": 1, "invalid": 0},
    )
    response = admin_client.get(f"/admin/resolutions/ballot/{ballot.pk}/result-sheet/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mei Lin Tan" in html and "Blank ballot papers" in html
    assert ballot.outcome == "further_ballot"  # a tie, short of two-thirds
