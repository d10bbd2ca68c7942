"""SECURITY.md 20–22 and the reference numbers, on PostgreSQL with real threads."""

import random
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from assembly.models import AssemblySession
from resolutions import services
from resolutions.models import Ballot, DraftResolution, Vote

from .factories import accredit, circulated_draft, open_ballot

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_in_threads(functions):
    """Start every function at once (a barrier) and collect results or errors."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def worker(index, function):
        try:
            barrier.wait()
            results[index] = ("ok", function())
        except Exception as error:  # collected: the test asserts on it
            results[index] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_a_country_voting_twice_at_once_keeps_one_vote_row(session91):
    (france,) = accredit(session91, "FR")
    ballot = open_ballot(session91)
    results = run_in_threads(
        [
            lambda choice=choice: services.vote_record(ballot=ballot, country=france, choice=choice)
            for choice in ("yes", "no", "abstain", "yes", "no", "abstain")
        ]
    )
    assert [kind for kind, _ in results] == ["ok"] * 6
    assert Vote.objects.filter(ballot=ballot, country=france).count() == 1


def test_votes_racing_the_closing_are_refused_or_counted(session91):
    countries = accredit(session91, "FR", "DE", "ES", "IT", "PT", "BE", "NL", "LU")
    ballot = open_ballot(session91)
    functions = [
        lambda c=country: services.vote_record(ballot=ballot, country=c, choice="yes")
        for country in countries
    ]
    functions.append(lambda: services.ballot_close(ballot=ballot))
    results = run_in_threads(functions)
    refused = [r for kind, r in results if kind == "error"]
    assert all(isinstance(error, ValidationError) for error in refused)
    assert all("closed" in str(error) for error in refused)
    ballot.refresh_from_db()
    # Whatever won the race, the sheet equals the rows and no row came after closing.
    assert ballot.yes == Vote.objects.filter(ballot=ballot).count() == len(countries) - len(refused)
    assert all(v.recorded_at <= ballot.closed_at for v in Vote.objects.filter(ballot=ballot))


def test_published_tally_equals_vote_rows_after_random_changes(session91):
    isos = ["FR", "DE", "ES", "IT", "PT", "BE", "NL", "LU", "AT", "CH", "SE", "NO"]
    countries = accredit(session91, *isos)
    ballot = open_ballot(session91, method="roll_call")
    rng = random.Random(22)
    functions = []
    for _ in range(40):
        country = rng.choice(countries)
        choice = rng.choice(["yes", "no", "abstain"])
        functions.append(
            lambda c=country, v=choice: services.vote_record(ballot=ballot, country=c, choice=v)
        )
    run_in_threads(functions)
    services.ballot_close(ballot=ballot)
    ballot.refresh_from_db()
    rows = list(Vote.objects.filter(ballot=ballot).values_list("choice", flat=True))
    assert ballot.yes == rows.count("yes")
    assert ballot.no == rows.count("no")
    assert ballot.abstentions == rows.count("abstain")
    assert ballot.votes_cast == ballot.yes + ballot.no
    assert (
        ballot.participants
        == len(rows)
        == len(set(Vote.objects.filter(ballot=ballot).values_list("country", flat=True)))
    )


def test_ballots_closing_at_once_never_repeat_or_skip_a_reference(session91):
    accredit(session91, "FR")
    ballots = []
    for n in range(6):
        draft = circulated_draft(session91, f"Draft {n}")
        ballots.append(open_ballot(session91, draft, method="consensus"))
    results = run_in_threads([lambda b=b: services.ballot_close(ballot=b) for b in ballots])
    assert [kind for kind, _ in results] == ["ok"] * 6
    references = sorted(
        DraftResolution.objects.filter(session=session91).values_list("reference", flat=True)
    )
    assert references == [f"GA-2023-91-RES-{n:02d}" for n in range(1, 7)]
    assert AssemblySession.objects.get(pk=session91.pk).number == 91
    assert Ballot.objects.filter(status="closed").count() == 6
