"""The Executive Committee's election rules as data, and the pure functions that apply them.

DOMAIN.md, "Executive Committee elections": 13 members (the President, 3 Vice-Presidents and
9 Delegates), all from different countries; the President and the Vice-Presidents from
different regions; seats assigned to regions; terms of 4 years (President) and 3 years
(Vice-Presidents, Delegates); an outgoing member is not immediately eligible for re-election to
the same post, nor as a Delegate. The President needs two-thirds of the members present and
voting in the first two ballots, a simple majority from the third; the others a simple
majority; a tie that decides a seat leads to a further ballot between the tied candidates.

Seats, terms and majorities change between editions of the texts, so they are settings with
the defaults below (``ELECTION_COMMITTEE_POSTS``, ``ELECTION_MAJORITIES``), as the majority
rules are (``resolutions.majorities``). Nothing here reads the database: the services give
these functions plain facts, and the property tests give them generated ones.
"""

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import floor

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .majorities import MajorityRule, majority_rules


class Post(models.TextChoices):
    PRESIDENT = "president", pgettext_lazy("committee post", "President")
    VICE_PRESIDENT = "vice_president", pgettext_lazy("committee post", "Vice-President")
    DELEGATE = "delegate", pgettext_lazy("committee post", "Delegate")


DEFAULT_COMMITTEE_POSTS = {
    Post.PRESIDENT: {"seats": 1, "term_years": 4},
    Post.VICE_PRESIDENT: {"seats": 3, "term_years": 3},
    Post.DELEGATE: {"seats": 9, "term_years": 3},
}

# The rule of each round, from the round it starts at: the President needs two-thirds of the
# members present and voting in rounds 1 and 2, a simple majority from round 3.
DEFAULT_ELECTION_MAJORITIES = {
    Post.PRESIDENT: [(1, MajorityRule.TWO_THIRDS_PRESENT_VOTING), (3, MajorityRule.SIMPLE)],
    Post.VICE_PRESIDENT: [(1, MajorityRule.SIMPLE)],
    Post.DELEGATE: [(1, MajorityRule.SIMPLE)],
}

# The posts whose holders all come from different regions (continents).
DEFAULT_DIFFERENT_REGION_POSTS = (Post.PRESIDENT, Post.VICE_PRESIDENT)

# Posts elected for one region (the President is elected by and for all).
REGIONAL_POSTS = (Post.VICE_PRESIDENT, Post.DELEGATE)


# How a round's majority reads on the public page (the question's wording, "yes > no", does
# not fit a choice between candidates).
RULE_LABELS = {
    MajorityRule.SIMPLE: _("more than half of the votes cast"),
    MajorityRule.TWO_THIRDS_PRESENT_VOTING: _("two-thirds of the members present and voting"),
}


def rule_label(rule: str) -> str:
    return str(RULE_LABELS.get(rule, dict(MajorityRule.choices).get(rule, rule)))


def committee_posts() -> dict:
    return getattr(settings, "ELECTION_COMMITTEE_POSTS", DEFAULT_COMMITTEE_POSTS)


def post_seats(post: str) -> int:
    return int(committee_posts()[post]["seats"])


def post_term(post: str) -> int:
    return int(committee_posts()[post]["term_years"])


def different_region_posts() -> tuple[str, ...]:
    return tuple(
        getattr(settings, "ELECTION_DIFFERENT_REGION_POSTS", DEFAULT_DIFFERENT_REGION_POSTS)
    )


def round_majority(post: str, round_number: int) -> str:
    """The majority rule of round ``round_number`` (from 1) of an election to ``post``."""
    if round_number < 1:
        raise ValueError("rounds are numbered from 1")
    steps = getattr(settings, "ELECTION_MAJORITIES", DEFAULT_ELECTION_MAJORITIES)[post]
    rule = None
    for start, name in sorted(steps, key=lambda step: step[0]):
        if start <= round_number:
            rule = name
    if rule is None:
        raise ValueError(f"no majority rule for round {round_number} of {post}")
    return str(rule)


