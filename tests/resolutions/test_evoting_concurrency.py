"""SECURITY.md 20–22 for votes cast from the delegates' devices, on PostgreSQL with real
threads: one vote per country, no vote after the close, totals equal to the rows."""

import pytest
from django.core.exceptions import ValidationError

from resolutions import services
from resolutions.models import Ballot, BallotPaper, Vote

from .factories import open_device_ballot, voters
from .test_concurrency import run_in_threads

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CODES = ["FR", "DE", "ES", "IT", "PT", "BE", "NL", "LU", "AT", "CH", "SE", "NO"]


@pytest.mark.parametrize("method", ["secret", "recorded"])
def test_a_voting_delegate_voting_six_times_at_once_keeps_one_vote(session91, method):
    people = voters(session91, "FR")
    ballot = open_device_ballot(session91, method=method)
    results = run_in_threads(
        [
            lambda choice=choice: services.vote_cast(
                ballot=ballot, user=people["FR"], choice=choice
            )
            for choice in ("yes", "no", "abstain", "yes", "no", "abstain")
        ]
    )
    kinds = sorted(kind for kind, _ in results)
    assert kinds == ["error"] * 5 + ["ok"]
    assert all("already voted" in str(error) for kind, error in results if kind == "error")
    assert Vote.objects.filter(ballot=ballot).count() == 1
    used = BallotPaper.objects.filter(ballot=ballot).exclude(choice="").count()
    assert used == (1 if method == "secret" else 0)


@pytest.mark.parametrize("method", ["secret", "recorded"])
def test_votes_racing_the_close_are_refused_or_counted(session91, method):
    people = voters(session91, *CODES)
    ballot = open_device_ballot(session91, method=method)
    functions = [
        lambda user=user: services.vote_cast(ballot=ballot, user=user, choice="yes")
        for user in people.values()
    ]
    functions.append(lambda: services.ballot_close(ballot=ballot))
    results = run_in_threads(functions)
    refused = [error for kind, error in results if kind == "error"]
    assert all(isinstance(error, ValidationError) for error in refused)
    assert all("closed" in str(error) for error in refused)
    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.CLOSED
    counted = len(CODES) - len(refused)
    assert ballot.yes == ballot.participants == counted
    assert Vote.objects.filter(ballot=ballot).count() == counted
    if method == "secret":
        assert BallotPaper.objects.filter(ballot=ballot).exclude(choice="").count() == counted


def test_every_voter_at_once_on_a_secret_ballot_totals_equal_rows(session91):
    people = voters(session91, *CODES)
    ballot = open_device_ballot(session91)
    choices = dict(zip(CODES, ["yes", "no", "abstain"] * 4, strict=True))
    results = run_in_threads(
        [
            lambda code=code: services.vote_cast(
                ballot=ballot, user=people[code], choice=choices[code]
            )
            for code in CODES
        ]
    )
    assert [kind for kind, _ in results] == ["ok"] * len(CODES)
    receipts = [cast.receipt for _, cast in results]
    assert len(set(receipts)) == len(CODES)
    # Each receipt finds its own paper, with the choice of its voter.
    for code, (_, cast) in zip(CODES, results, strict=True):
        assert services.receipt_lookup(cast.receipt).choice == choices[code]
    services.ballot_close(ballot=ballot)
    ballot.refresh_from_db()
    assert (ballot.yes, ballot.no, ballot.abstentions) == (4, 4, 4)
    assert ballot.participants == Vote.objects.filter(ballot=ballot).count() == len(CODES)
