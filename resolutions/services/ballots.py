"""Ballots: prepared, opened, closed; closing computes the result sheet from the vote rows (or
the tellers' totals) and decides the question."""

import secrets
import string
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assembly.languages import set_translations
from assembly.models import AssemblySession, Country
from assembly.services import audit_record, record_delete, record_save
from assembly.transitions import transition

from ..majorities import majority_result, question_majority
from ..models import Amendment, Ballot, DraftResolution, Vote
from ..selectors import ballot_eligible_countries, vote_tally
from .amendments import _amendment_decide, _amendment_put_to_vote
from .common import _locked_ballot
from .drafts import draft_adopt, draft_put_to_vote, draft_reject
from .evoting import make_blank_papers, paper_tally


def ballot_question_check(*, session, draft=None, amendment=None) -> None:
    """Refuse a ballot on a draft of another session, or on a decided or withdrawn one.

    Also called by the admin form, so that the secretariat sees the reason next to the field.
    """
    parent = draft or (amendment.draft if amendment else None)
    if parent is not None and parent.session_id != getattr(session, "pk", None):
        raise ValidationError(_("The draft belongs to another session."))
    if parent is not None and parent.status in DraftResolution.FINAL_STATUSES:
        raise ValidationError(
            _("The draft is %(status)s: it cannot be put to the vote.")
            % {"status": parent.get_status_display()}
        )
    if amendment is not None and amendment.status not in Amendment.PENDING_STATUSES:
        raise ValidationError(
            _("The amendment is %(status)s: it cannot be put to the vote.")
            % {"status": amendment.get_status_display()}
        )


@transaction.atomic
def ballot_create(
    *,
    session: AssemblySession,
    question: str,
    method: str,
    draft: DraftResolution | None = None,
    amendment: Amendment | None = None,
    subjects: Mapping[str, str] | None = None,
    majority_rule: str | None = None,
    amends_constitution: bool = False,
    electronic: bool = False,
    actor: Any = None,
) -> Ballot:
    """Prepare a ballot; a ballot on a draft or amendment takes the draft's majority rule."""
    ballot_question_check(session=session, draft=draft, amendment=amendment)
    parent = draft or (amendment.draft if amendment else None)
    ballot = Ballot(
        session=session,
        question=question,
        method=method,
        draft=draft,
        amendment=amendment,
        majority_rule=majority_rule
        or (parent.majority_rule if parent else question_majority(question)),
        amends_constitution=amends_constitution or bool(parent and parent.amends_constitution),
        electronic=electronic,
    )
    set_translations(ballot, "subject", subjects or {})
    ballot.full_clean()
    ballot.save()
    audit_record(actor=actor, action="resolution.ballot.create", target=ballot)
    return ballot


@transaction.atomic
def ballot_save(*, ballot: Ballot, actor: Any) -> Ballot:
    """Save a prepared ballot as the admin's form filled it in; once opened, it no longer
    changes except through ``ballot_open``, the votes and ``ballot_close``."""
    if ballot.pk is None:
        raise ValueError("a new ballot is prepared by ballot_create")
    if _locked_ballot(ballot).status != Ballot.Status.PREPARED:
        raise ValidationError(_("Only a prepared ballot can be changed."))
    ballot_question_check(session=ballot.session, draft=ballot.draft, amendment=ballot.amendment)
    return record_save(ballot, actor=actor, action="resolution.ballot")


@transaction.atomic
def ballot_delete(*, ballot: Ballot, actor: Any) -> None:
    if _locked_ballot(ballot).status != Ballot.Status.PREPARED:
        raise ValidationError(_("Only a prepared ballot can be changed."))
    record_delete(ballot, actor=actor, action="resolution.ballot")


