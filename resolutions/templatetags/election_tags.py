"""Template filters of the elections' result tables."""

from django import template

from ..election_rules import rule_label

register = template.Library()


@register.filter
def election_rule(ballot) -> str:
    """The majority of an election's round, in words that fit a choice between candidates."""
    return rule_label(ballot.majority_rule)
