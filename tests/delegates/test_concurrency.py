"""Races on PostgreSQL with real threads (SECURITY.md 18, 23; RP 7(1) under a row lock)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from delegates import services
from delegates.models import Credentials, Delegation, Registration

from .factories import _english, make_person, register  # noqa: F401  (autouse)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_in_parallel(functions):
    """Start every function at the same moment in its own thread (own connection); return
    each one's result or exception, in order."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def worker(index, function):
        try:
            barrier.wait()
            results[index] = function()
        except Exception as error:  # the outcome is what the test examines
            results[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(index, function))
        for index, function in enumerate(functions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def world(session91, austria):
    return session91, austria


def test_same_person_submitting_twice_in_parallel_gets_one_row(world):
    """SECURITY.md 18."""
    session, austria = world
    person = make_person(country=austria)
    delegation = services.delegation_for(session=session, country=austria)

    def submit():
        return services.registration_submit(
            person=person, session=session, category="delegate", delegation=delegation, actor=None
        )

    results = run_in_parallel([submit] * 6)
    registrations = [r for r in results if isinstance(r, Registration)]
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(registrations) == 1
    assert len(refusals) == 5
    assert {tuple(error.messages) for error in refusals} == {
        ("You are already registered for this session.",)
    }
    assert Registration.objects.filter(person=person).count() == 1


def test_the_tenth_counted_place_goes_to_one_of_many_parallel_confirmations(world):
    """RP 7(1): at most ten counted delegates, enforced under a lock on the delegation when a
    request is confirmed (a request holds no seat, SECURITY.md 33)."""
    session, austria = world
    register(session=session, country=austria, category="head", status="approved")
    for _ in range(8):
        register(session=session, country=austria, category="delegate", status="approved")
    delegation = Delegation.objects.get(session=session, country=austria)
    requests = [register(session=session, country=austria) for _ in range(8)]

    def approve(request):
        return lambda: services.registration_approve(registration=request, actor=None)

    results = run_in_parallel([approve(request) for request in requests])
    assert sum(isinstance(r, Registration) for r in results) == 1
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(refusals) == 7
    assert all("already has 10 delegates" in error.messages[0] for error in refusals)
    counted = Registration.objects.filter(
        delegation=delegation, category__in=["head", "delegate"], status="approved"
    )
    assert counted.count() == 10


def test_two_heads_confirmed_in_parallel_one_wins(world):
    session, austria = world
    delegation = services.delegation_for(session=session, country=austria)
    requests = [register(session=session, country=austria, category="head") for _ in range(4)]

    def approve(request):
        return lambda: services.registration_approve(registration=request, actor=None)

    results = run_in_parallel([approve(request) for request in requests])
    assert sum(isinstance(r, Registration) for r in results) == 1
    assert (
        Registration.objects.filter(
            delegation=delegation, category="head", status="approved"
        ).count()
        == 1
    )


def test_ten_parallel_self_registrations_then_the_heads_nominations_succeed(world):
    """SECURITY.md 33: ten accounts register in parallel as members of one country; they all
    wait as requests and hold no seat. The confirmed head then nominates nine members, who
    accept in parallel: every nomination succeeds and the ten seats are the head's and theirs.
    The requests can no longer be confirmed."""
    import re

    from django.core import mail

    from delegates.models import Invitation

    from .factories import make_user

    session, austria = world
    head = register(session=session, country=austria, category="head", status="approved", user=True)
    delegation = head.delegation
    people = [make_person(user=make_user(), country=austria) for _ in range(10)]

    def submit(person, category):
        return lambda: services.registration_submit(
            person=person,
            session=session,
            category=category,
            delegation=delegation,
            actor=person.user,
        )

    categories = ["head", "delegate"] * 5
    results = run_in_parallel(
        [submit(person, category) for person, category in zip(people, categories, strict=True)]
    )
    # A request as head is refused outright (the head is confirmed); the others wait.
    requests = [r for r in results if isinstance(r, Registration)]
    assert len(requests) == 5
    assert {r.status for r in requests} == {"submitted"}
    assert all(
        "already has a head" in r.messages[0] for r in results if isinstance(r, ValidationError)
    )

    emails = [f"nominee{n}@example.org" for n in range(9)]
    mail.outbox.clear()
    for email in emails:
        services.invitation_create(
            delegation=delegation, email=email, category="delegate", actor=head.person.user
        )
    assert Invitation.objects.filter(delegation=delegation, status="pending").count() == 9
    link = re.compile(r"/delegates/invitation/([^/\s]+)/")
    tokens = {message.to[0]: link.search(message.body).group(1) for message in mail.outbox}
    nominees = {email: make_user(email) for email in emails}

    def accept(email):
        def run():
            invitation = services.invitation_by_token(tokens[email])
            return services.invitation_accept(
                invitation=invitation,
                user=nominees[email],
                profile={"given_name": "Nominee", "family_name": email[:8]},
            )

        return run

    accepted = run_in_parallel([accept(email) for email in emails])
    assert all(isinstance(r, Registration) for r in accepted), accepted
    seated = Registration.objects.filter(
        delegation=delegation, category__in=["head", "delegate"], status="approved"
    )
    assert seated.count() == 10

    def approve(request):
        return lambda: services.registration_approve(registration=request, actor=None)

    refused = run_in_parallel([approve(request) for request in requests])
    assert all(isinstance(r, ValidationError) for r in refused)
    assert seated.count() == 10


def test_first_registrations_of_a_country_in_parallel_make_one_delegation(world):
    session, austria = world
    results = run_in_parallel(
        [lambda: services.delegation_for(session=session, country=austria)] * 6
    )
    assert all(isinstance(r, Delegation) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Delegation.objects.filter(session=session, country=austria).count() == 1
    assert Credentials.objects.filter(delegation__country=austria).count() == 1


def test_two_staff_deciding_the_same_registration_one_is_told_of_the_conflict(world):
    """SECURITY.md 23: both loaded version 1; the second save is refused, not overwritten."""
    session, austria = world
    registration = register(session=session, country=austria)
    seen = registration.version

    def approve():
        return services.registration_approve(
            registration=registration, actor=None, expected_version=seen
        )

    def reject():
        return services.registration_reject(
            registration=registration, actor=None, reason="Not on the list", expected_version=seen
        )

    results = run_in_parallel([approve, reject])
    winners = [r for r in results if isinstance(r, Registration)]
    losers = [r for r in results if isinstance(r, ValidationError)]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0].code == "stale"
    registration.refresh_from_db()
    assert registration.status == winners[0].status
    assert registration.version == seen + 1
