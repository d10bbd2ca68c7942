"""What an election's ballot does differently; the one place the ballot services call for it.

- ``check_paper`` (from ``evoting._check_choice``): a paper marks 1 to N of the round's
  candidates (N the seats still to fill), or is blank.
- ``count`` (from ``ballots._count``): the votes per candidate, blank and invalid papers, from
  the anonymous papers or the tellers' totals; the round's majority; who is elected, who goes
  to a further ballot. Votes cast are the papers that mark candidates.
- ``after_close`` (from ``ballots.ballot_close``): the elected become Committee members.
- ``copy_candidates`` (from ``evoting.ballot_run_again``): a ballot run again keeps its
  candidates.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assembly.models import Country
from assembly.services import audit_record
from assembly.transitions import transition

from ..election_rules import decide_round, post_term, required_votes
from ..models import Ballot, BallotPaper, CandidateResult, CommitteeMembership, Election, Vote
from ..selectors import ballot_eligible_countries


def seats_to_fill(ballot: Ballot) -> int:
    """The seats of the election still free when ``ballot`` is taken."""
    elected = CandidateResult.objects.filter(
        ballot__election_id=ballot.election_id,
        ballot__round__lt=ballot.round,
        ballot__status=Ballot.Status.CLOSED,
        elected=True,
    ).count()
    return max(ballot.election.seats - elected, 0)


def check_paper_marks(choice: str, candidates: list[int], seats: int) -> None:
    """A paper is blank with no mark, or marks 1 to ``seats`` candidates; the reason if not
    (the vote page's form asks this too, before the service)."""
    if choice == BallotPaper.Choice.BLANK:
        if candidates:
            raise ValidationError(_("A blank ballot paper marks no candidate."))
        return
    if choice != BallotPaper.Choice.CANDIDATES:
        raise ValidationError(
            _("In an election, a ballot paper marks candidates or is left blank.")
        )
    if not candidates:
        raise ValidationError(_("Mark at least one candidate, or cast a blank ballot paper."))
    if len(candidates) > seats:
        raise ValidationError(
            ngettext(
                "Mark at most %(seats)d candidate: there is %(seats)d seat to fill.",
                "Mark at most %(seats)d candidates: there are %(seats)d seats to fill.",
                seats,
            )
            % {"seats": seats}
        )


def check_paper(ballot: Ballot, choice: str, candidates: list[int]) -> tuple[str, list[int]]:
    """The paper as stored: ``("candidates", ids)`` or ``("blank", [])``; anything else is
    refused with the reason."""
    check_paper_marks(choice, candidates, seats_to_fill(ballot))
    if choice == BallotPaper.Choice.BLANK:
        return BallotPaper.Choice.BLANK, []
    allowed = set(ballot.candidate_results.values_list("candidature_id", flat=True))
    if not set(candidates) <= allowed:
        raise ValidationError(_("Only the candidates of this ballot can be marked."))
    return BallotPaper.Choice.CANDIDATES, sorted(candidates)


def _whole(value: Any) -> int:
    try:
        number = int(value or 0)
    except (TypeError, ValueError) as error:
        raise ValidationError(_("The tellers' totals are whole numbers.")) from error
    if number < 0:
        raise ValidationError(_("The tellers' totals cannot be negative."))
    return number


def _from_papers(locked: Ballot, participants: int) -> tuple[int, int, int, dict[int, int]]:
    from .evoting import paper_tally

    tally = paper_tally(locked)
    if tally["rows"] != participants:
        raise ValidationError(
            _(
                "The ballot papers (%(papers)d) do not match the countries that took part "
                "(%(participants)d): the ballot cannot be closed; run it again."
            )
            % {"papers": tally["rows"], "participants": participants}
        )
    choices = tally["choices"]
    # Papers of another question's kind cannot be cast on an election; counted invalid if any.
    invalid = choices["invalid"] + choices["yes"] + choices["no"] + choices["abstain"]
    return choices["candidates"], choices["blank"], invalid, tally["candidates"]


def _from_tellers(
    tellers: Mapping[str, Any] | None, seats: int
) -> tuple[int, int, int, dict[int, int]]:
    """The tellers' count of a hand ballot: ``{"candidates": {id: votes}, "blank": n,
    "invalid": n, "cast": n}``; ``cast`` (the papers marking candidates) may be left out when
    one seat is filled, each such paper then marking one candidate."""
    if tellers is None or "candidates" not in tellers:
        raise ValidationError(_("The tellers' totals are needed to close this ballot."))
    try:
        by_candidate = {int(pk): _whole(votes) for pk, votes in tellers["candidates"].items()}
    except (AttributeError, TypeError, ValueError) as error:
        raise ValidationError(_("The tellers' totals are whole numbers.")) from error
    blank, invalid = _whole(tellers.get("blank")), _whole(tellers.get("invalid"))
    if tellers.get("cast") is None and seats == 1:
        cast = sum(by_candidate.values())
    else:
        cast = _whole(tellers.get("cast"))
    return cast, blank, invalid, by_candidate


def count(locked: Ballot, tellers: Mapping[str, Any] | None) -> None:
    """Fill in the result sheet of an election's ballot being closed, and each candidate's
    votes and fate (elected, further ballot)."""
    from .ballots import _check_quorum

    results = list(locked.candidate_results.all())
    ids = {result.candidature_id for result in results}
    seats = seats_to_fill(locked)
    participants = Vote.objects.filter(ballot=locked).count()
    if locked.counts_papers:
        cast, blank, invalid, by_candidate = _from_papers(locked, participants)
    else:
        cast, blank, invalid, by_candidate = _from_tellers(tellers, seats)
        total = cast + blank + invalid
        if total != participants:
            raise ValidationError(
                ngettext(
                    "The tellers' totals (%(total)d) do not match the %(participants)d "
                    "country that took part.",
                    "The tellers' totals (%(total)d) do not match the %(participants)d "
                    "countries that took part.",
                    participants,
                )
                % {"total": total, "participants": participants}
            )
    if set(by_candidate) - ids:
        raise ValidationError(_("Only the candidates of this ballot can be marked."))
    marks = sum(by_candidate.values())
    if not (cast <= marks <= cast * max(seats, 1)) or (cast == 0 and marks):
        raise ValidationError(
            ngettext(
                "The candidates' votes (%(votes)d) do not fit the %(cast)d ballot paper that "
                "marks candidates.",
                "The candidates' votes (%(votes)d) do not fit the %(cast)d ballot papers that "
                "mark candidates.",
                cast,
            )
            % {"votes": marks, "cast": cast}
        )
    entitled = ballot_eligible_countries(locked).count()
    _check_quorum(participants=participants, entitled=entitled)
    required = required_votes(locked.majority_rule, cast)
    votes = {pk: by_candidate.get(pk, 0) for pk in ids}
    outcome = decide_round(votes, seats=max(seats, 1), required=required)
    for result in results:
        result.votes = votes[result.candidature_id]
        result.elected = result.candidature_id in outcome.elected
        result.further_ballot = result.candidature_id in outcome.further
        result.full_clean()
        result.save(update_fields=["votes", "elected", "further_ballot"])
    locked.members_of_organisation = Country.objects.members().count()
    locked.members_entitled = entitled
    locked.participants = participants
    locked.yes = locked.no = None
    locked.abstentions, locked.invalid = blank, invalid
    locked.votes_cast = cast
    locked.majority_required = required
    locked.outcome = (
        Ballot.Outcome.FURTHER_BALLOT if outcome.needs_further_ballot else Ballot.Outcome.ELECTED
    )


def after_close(*, ballot: Ballot, actor: Any = None) -> None:
    """The elected of a closed round join the Committee; a round that filled every seat (or
    left nobody to vote on) decides the election."""
    election = (
        Election.objects.select_for_update().select_related("session").get(pk=ballot.election_id)
    )
    year = election.session.year
    elected = ballot.candidate_results.filter(elected=True).select_related("candidature__country")
    for result in elected:
        candidature = result.candidature
        membership = CommitteeMembership(
            country=candidature.country,
            person_name=candidature.candidate_name,
            post=election.post,
            region=election.region,
            start_year=year,
            end_year=year + post_term(election.post),
            candidature=candidature,
        )
        membership.full_clean()
        membership.save()
        audit_record(
            actor=actor,
            action="resolution.committee_membership.elected",
            target=membership,
            data={"ballot": ballot.pk, "votes": result.votes},
        )
    audit_record(
        actor=actor,
        action="resolution.election.count",
        target=election,
        data={
            "ballot": ballot.pk,
            "round": ballot.round,
            "votes": {
                str(result.candidature_id): result.votes
                for result in ballot.candidate_results.all()
            },
            "blank": ballot.abstentions,
            "invalid": ballot.invalid,
        },
    )
    if ballot.outcome == Ballot.Outcome.ELECTED:
        transition(
            election, Election.Status.DECIDED, actor=actor, action="resolution.election.decide"
        )


def copy_candidates(old: Ballot, copy: Ballot) -> None:
    """A ballot run again has the same candidates."""
    CandidateResult.objects.bulk_create(
        [
            CandidateResult(ballot=copy, candidature_id=pk)
            for pk in old.candidate_results.values_list("candidature_id", flat=True)
        ]
    )


def round_candidates(ballot: Ballot) -> Iterable[CandidateResult]:
    """The candidates of a ballot, for the vote page and the console, in one query."""
    return ballot.candidate_results.select_related("candidature__country").order_by(
        "candidature__candidate_name"
    )
