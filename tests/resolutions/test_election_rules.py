"""Property tests of the Executive Committee's election rules (pure functions, no database).

Generated committees and candidatures, generated vote splits: whatever the data, electing only
the candidates the rules find eligible never puts two members from one country on the
Committee, never a President and a Vice-President from one region, never re-elects an outgoing
member to the same post or as a Delegate; the majority of each round and the further ballots
follow their definitions."""

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolutions.election_rules import (
    Candidate,
    Contest,
    Member,
    Post,
    decide_round,
    ineligibility,
    post_seats,
    post_term,
    required_votes,
    round_majority,
)

YEAR = 2023
DEADLINE = dt.datetime(2023, 10, 1, tzinfo=dt.UTC)
COUNTRIES = range(12)
REGIONS = range(4)
PEOPLE = ["Ana", "Ben", "Chen", "Dia", "Eli", "Femi", "Gus", "Hana"]
POSTS = [Post.PRESIDENT, Post.VICE_PRESIDENT, Post.DELEGATE]


def region_of(country: int) -> int:
    return country % 4


members = st.builds(
    lambda country, post, person, end: Member(
        country=country, region=region_of(country), post=post, person=person, end_year=end
    ),
    st.sampled_from(COUNTRIES),
    st.sampled_from(POSTS),
    st.sampled_from(PEOPLE),
    st.integers(YEAR, YEAR + 3),
)

candidates = st.builds(
    lambda country, person, member, late: Candidate(
        country=country,
        region=region_of(country),
        member_country=member,
        person=person,
        submitted_at=DEADLINE + dt.timedelta(minutes=late),
    ),
    st.sampled_from(COUNTRIES),
    st.sampled_from(PEOPLE),
    st.booleans(),
    st.integers(-60, 5),
)

contests = st.builds(
    lambda post, region: Contest(
        post=post,
        region=None if post == Post.PRESIDENT else region,
        year=YEAR,
        deadline=DEADLINE,
    ),
    st.sampled_from(POSTS),
    st.sampled_from(REGIONS),
)


def valid_committee(rows: list[Member]) -> list[Member]:
    """A committee the rules could have produced: staying members from different countries,
    the President and Vice-Presidents staying from different regions."""
    kept, countries, regions = [], set(), set()
    for member in rows:
        if member.end_year > YEAR:
            if member.country in countries:
                continue
            if member.post in (Post.PRESIDENT, Post.VICE_PRESIDENT):
                if member.region in regions:
                    continue
                regions.add(member.region)
            countries.add(member.country)
        kept.append(member)
    return kept


# The machine is shared: generation may be slow, never a reason to fail.
RELAXED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(members, max_size=10),
    st.lists(st.tuples(contests, st.lists(candidates, max_size=6)), max_size=5),
)
def test_electing_only_eligible_candidates_keeps_every_invariant(rows, elections):
    committee = valid_committee(rows)
    before = list(committee)
    for contest, standing in elections:
        countries = []
        for candidate in standing:
            if ineligibility(candidate, contest, committee, other_countries=countries) is None:
                # Elected at once: the next candidates and elections see the new member.
                committee.append(
                    Member(
                        country=candidate.country,
                        region=candidate.region,
                        post=contest.post,
                        person=candidate.person,
                        end_year=YEAR + post_term(contest.post),
                    )
                )
                assert candidate.submitted_at <= DEADLINE and candidate.member_country
                if contest.region is not None:
                    assert candidate.region == contest.region
            countries.append(candidate.country)
    staying = [member for member in committee if member.end_year > YEAR]
    # All members from different countries.
    assert len({member.country for member in staying}) == len(staying)
    # The President and the Vice-Presidents from different regions.
    top = [m for m in staying if m.post in (Post.PRESIDENT, Post.VICE_PRESIDENT)]
    assert len({member.region for member in top}) == len(top)
    # No outgoing member immediately re-elected to the same post, nor as a Delegate.
    new = committee[len(before) :]
    for old in before:
        if old.end_year == YEAR:
            for member in new:
                if member.person == old.person:
                    assert member.post != old.post and member.post != Post.DELEGATE


