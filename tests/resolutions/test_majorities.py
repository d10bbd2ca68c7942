"""Property-based tests of the majority rules (DOMAIN.md, Voting)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resolutions.majorities import MajorityRule, majority_result

counts = st.integers(min_value=0, max_value=250)


@given(yes=counts, no=counts, abstentions=counts, invalid=counts, members=counts)
def test_simple_majority_is_more_yes_than_no(yes, no, abstentions, invalid, members):
    result = majority_result(
        rule=MajorityRule.SIMPLE,
        yes=yes,
        no=no,
        abstentions=abstentions,
        invalid=invalid,
        members=members,
    )
    assert result.votes_cast == yes + no
    assert result.adopted == (yes > no)
    # The figure on the sheet: the fewest yes votes that would beat the no votes cast.
    assert result.majority_required == (yes + no) // 2 + 1


@given(yes=counts, no=counts, abstentions=counts, invalid=counts, members=counts)
def test_two_thirds_of_members_present_and_voting(yes, no, abstentions, invalid, members):
    result = majority_result(
        rule=MajorityRule.TWO_THIRDS_PRESENT_VOTING,
        yes=yes,
        no=no,
        abstentions=abstentions,
        invalid=invalid,
        members=members,
    )
    assert result.votes_cast == yes + no
    assert result.majority_required == max(1, math.ceil(2 * (yes + no) / 3))
    assert result.adopted == (yes > 0 and 3 * yes >= 2 * (yes + no))


@given(yes=counts, no=counts, abstentions=counts, invalid=counts, members=counts)
def test_two_thirds_of_all_members(yes, no, abstentions, invalid, members):
    result = majority_result(
        rule=MajorityRule.TWO_THIRDS_MEMBERS,
        yes=yes,
        no=no,
        abstentions=abstentions,
        invalid=invalid,
        members=members,
    )
    assert result.majority_required == max(1, math.ceil(2 * members / 3))
    assert result.adopted == (yes > 0 and 3 * yes >= 2 * members)


@given(
    rule=st.sampled_from(list(MajorityRule)),
    yes=counts,
    no=counts,
    members=counts,
    abstentions=counts,
    more_abstentions=counts,
    invalid=counts,
    more_invalid=counts,
)
def test_abstentions_and_invalid_ballots_never_change_the_outcome(
    rule, yes, no, members, abstentions, more_abstentions, invalid, more_invalid
):
    first = majority_result(
        rule=rule, yes=yes, no=no, abstentions=abstentions, invalid=invalid, members=members
    )
    second = majority_result(
        rule=rule,
        yes=yes,
        no=no,
        abstentions=more_abstentions,
        invalid=more_invalid,
        members=members,
    )
    assert first == second


@given(rule=st.sampled_from(list(MajorityRule)), yes=counts, no=counts, members=counts)
def test_one_more_yes_never_turns_adoption_into_rejection(rule, yes, no, members):
    before = majority_result(rule=rule, yes=yes, no=no, members=members)
    after = majority_result(rule=rule, yes=yes + 1, no=no, members=members)
    assert after.adopted or not before.adopted


def test_examples_of_the_result_sheet():
    # 196 members: two-thirds of all members is 131 (130.67 rounded up).
    assert majority_result(rule="two_thirds_members", yes=131, no=0, members=196).adopted
    assert not majority_result(rule="two_thirds_members", yes=130, no=0, members=196).adopted
    assert majority_result(rule="simple", yes=50, no=50, members=196).adopted is False
    assert majority_result(rule="two_thirds_present_voting", yes=100, no=50, members=196).adopted


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        majority_result(rule="simple", yes=-1, no=0, members=196)


def test_thresholds_are_settings(settings):
    settings.RESOLUTIONS_MAJORITY_RULES = {
        "simple": {"base": "cast", "fraction": (3, 5), "strict": False},
    }
    assert majority_result(rule="simple", yes=6, no=4, members=196).majority_required == 6
    assert not majority_result(rule="simple", yes=5, no=5, members=196).adopted