@transaction.atomic
def ballot_open(*, ballot: Ballot, actor: Any = None, letter: str | None = None, at=None) -> Ballot:
    """prepared → open. A draft goes to the vote; an amendment only when it is the furthest
    from the original of those pending. A roll call gets its letter drawn by lot."""
    drawn = {}

    def update(locked: Ballot) -> list[str]:
        # The vote page and the hall follow one ballot cast from devices at a time.
        live = Ballot.objects.filter(
            session_id=locked.session_id, status__in=Ballot.LIVE_STATUSES, electronic=True
        )
        if locked.electronic and live.exclude(pk=locked.pk).exists():
            raise ValidationError(_("Another ballot of this session is under way: close it first."))
        # A ballot run again finds its draft or amendment already put to the vote.
        rerun = locked.rerun_of_id is not None
        if locked.question == Ballot.Question.DRAFT:
            if not (rerun and locked.draft.status == DraftResolution.Status.VOTING):
                draft_put_to_vote(draft=locked.draft, actor=actor)
        elif locked.question == Ballot.Question.AMENDMENT and not (
            rerun and locked.amendment.status == Amendment.Status.VOTING
        ):
            _amendment_put_to_vote(amendment=locked.amendment, actor=actor)
        if locked.counts_papers:
            make_blank_papers(locked)
        if locked.method == Ballot.Method.ROLL_CALL:
            chosen = (letter or secrets.choice(string.ascii_uppercase)).upper()
            if len(chosen) != 1 or chosen not in string.ascii_uppercase:
                raise ValidationError(_("The letter drawn by lot is one letter from A to Z."))
            locked.roll_call_letter = chosen
        drawn["letter"] = locked.roll_call_letter
        # ``at`` records a ballot taken earlier (imports, the demo); otherwise it is now.
        locked.opened_at = at or timezone.now()
        locked.version += 1
        return ["opened_at", "roll_call_letter", "version"]

    locked = transition(
        ballot,
        Ballot.Status.OPEN,
        actor=actor,
        action="resolution.ballot.open",
        update=update,
        data=drawn,
    )
    ballot.refresh_from_db()
    return locked


@transaction.atomic
def ballot_close(
    *,
    ballot: Ballot,
    actor: Any = None,
    tellers: Mapping[str, int] | None = None,
    at=None,
) -> Ballot:
    """open → closed: compute and store the result sheet, then decide the question.

    Recorded and roll-call ballots are counted from their vote rows; a secret ballot takes the
    tellers' totals, which must account for exactly the countries that took part; a show of
    hands takes the tellers' count; consensus adopts without figures. The stored result is
    therefore always what the rows give (SECURITY.md 22). Nothing changes after closing.
    """
    result_sheet = {}

    def update(locked: Ballot) -> list[str]:
        _count(locked, tellers)
        locked.status = Ballot.Status.CLOSED
        locked.closed_at = at or timezone.now()
        locked.version += 1
        locked.full_clean()
        result_sheet.update(
            {name: getattr(locked, name) for name in ("outcome", *RESULT_FIELDS[:4])},
            majority_required=locked.majority_required,
        )
        return ["closed_at", "outcome", "version", *RESULT_FIELDS]

    locked = transition(
        ballot,
        Ballot.Status.CLOSED,
        actor=actor,
        action="resolution.ballot.close",
        update=update,
        data=result_sheet,
    )
    adopted = locked.outcome == Ballot.Outcome.ADOPTED
    if locked.question == Ballot.Question.DRAFT:
        if adopted:
            draft_adopt(
                draft=locked.draft,
                actor=actor,
                reason=str(locked),
                adopted_on=timezone.localdate(locked.closed_at, timezone=locked.session.tzinfo),
            )
        else:
            draft_reject(draft=locked.draft, actor=actor, reason=str(locked))
    elif locked.question == Ballot.Question.AMENDMENT:
        _amendment_decide(amendment=locked.amendment, adopted=adopted, actor=actor)
    elif locked.question == Ballot.Question.ELECTION:
        from . import election_hooks

        election_hooks.after_close(ballot=locked, actor=actor)
    ballot.refresh_from_db()
    return locked


# The figures of a result sheet, in the order of the audit record.
RESULT_FIELDS = (
    "yes",
    "no",
    "abstentions",
    "invalid",
    "majority_required",
    "votes_cast",
    "participants",
    "members_entitled",
    "members_of_organisation",
)