@RELAXED
@given(candidates, contests, st.lists(members, max_size=8))
def test_a_reason_is_a_rule_actually_broken(candidate, contest, rows):
    committee = valid_committee(rows)
    reason = ineligibility(candidate, contest, committee)
    staying_countries = {m.country for m in committee if m.end_year > YEAR}
    if reason == "late":
        assert candidate.submitted_at > contest.deadline
    elif reason == "not_member":
        assert not candidate.member_country
    elif reason == "on_committee":
        assert candidate.country in staying_countries
    elif reason == "region":
        assert contest.region != candidate.region
    elif reason is None:
        assert candidate.country not in staying_countries


def test_the_default_posts_make_a_committee_of_thirteen():
    assert [post_seats(post) for post in POSTS] == [1, 3, 9]
    assert [post_term(post) for post in POSTS] == [4, 3, 3]


@RELAXED
@given(st.integers(1, 50))
def test_the_presidents_majority_by_round(number):
    expected = "two_thirds_present_voting" if number <= 2 else "simple"
    assert round_majority(Post.PRESIDENT, number) == expected
    assert round_majority(Post.VICE_PRESIDENT, number) == "simple"
    assert round_majority(Post.DELEGATE, number) == "simple"


@RELAXED
@given(st.integers(1, 6), st.lists(st.integers(0, 60), min_size=1, max_size=5), st.integers(0, 9))
def test_a_president_is_elected_exactly_when_the_round_majority_is_reached(number, split, blank):
    """One seat, each paper marks one candidate: rounds 1-2 need ≥ ⅔ of the votes cast
    (blank papers are not cast), from round 3 more than half."""
    votes = dict(enumerate(split))
    cast = sum(split)
    rule = round_majority(Post.PRESIDENT, number)
    outcome = decide_round(votes, seats=1, required=required_votes(rule, cast))
    for candidate, got in votes.items():
        if number <= 2:
            reaches = got > 0 and Fraction(got) >= Fraction(2, 3) * cast
        else:
            reaches = got > 0 and Fraction(got) > Fraction(cast, 2)
        if reaches:
            assert outcome.elected == (candidate,)
            assert not outcome.further
    if not outcome.elected:
        # Nobody reached the majority: a further ballot between every candidate.
        assert set(outcome.further) == set(votes)


@RELAXED
@given(
    st.dictionaries(st.integers(0, 20), st.integers(0, 30), min_size=1, max_size=8),
    st.integers(1, 4),
    st.integers(1, 20),
)
def test_ties_for_a_seat_go_to_a_further_ballot_between_exactly_the_tied(votes, seats, required):
    outcome = decide_round(votes, seats=seats, required=required)
    elected, further = set(outcome.elected), set(outcome.further)
    assert len(elected) <= seats and not elected & further
    assert all(votes[c] >= required for c in elected)
    # Every elected candidate has more votes than anyone not elected who reached the majority.
    for winner in elected:
        for other in set(votes) - elected:
            if votes[other] >= required:
                assert votes[winner] > votes[other]
    qualified = [c for c in votes if votes[c] >= required]
    if len(qualified) > seats and len(elected) < seats:
        # A tie decides a seat: the further ballot is between exactly the tied candidates.
        level = {votes[c] for c in further}
        assert len(level) == 1
        assert further == {c for c in qualified if votes[c] == next(iter(level))}
        assert len(elected) + len(further) > seats
    elif len(qualified) <= seats and len(elected) < seats:
        assert further == set(votes) - elected
    else:
        assert len(elected) == seats and not further


@pytest.mark.parametrize(
    ("rule", "cast", "required"),
    [
        ("two_thirds_present_voting", 0, 1),
        ("two_thirds_present_voting", 3, 2),
        ("two_thirds_present_voting", 150, 100),
        ("two_thirds_present_voting", 151, 101),
        ("simple", 4, 3),
        ("simple", 5, 3),
    ],
)
def test_required_votes(rule, cast, required):
    assert required_votes(rule, cast) == required
