"""Votes: one row per country on a recorded ballot, participation only on a secret one."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assembly.models import Country
from assembly.services import audit_record

from ..models import Ballot, Vote
from ..selectors import ballot_eligible_countries
from .common import _locked_ballot, _user

# The value that records a country's participation in a secret ballot (never its choice).
TOOK_PART = "took_part"


VOTE_CHOICES = {choice.value for choice in Vote.Choice}


def _check_open_for_votes(ballot: Ballot) -> None:
    if ballot.status in (Ballot.Status.CLOSED, Ballot.Status.VOID):
        raise ValidationError(_("The ballot is closed: no vote can be recorded or changed."))
    if ballot.status == Ballot.Status.SUSPENDED:
        raise ValidationError(_("The ballot is suspended: wait until the chair resumes it."))
    if ballot.status != Ballot.Status.OPEN:
        raise ValidationError(_("The ballot is not open yet."))
    if ballot.counts_papers:
        raise ValidationError(
            _(
                "This secret ballot is cast from the delegates' devices: record a vote by hand "
                "on the chair's console, which gives the delegation its receipt."
            )
        )
    if ballot.method not in (*Ballot.RECORDED_METHODS, Ballot.Method.SECRET):
        raise ValidationError(
            _("Votes by %(method)s are not recorded country by country.")
            % {"method": ballot.get_method_display()}
        )


def _check_value(ballot: Ballot, value: str | None) -> str | None:
    """The stored choice: the vote for recorded ballots, nothing at all for a secret one."""
    if ballot.method == Ballot.Method.SECRET:
        if value != TOOK_PART:
            raise ValidationError(
                _("A secret ballot records only that a country took part, never its vote.")
            )
        return None
    if value not in VOTE_CHOICES:
        raise ValidationError(_("A vote is yes, no or abstain."))
    return value


@transaction.atomic
def vote_record(*, ballot: Ballot, country: Country, choice: str, actor: Any = None) -> Vote:
    """Record (or, while the ballot is open, change) one country's vote.

    The ballot row is locked so that the checks and the write see the same ballot; a second
    vote of the same country changes its row, and the unique constraint keeps it to one row.
    """
    locked = _locked_ballot(ballot)
    _check_open_for_votes(locked)
    stored = _check_value(locked, choice)
    if not ballot_eligible_countries(locked).filter(pk=country.pk).exists():
        raise ValidationError(
            _(
                "%(country)s may not vote on this ballot: only member countries whose "
                "credentials were accepted and whose voting rights are not suspended vote."
            )
            % {"country": country}
        )
    try:
        with transaction.atomic():
            vote, created = Vote.objects.update_or_create(
                ballot=locked,
                country=country,
                defaults={"choice": stored, "recorded_by": _user(actor)},
            )
    except IntegrityError as error:
        raise ValidationError(_("This country has already voted on this ballot.")) from error
    audit_record(
        actor=actor,
        action="resolution.vote.record" if created else "resolution.vote.change",
        target=locked,
        # A secret ballot's audit trail holds participation only, like its rows.
        data={"country": country.pk, "choice": stored or ""},
    )
    return vote


@transaction.atomic
def roll_call_record(
    *, ballot: Ballot, votes: Mapping[int, str], actor: Any = None
) -> dict[str, int]:
    """Record a whole roll call at once: ``votes`` maps country ids to yes/no/abstain (or
    ``TOOK_PART`` on a secret ballot); an empty value means absent or not taking part.

    Everything is checked before anything is written: an unknown or ineligible country, or a
    bad value, refuses the whole form. A fixed number of queries whatever the number of rows.
    """
    locked = _locked_ballot(ballot)
    _check_open_for_votes(locked)
    eligible = set(ballot_eligible_countries(locked).values_list("pk", flat=True))
    unknown = [country_id for country_id in votes if country_id not in eligible]
    if unknown:
        raise ValidationError(
            ngettext(
                "Votes were given for %(count)d country that is unknown or may not vote on "
                "this ballot; nothing was recorded.",
                "Votes were given for %(count)d countries that are unknown or may not vote on "
                "this ballot; nothing was recorded.",
                len(unknown),
            )
            % {"count": len(unknown)}
        )
    present = {}
    for country_id, value in votes.items():
        if value:
            present[country_id] = _check_value(locked, value)
    user = _user(actor)
    now = timezone.now()
    Vote.objects.filter(ballot=locked).exclude(country_id__in=present).delete()
    Vote.objects.bulk_create(
        [
            Vote(
                ballot=locked,
                country_id=country_id,
                choice=choice,
                recorded_by=user,
                recorded_at=now,
            )
            for country_id, choice in present.items()
        ],
        update_conflicts=True,
        unique_fields=["ballot", "country"],
        update_fields=["choice", "recorded_by", "recorded_at"],
    )
    counts = {"rows": len(present)}
    for value in present.values():
        counts[value or TOOK_PART] = counts.get(value or TOOK_PART, 0) + 1
    # Who voted what (for a secret ballot, only who took part), as the rows say.
    recorded = {str(country_id): choice or TOOK_PART for country_id, choice in present.items()}
    audit_record(
        actor=actor,
        action="resolution.ballot.roll_call",
        target=locked,
        data={**counts, "votes": recorded},
    )
    return counts