def _count(locked: Ballot, tellers: Mapping[str, int] | None) -> None:
    """Fill in the result sheet of a ballot being closed, from its rows or the tellers."""
    if locked.question == Ballot.Question.ELECTION:
        from . import election_hooks

        return election_hooks.count(locked, tellers)
    entitled = ballot_eligible_countries(locked).count()
    members = Country.objects.members().count()
    if locked.method == Ballot.Method.CONSENSUS:
        locked.outcome = Ballot.Outcome.ADOPTED
        locked.members_entitled = entitled
        locked.members_of_organisation = members
        return
    if locked.counts_papers:
        yes, no, abstentions, invalid, participants = _paper_totals(locked)
    elif locked.is_recorded:
        tally = vote_tally(locked)
        yes, no, abstentions, invalid = (
            tally["yes"],
            tally["no"],
            tally["abstentions"],
            0,
        )
        participants = tally["rows"]
    else:
        yes, no, abstentions, invalid = _teller_totals(tellers)
        if locked.method == Ballot.Method.SECRET:
            participants = Vote.objects.filter(ballot=locked).count()
            if yes + no + abstentions + invalid != participants:
                raise ValidationError(
                    ngettext(
                        "The tellers' totals (%(total)d) do not match the %(participants)d "
                        "country that took part.",
                        "The tellers' totals (%(total)d) do not match the %(participants)d "
                        "countries that took part.",
                        participants,
                    )
                    % {"total": yes + no + abstentions + invalid, "participants": participants}
                )
        else:
            participants = yes + no + abstentions
            if participants > entitled:
                raise ValidationError(
                    _("More hands were counted than members entitled to vote (%(n)d).")
                    % {"n": entitled}
                )
    _check_quorum(participants=participants, entitled=entitled)
    result = majority_result(
        rule=locked.majority_rule,
        yes=yes,
        no=no,
        abstentions=abstentions,
        invalid=invalid,
        members=members,
    )
    locked.members_of_organisation = members
    locked.members_entitled = entitled
    locked.participants = participants
    locked.yes, locked.no = yes, no
    locked.abstentions, locked.invalid = abstentions, invalid
    locked.votes_cast = result.votes_cast
    locked.majority_required = result.majority_required
    locked.outcome = Ballot.Outcome.ADOPTED if result.adopted else Ballot.Outcome.REJECTED


def _paper_totals(locked: Ballot) -> tuple[int, int, int, int, int]:
    """An electronic secret ballot's totals, from its papers; they must account for exactly
    the countries that took part (SECURITY.md 22)."""
    tally = paper_tally(locked)
    participants = Vote.objects.filter(ballot=locked).count()
    if tally["rows"] != participants:
        raise ValidationError(
            _(
                "The ballot papers (%(papers)d) do not match the countries that took part "
                "(%(participants)d): the ballot cannot be closed; run it again."
            )
            % {"papers": tally["rows"], "participants": participants}
        )
    choices = tally["choices"]
    return (
        choices["yes"],
        choices["no"],
        choices["abstain"] + choices["blank"],
        choices["invalid"],
        participants,
    )


def _teller_totals(tellers: Mapping[str, int] | None) -> tuple[int, int, int, int]:
    if tellers is None:
        raise ValidationError(_("The tellers' totals are needed to close this ballot."))
    try:
        values = tuple(
            int(tellers.get(key) or 0) for key in ("yes", "no", "abstentions", "invalid")
        )
    except (TypeError, ValueError) as error:
        raise ValidationError(_("The tellers' totals are whole numbers.")) from error
    if min(values) < 0:
        raise ValidationError(_("The tellers' totals cannot be negative."))
    return values


def _check_quorum(*, participants: int, entitled: int) -> None:
    """No quorum rule exists in the texts: ``RESOLUTIONS_QUORUM`` (a fraction) is off by default."""
    quorum = getattr(settings, "RESOLUTIONS_QUORUM", None)
    if quorum and participants < quorum * entitled:
        raise ValidationError(
            ngettext(
                "The quorum is not reached: %(participants)d of %(entitled)d member took part.",
                "The quorum is not reached: %(participants)d of %(entitled)d members took part.",
                entitled,
            )
            % {"participants": participants, "entitled": entitled}
        )