def required_votes(rule: str, votes_cast: int) -> int:
    """The votes a candidate needs under ``rule`` when ``votes_cast`` papers mark candidates.

    Blank and invalid papers are not votes cast. At least one vote is always required."""
    if votes_cast < 0:
        raise ValueError("votes cast cannot be negative")
    spec = majority_rules()[rule]
    if spec["base"] != "cast":
        raise ValueError("an election's majority is counted on the votes cast")
    threshold = Fraction(*spec["fraction"]) * votes_cast
    if spec["strict"]:
        required = floor(threshold) + 1
    else:
        required = -((-threshold.numerator) // threshold.denominator)  # ceiling, exactly
    return max(required, 1)


# --- eligibility ---------------------------------------------------------------------------


class Reason(models.TextChoices):
    """Why the Elections Board found a candidature ineligible."""

    LATE = "late", _("The candidature arrived after the deadline.")
    NOT_MEMBER = "not_member", _("Only a member country may put forward a candidate.")
    DUPLICATE = "duplicate", _("The country already has a candidature in this election.")
    ON_COMMITTEE = (
        "on_committee",
        _(
            "The country already has a member on the Executive Committee who is not leaving "
            "at this session: all members come from different countries."
        ),
    )
    REGION = "region", _("The seat is assigned to another region than the country's.")
    REGION_TAKEN = (
        "region_taken",
        _(
            "The President and the Vice-Presidents come from different regions: a member from "
            "the country's region already holds one of these posts."
        ),
    )
    RE_ELECTION = (
        "re_election",
        _(
            "An outgoing member is not immediately eligible for re-election to the same post, "
            "nor as a Delegate."
        ),
    )
    BOARD = "board", _("Decision of the Elections Board.")


@dataclass(frozen=True)
class Member:
    """A member of the Committee as the rules see it (``region``: the country's region)."""

    country: Hashable
    region: Hashable
    post: str
    person: str
    end_year: int


@dataclass(frozen=True)
class Candidate:
    country: Hashable
    region: Hashable
    member_country: bool
    person: str
    submitted_at: dt.datetime


@dataclass(frozen=True)
class Contest:
    """One election: a post (for a region, or for all), at the session of ``year``."""

    post: str
    region: Hashable | None
    year: int
    deadline: dt.datetime


def same_person(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def staying(committee: Iterable[Member], year: int) -> list[Member]:
    """Members who sit after the session of ``year``: those not leaving at it, and those
    elected at it."""
    return [member for member in committee if member.end_year > year]


def outgoing(committee: Iterable[Member], year: int) -> list[Member]:
    """Members whose term ends at the session of ``year``."""
    return [member for member in committee if member.end_year == year]


def ineligibility(
    candidate: Candidate,
    contest: Contest,
    committee: Sequence[Member],
    *,
    other_countries: Iterable[Hashable] = (),
) -> str | None:
    """The first rule ``candidate`` breaks (a ``Reason``), or None when eligible.

    ``committee`` is every member whose term ends at the session or later, those already
    elected at it included (so that two members from one country, or a President and a
    Vice-President from one region, are never elected at the same session);
    ``other_countries`` the countries of the election's other live candidatures.
    """
    if candidate.submitted_at > contest.deadline:
        return Reason.LATE
    if not candidate.member_country:
        return Reason.NOT_MEMBER
    if candidate.country in set(other_countries):
        return Reason.DUPLICATE
    sitting = staying(committee, contest.year)
    if any(member.country == candidate.country for member in sitting):
        return Reason.ON_COMMITTEE
    if contest.post in REGIONAL_POSTS and contest.region != candidate.region:
        return Reason.REGION
    apart = different_region_posts()
    if contest.post in apart and any(
        member.post in apart and member.region == candidate.region for member in sitting
    ):
        return Reason.REGION_TAKEN
    for member in outgoing(committee, contest.year):
        if same_person(member.person, candidate.person) and (
            member.post == contest.post or contest.post == Post.DELEGATE
        ):
            return Reason.RE_ELECTION
    return None


# --- counting a round ----------------------------------------------------------------------


@dataclass(frozen=True)
class RoundOutcome:
    """What one ballot of an election decides: who is elected (most votes first), and the
    candidates of the further ballot (empty when every seat is filled or nobody is left)."""

    required: int
    elected: tuple
    further: tuple

    @property
    def needs_further_ballot(self) -> bool:
        return bool(self.further)


def decide_round(votes: Mapping[Hashable, int], *, seats: int, required: int) -> RoundOutcome:
    """Apply the majority to one round.

    The candidates reaching ``required`` votes are elected, most votes first, up to ``seats``.
    When candidates tied on the same number of votes compete for the last seats, those above
    them are elected and the tied ones go to a further ballot. When fewer reach the majority
    than there are seats, the candidates not elected go to a further ballot for the rest.
    """
    if seats < 1:
        raise ValueError("an election fills at least one seat")
    ranked = sorted(votes, key=lambda candidate: -votes[candidate])
    qualified = [candidate for candidate in ranked if votes[candidate] >= required]
    if len(qualified) <= seats:
        elected = tuple(qualified)
        left = tuple(candidate for candidate in ranked if candidate not in set(elected))
        further = left if len(elected) < seats else ()
        return RoundOutcome(required=required, elected=elected, further=further)
    last = votes[qualified[seats - 1]]
    if votes[qualified[seats]] < last:
        return RoundOutcome(required=required, elected=tuple(qualified[:seats]), further=())
    above = tuple(candidate for candidate in qualified if votes[candidate] > last)
    tied = tuple(candidate for candidate in qualified if votes[candidate] == last)
    return RoundOutcome(required=required, elected=above, further=tied)
