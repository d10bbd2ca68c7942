"""The majority rules of the Assembly as data, and the pure function that applies them.

DOMAIN.md (Voting): abstentions and invalid ballots are not votes cast; votes cast = yes + no.
- simple majority: yes > no, i.e. more than half of the votes cast;
- two-thirds of the members present and voting: yes ≥ ⅔ of the votes cast;
- two-thirds of all members (Constitution amendments): yes ≥ ⅔ of the Organisation's members.

The fractions and bases change between editions of the texts, so they are settings
(``RESOLUTIONS_MAJORITY_RULES``), not literals: each rule names its base ("cast" or
"members"), a fraction and whether the yes votes must exceed it strictly.
"""

from dataclasses import dataclass
from fractions import Fraction
from math import floor

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MajorityRule(models.TextChoices):
    SIMPLE = "simple", _("simple majority (yes > no)")
    TWO_THIRDS_PRESENT_VOTING = (
        "two_thirds_present_voting",
        _("two-thirds of the members present and voting"),
    )
    TWO_THIRDS_MEMBERS = "two_thirds_members", _("two-thirds of all members")


DEFAULT_MAJORITY_RULES = {
    MajorityRule.SIMPLE: {"base": "cast", "fraction": (1, 2), "strict": True},
    MajorityRule.TWO_THIRDS_PRESENT_VOTING: {"base": "cast", "fraction": (2, 3), "strict": False},
    MajorityRule.TWO_THIRDS_MEMBERS: {"base": "members", "fraction": (2, 3), "strict": False},
}


# The rule that applies to a question unless the ballot says otherwise (DOMAIN.md, Voting): the
# admission of a member needs two-thirds of the members present and voting. A draft's ballot
# takes the draft's own rule.
DEFAULT_QUESTION_MAJORITIES = {
    "admission": MajorityRule.TWO_THIRDS_PRESENT_VOTING,
}


def question_majority(question: str) -> str:
    rules = getattr(settings, "RESOLUTIONS_QUESTION_MAJORITIES", DEFAULT_QUESTION_MAJORITIES)
    return rules.get(question, MajorityRule.SIMPLE)


def majority_rules() -> dict:
    return getattr(settings, "RESOLUTIONS_MAJORITY_RULES", DEFAULT_MAJORITY_RULES)


@dataclass(frozen=True)
class MajorityResult:
    votes_cast: int
    majority_required: int
    adopted: bool


def majority_result(
    *, rule: str, yes: int, no: int, abstentions: int = 0, invalid: int = 0, members: int
) -> MajorityResult:
    """The votes cast, the number of yes votes required and the outcome of one ballot.

    ``members`` is the number of member countries of the Organisation (the base of the
    two-thirds-of-all-members rule). Abstentions and invalid ballots never count. At least one
    yes vote is always required: nothing passes with no support at all.
    """
    if min(yes, no, abstentions, invalid, members) < 0:
        raise ValueError("counts cannot be negative")
    spec = majority_rules()[rule]
    votes_cast = yes + no
    base = votes_cast if spec["base"] == "cast" else members
    threshold = Fraction(*spec["fraction"]) * base
    if spec["strict"]:
        required = floor(threshold) + 1
    else:
        required = -((-threshold.numerator) // threshold.denominator)  # ceiling, exactly
    required = max(required, 1)
    return MajorityResult(
        votes_cast=votes_cast, majority_required=required, adopted=yes >= required
    )
