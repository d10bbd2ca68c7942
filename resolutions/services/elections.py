"""Elections to the Executive Committee: candidatures, the Elections Board, rounds of voting.

- A member country submits a candidature (a person) to one election by its deadline.
- The Elections Board reviews each one against the rules (``election_rules.ineligibility``):
  eligible, or ineligible with the rule's translated reason; it may also find one ineligible
  for a reason of its own (a note), never eligible against a rule.
- The election is put to the vote: round 1 is a secret ballot between the eligible candidates
  (the rules are checked again then: a member elected earlier at the session changes them).
  Closing a round counts it (``election_hooks.count``); the elected become Committee members
  (``election_hooks.after_close``); a tie for a seat, or seats left without a majority, need
  a further ballot (``election_next_round``) between the candidates the round names.

Every write is audited, in one transaction.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assembly.languages import language_codes
from assembly.models import Country
from assembly.services import audit_record, record_delete, record_save
from assembly.transitions import check_move, transition

from ..election_rules import (
    Candidate,
    Contest,
    Member,
    Reason,
    ineligibility,
    post_seats,
    round_majority,
)
from ..models import Ballot, CandidateResult, Candidature, CommitteeMembership, Election


def _locked_election(election: Election) -> Election:
    return Election.objects.select_for_update().select_related("session").get(pk=election.pk)


def _locked_candidature(candidature: Candidature) -> Candidature:
    return (
        Candidature.objects.select_for_update(of=("self",))
        .select_related("election__session", "country")
        .get(pk=candidature.pk)
    )


def committee_members(year: int) -> list[Member]:
    """The rules' view of the Committee at the session of ``year``: every member whose term
    ends at it or later (outgoing members, those staying, those already elected at it)."""
    return [
        Member(
            country=membership.country_id,
            region=membership.country.region_id,
            post=membership.post,
            person=membership.person_name,
            end_year=membership.end_year,
        )
        for membership in CommitteeMembership.objects.filter(
            end_year__gte=year, start_year__lte=year
        ).select_related("country")
    ]


def candidature_problem(candidature: Candidature, committee: list[Member] | None = None):
    """The rule the candidature breaks now (a ``Reason``), or None."""
    election = candidature.election
    year = election.session.year
    others = (
        Candidature.objects.filter(election=election, country=candidature.country, withdrawn=False)
        .exclude(pk=candidature.pk)
        .values_list("country_id", flat=True)
    )
    return ineligibility(
        Candidate(
            country=candidature.country_id,
            region=candidature.country.region_id,
            member_country=candidature.country.status == Country.Status.MEMBER,
            person=candidature.candidate_name,
            submitted_at=candidature.submitted_at,
        ),
        Contest(
            post=election.post,
            region=election.region_id,
            year=year,
            deadline=election.candidature_deadline,
        ),
        committee if committee is not None else committee_members(year),
        other_countries=list(others),
    )


def _check_candidatures_open(election: Election) -> None:
    if election.status != Election.Status.CANDIDATURES:
        raise ValidationError(
            _("The election is already being voted on: its candidatures no longer change.")
        )


# --- elections and memberships (the back office) --------------------------------------------


@transaction.atomic
def election_save(*, election: Election, actor: Any = None) -> Election:
    """Create an election, or change one still receiving candidatures."""
    if election.pk is not None:
        _check_candidatures_open(_locked_election(election))
    if election.post and election.seats > post_seats(election.post):
        seats = post_seats(election.post)
        raise ValidationError(
            ngettext(
                "The Committee has only %(seats)d seat of this kind.",
                "The Committee has only %(seats)d seats of this kind.",
                seats,
            )
            % {"seats": seats}
        )
    return record_save(election, actor=actor, action="resolution.election", exclude=["status"])


@transaction.atomic
def election_delete(*, election: Election, actor: Any = None) -> None:
    locked = _locked_election(election)
    if locked.ballots.exists() or locked.candidatures.exists():
        raise ValidationError(_("An election with candidatures or ballots is kept for the record."))
    record_delete(locked, actor=actor, action="resolution.election")


@transaction.atomic
def committee_membership_save(
    *, committee_membership: CommitteeMembership, actor: Any = None
) -> CommitteeMembership:
    """Record a term served (the Committee before the platform, corrections); members elected
    here are recorded by the count of their ballot."""
    if committee_membership.candidature_id:
        raise ValidationError(_("A member elected at a ballot here is recorded by the count."))
    return record_save(committee_membership, actor=actor, action="resolution.committee_membership")


@transaction.atomic
def committee_membership_delete(
    *, committee_membership: CommitteeMembership, actor: Any = None
) -> None:
    if committee_membership.candidature_id:
        raise ValidationError(_("A member elected at a ballot here is recorded by the count."))
    record_delete(committee_membership, actor=actor, action="resolution.committee_membership")


# --- candidatures and the Elections Board ----------------------------------------------------


@transaction.atomic
def candidature_submit(
    *,
    election: Election,
    country: Country,
    candidate_name: str,
    actor: Any = None,
    at=None,
) -> Candidature:
    """A member country's candidate. Late candidatures are recorded too: the Board finds them
    ineligible, with the reason, on the record."""
    locked = _locked_election(election)
    _check_candidatures_open(locked)
    name = " ".join((candidate_name or "").split())
    if not name:
        raise ValidationError(_("Give the candidate's name."))
    candidature = Candidature(
        election=locked, country=country, candidate_name=name, submitted_at=at or timezone.now()
    )
    candidature.full_clean()
    try:
        with transaction.atomic():
            candidature.save()
    except IntegrityError as error:
        raise ValidationError(
            _("This country already has a candidature in this election.")
        ) from error
    audit_record(
        actor=actor,
        action="resolution.candidature.submit",
        target=candidature,
        data={"election": locked.pk, "country": country.pk},
    )
    return candidature


@transaction.atomic
def candidature_save(*, candidature: Candidature, actor: Any = None) -> Candidature:
    """The back office's form: a new candidature goes through ``candidature_submit``; one not
    yet reviewed may have its name corrected."""
    if candidature.pk is None:
        return candidature_submit(
            election=candidature.election,
            country=candidature.country,
            candidate_name=candidature.candidate_name,
            actor=actor,
            at=candidature.submitted_at,
        )
    locked = _locked_candidature(candidature)
    _check_candidatures_open(locked.election)
    if locked.status != Candidature.Status.SUBMITTED and (
        locked.country_id != candidature.country_id
        or locked.candidate_name != candidature.candidate_name
        or locked.election_id != candidature.election_id
    ):
        raise ValidationError(
            _("The Elections Board has decided on this candidature: it no longer changes.")
        )
    return record_save(
        candidature,
        actor=actor,
        action="resolution.candidature",
        exclude=["status", "reason", "decided_at", "withdrawn"],
    )


def _decide(locked: Candidature, status: str, reason: str, note: str, *, actor, action) -> None:
    locked.status, locked.reason = status, reason
    locked.board_note = note
    locked.decided_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["status", "reason", "board_note", "decided_at"])
    audit_record(
        actor=actor, action=action, target=locked, data={"status": status, "reason": reason}
    )


@transaction.atomic
def candidature_review(*, candidature: Candidature, actor: Any = None) -> Candidature:
    """The Elections Board's check against the rules: eligible, or ineligible with the reason
    of the first rule broken."""
    locked = _locked_candidature(candidature)
    _check_candidatures_open(locked.election)
    if locked.withdrawn:
        raise ValidationError(_("The candidature was withdrawn."))
    problem = candidature_problem(locked)
    status = Candidature.Status.INELIGIBLE if problem else Candidature.Status.ELIGIBLE
    _decide(locked, status, problem or "", "", actor=actor, action="resolution.candidature.review")
    candidature.refresh_from_db()
    return locked


@transaction.atomic
def candidature_decide(
    *, candidature: Candidature, eligible: bool, note: str = "", actor: Any = None
) -> Candidature:
    """The Board's own decision. Eligible only where no rule is broken; ineligible for a rule
    broken, or for a reason of its own, which it writes down."""
    locked = _locked_candidature(candidature)
    _check_candidatures_open(locked.election)
    if locked.withdrawn:
        raise ValidationError(_("The candidature was withdrawn."))
    problem = candidature_problem(locked)
    note = (note or "").strip()
    if eligible:
        if problem:
            raise ValidationError(
                _("%(candidate)s cannot be found eligible: %(reason)s")
                % {"candidate": locked, "reason": Reason(problem).label}
            )
        _decide(
            locked,
            Candidature.Status.ELIGIBLE,
            "",
            "",
            actor=actor,
            action="resolution.candidature.decide",
        )
    else:
        if not problem and not note:
            raise ValidationError(
                _("No rule makes this candidature ineligible: write down the Board's reason.")
            )
        _decide(
            locked,
            Candidature.Status.INELIGIBLE,
            problem or Reason.BOARD,
            note,
            actor=actor,
            action="resolution.candidature.decide",
        )
    candidature.refresh_from_db()
    return locked


@transaction.atomic
def candidature_withdraw(*, candidature: Candidature, actor: Any = None) -> Candidature:
    locked = _locked_candidature(candidature)
    _check_candidatures_open(locked.election)
    if locked.withdrawn:
        raise ValidationError(_("The candidature was withdrawn."))
    locked.withdrawn = True
    locked.save(update_fields=["withdrawn"])
    audit_record(actor=actor, action="resolution.candidature.withdraw", target=locked)
    candidature.refresh_from_db()
    return locked


# --- rounds of voting ------------------------------------------------------------------------


def _round_subjects(election: Election, number: int) -> dict[str, str]:
    subjects = {}
    for code in language_codes():
        with translation.override(code):
            subjects[code] = _("%(election)s, ballot %(round)d") % {
                "election": election.title,
                "round": number,
            }
    return subjects


def _round_ballot(
    election: Election, number: int, candidatures, *, electronic: bool, actor
) -> Ballot:
    ballot = Ballot(
        session=election.session,
        question=Ballot.Question.ELECTION,
        method=Ballot.Method.SECRET,
        election=election,
        round=number,
        majority_rule=round_majority(election.post, number),
        electronic=electronic,
    )
    for code, text in _round_subjects(election, number).items():
        setattr(ballot, f"subject_{code}", text)
    ballot.full_clean()
    ballot.save()
    CandidateResult.objects.bulk_create(
        [CandidateResult(ballot=ballot, candidature=candidature) for candidature in candidatures]
    )
    audit_record(
        actor=actor,
        action="resolution.ballot.create",
        target=ballot,
        data={
            "election": election.pk,
            "round": number,
            "candidates": [candidature.pk for candidature in candidatures],
        },
    )
    return ballot


@transaction.atomic
def election_put_to_vote(
    *, election: Election, actor: Any = None, electronic: bool = True
) -> Ballot:
    """Prepare round 1: a secret ballot between the eligible candidates.

    Every candidature must have been decided by the Board. The rules are checked again, since
    members elected earlier at the session change them: a candidature they now exclude is
    found ineligible, with its reason, on the record."""
    locked = _locked_election(election)
    # The same answer as every life cycle's ("already in state", a move not allowed).
    check_move(locked, Election.Status.VOTING)
    live = Candidature.objects.filter(election=locked, withdrawn=False).select_related(
        "country", "election__session"
    )
    if live.filter(status=Candidature.Status.SUBMITTED).exists():
        raise ValidationError(
            _("The Elections Board has not decided on every candidature of this election yet.")
        )
    committee = committee_members(locked.session.year)
    candidates = []
    for candidature in live.filter(status=Candidature.Status.ELIGIBLE):
        problem = candidature_problem(candidature, committee)
        if problem:
            _decide(
                candidature,
                Candidature.Status.INELIGIBLE,
                problem,
                "",
                actor=actor,
                action="resolution.candidature.review",
            )
        else:
            candidates.append(candidature)
    if not candidates:
        raise ValidationError(_("The election has no eligible candidate."))
    ballot = _round_ballot(locked, 1, candidates, electronic=electronic, actor=actor)
    transition(locked, Election.Status.VOTING, actor=actor, action="resolution.election.vote")
    election.refresh_from_db()
    return ballot


def last_round(election: Election) -> Ballot | None:
    return (
        Ballot.objects.filter(election=election)
        .exclude(status=Ballot.Status.VOID)
        .order_by("-round")
        .first()
    )


@transaction.atomic
def election_next_round(
    *, election: Election, actor: Any = None, electronic: bool | None = None
) -> Ballot:
    """Prepare the further ballot a closed round calls for, between the candidates it names
    (the tied ones, or those left when seats found no majority)."""
    locked = _locked_election(election)
    if locked.status != Election.Status.VOTING:
        raise ValidationError(_("The election is not being voted on."))
    previous = last_round(locked)
    if previous is None:
        # Round 1's prepared ballot was deleted: prepare it again.
        eligible = Candidature.objects.filter(
            election=locked, withdrawn=False, status=Candidature.Status.ELIGIBLE
        ).select_related("country", "election__session")
        return _round_ballot(
            locked,
            1,
            list(eligible),
            electronic=bool(electronic is None or electronic),
            actor=actor,
        )
    if not previous.is_closed:
        raise ValidationError(_("Close the election's current ballot first."))
    if previous.outcome != Ballot.Outcome.FURTHER_BALLOT:
        raise ValidationError(_("The last ballot filled every seat: no further ballot is needed."))
    results = previous.candidate_results.filter(further_ballot=True).select_related(
        "candidature__country", "candidature__election__session"
    )
    committee = committee_members(locked.session.year)
    candidates = []
    for result in results:
        problem = candidature_problem(result.candidature, committee)
        if problem:
            raise ValidationError(
                _("%(candidate)s is no longer eligible: %(reason)s")
                % {"candidate": result.candidature, "reason": Reason(problem).label}
            )
        candidates.append(result.candidature)
    return _round_ballot(
        locked,
        previous.round + 1,
        candidates,
        electronic=previous.electronic if electronic is None else electronic,
        actor=actor,
    )


@transaction.atomic
def election_round_create(*, election: Election, actor: Any = None, electronic: bool = True):
    """The back office's one button: round 1, or the further ballot the last round calls for."""
    if election.status == Election.Status.CANDIDATURES:
        return election_put_to_vote(election=election, actor=actor, electronic=electronic)
    return election_next_round(election=election, actor=actor)
