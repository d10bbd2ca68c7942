"""Template filters of the elections' result tables."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from assembly.i18n import join_list

from ..election_rules import rule_label

register = template.Library()


@register.filter
def election_rule(ballot) -> str:
    """The majority of an election's round, in words that fit a choice between candidates."""
    return rule_label(ballot.majority_rule)


@register.filter
def further_ballot_names(ballot) -> str:
    """The candidates of a round who go to a further ballot, joined as the reader's language
    joins a list ("A and B", «أ وب»), each name kept in its own script."""
    names = [
        format_html('<bdi translate="no">{}</bdi>', result.candidature.candidate_name)
        for result in ballot.candidate_results.all()
        if result.further_ballot
    ]
    # The names are escaped above; the list pattern (CLDR) adds only words and punctuation.
    return mark_safe(join_list(names))  # noqa: S308
