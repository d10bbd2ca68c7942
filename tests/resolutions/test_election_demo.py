"""The demo's elections at the 91st session show the rules: reasons of ineligibility, the
President's two-thirds missed twice then a simple majority, a tie then a further ballot."""

import io

import pytest

from resolutions import demo
from resolutions.models import Ballot, Candidature, CommitteeMembership, Election

pytestmark = pytest.mark.django_db


def test_the_demo_elections_follow_the_rules_and_seeding_twice_adds_nothing(session91):
    demo.seed(stdout=io.StringIO())
    counts = (
        CommitteeMembership.objects.count(),
        Ballot.objects.filter(question="election").count(),
    )
    demo.seed(stdout=io.StringIO())
    assert (
        counts
        == (
            CommitteeMembership.objects.count(),
            Ballot.objects.filter(question="election").count(),
        )
        == (15, 5)
    )
    president = Election.objects.get(session=session91, post="president")
    rounds = list(president.ballots.order_by("round"))
    assert [(b.round, b.majority_rule, b.outcome) for b in rounds] == [
        (1, "two_thirds_present_voting", "further_ballot"),
        (2, "two_thirds_present_voting", "further_ballot"),
        (3, "simple", "elected"),
    ]
    for ballot in rounds:
        assert sum(r.votes for r in ballot.candidate_results.all()) == ballot.votes_cast
    reasons = dict(
        Candidature.objects.filter(election=president).values_list("candidate_name", "reason")
    )
    assert reasons == {
        "Mei Lin Tan": "",
        "Rafael Ortega": "",
        "Hamid Al-Mansouri": "re_election",
        "Olga Novak": "region_taken",
        "Samuel Adeyemi": "region_taken",
        "Tomás Rivera": "late",
    }
    africa = Election.objects.get(session=session91, post="delegate")
    first, second = africa.ballots.order_by("round")
    assert len({r.votes for r in first.candidate_results.all()}) == 1  # the tie
    assert second.outcome == "elected"
    elected = CommitteeMembership.objects.filter(start_year=session91.year)
    assert sorted((m.person_name, m.post, m.end_year) for m in elected) == [
        ("Aïcha Koné", "delegate", 2026),
        ("Mei Lin Tan", "president", 2027),
    ]
    pending = Election.objects.get(session=session91, post="vice_president")
    assert pending.status == "candidatures"
