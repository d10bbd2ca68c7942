"""Electronic voting in the hall (DOMAIN.md): the voting delegates vote from their devices.

- Who votes: the voting delegate of a delegation (``delegates.selectors.voting_delegate``)
  whose country may vote on the ballot (``ballot_eligible_countries``: member, accepted
  credentials, voting rights), checked at the moment of the vote, under the ballot's row lock.
- A recorded ballot stores each country's choice (``Vote``), public country by country.
- A secret ballot stores participation (``Vote`` with no choice) and, apart, one anonymous
  ``BallotPaper`` with the choice and the hash of a receipt code that only the voter holds.
  The papers are made blank when the ballot opens; a vote fills one drawn at random, and every
  paper of the ballot is written again in a new random order in the same transaction, so that
  neither the order of the rows on disk nor a system column (PostgreSQL's ``xmin``, the writing
  transaction; SQLite's ``rowid``) follows the order of the votes.
- A vote cast is final. The chair suspends and resumes a ballot, or runs it again (the ballot
  is void, its votes kept for the record and never counted, and a copy is prepared).
- Every act is audited; a secret ballot's audit holds participation only.
"""

import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from assembly.languages import language_codes
from assembly.models import Country
from assembly.services import audit_record
from assembly.transitions import transition

from ..models import Ballot, BallotPaper, Vote
from ..selectors import ballot_eligible_countries
from .common import _locked_ballot, _user

# Receipt codes: 16 characters of an alphabet without look-alikes (0/O, 1/I), 80 bits.
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 16

# What a delegate may answer on a question that is not an election.
QUESTION_CHOICES = (BallotPaper.Choice.YES, BallotPaper.Choice.NO, BallotPaper.Choice.ABSTAIN)


@dataclass(frozen=True)
class Cast:
    """What a vote gives back: the ballot, the country, and for a secret ballot the receipt
    code (shown once, never stored)."""

    ballot: Ballot
    country: Country
    receipt: str | None


_shuffle = secrets.SystemRandom().shuffle


def new_receipt_code() -> str:
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return "-".join(code[index : index + 4] for index in range(0, RECEIPT_LENGTH, 4))


def normalise_receipt(code: str) -> str:
    """The code as typed, without spaces, dashes or case; look-alikes read as the letters."""
    text = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return text.translate(str.maketrans({"0": "O", "1": "I"}))


def receipt_hash(code: str) -> str:
    return hashlib.sha256(normalise_receipt(code).encode()).hexdigest()


def voter_country(ballot: Ballot, user) -> Country:
    """The country whose vote ``user`` casts on ``ballot``; PermissionDenied otherwise."""
    from delegates.selectors import voting_seat

    seat = voting_seat(user, ballot.session_id)
    if not seat.votes:
        raise PermissionDenied(
            _("Only the voting delegate of a delegation votes, from their own account.")
        )
    return seat.country


def _check_takes_votes(ballot: Ballot) -> None:
    if not ballot.takes_device_votes:
        raise ValidationError(_("This ballot is not voted from the delegates' devices."))
    if ballot.status == Ballot.Status.SUSPENDED:
        raise ValidationError(_("The ballot is suspended: wait until the chair resumes it."))
    if ballot.status in (Ballot.Status.CLOSED, Ballot.Status.VOID):
        raise ValidationError(_("The ballot is closed: no vote can be recorded or changed."))
    if ballot.status != Ballot.Status.OPEN:
        raise ValidationError(_("The ballot is not open yet."))


def _check_country(ballot: Ballot, country: Country) -> None:
    if not ballot_eligible_countries(ballot).filter(pk=country.pk).exists():
        raise ValidationError(
            _(
                "%(country)s may not vote on this ballot: only member countries whose "
                "credentials were accepted and whose voting rights are not suspended vote."
            )
            % {"country": country}
        )
    if Vote.objects.filter(ballot=ballot, country=country).exists():
        raise ValidationError(
            _("%(country)s has already voted on this ballot: a vote cast is final.")
            % {"country": country}
        )


def _check_choice(ballot: Ballot, choice: str, candidates: Iterable[int]) -> tuple[str, list]:
    """The paper's choice and candidates, checked against the ballot's question."""
    try:
        candidates = sorted({int(pk) for pk in candidates or ()})
    except (TypeError, ValueError) as error:
        raise ValidationError(_("Only the candidates of this ballot can be marked.")) from error
    if ballot.question == "election":
        from . import election_hooks

        return election_hooks.check_paper(ballot, choice, candidates)
    if candidates or choice not in QUESTION_CHOICES:
        raise ValidationError(_("A vote is yes, no or abstain."))
    return choice, []


def _bump(ballot: Ballot) -> None:
    Ballot.objects.filter(pk=ballot.pk).update(version=F("version") + 1)


# PostgreSQL does the draw and the new order in one statement (``gen_random_uuid`` draws from
# the server's strong random source): the papers are read, deleted and written back in a
# random order, the drawn blank one filled; with no blank paper left (a country admitted to the
# vote after the ballot opened) one more paper is written, filled. A sort needs every row, so
# every paper is deleted before any is written again.
_FILL_PAPER_SQL = """
WITH drawn AS (
    SELECT id FROM resolutions_ballotpaper
    WHERE ballot_id = %(ballot)s AND choice = ''
    ORDER BY gen_random_uuid() LIMIT 1
), old AS (
    DELETE FROM resolutions_ballotpaper WHERE ballot_id = %(ballot)s
    RETURNING id, ballot_id, choice, candidates, receipt_hash
), papers AS (
    SELECT old.id, old.ballot_id,
        CASE WHEN drawn.id IS NULL THEN old.choice ELSE %(choice)s END AS choice,
        CASE WHEN drawn.id IS NULL THEN old.candidates ELSE %(candidates)s::jsonb END
            AS candidates,
        CASE WHEN drawn.id IS NULL THEN old.receipt_hash ELSE %(hash)s END AS receipt_hash
    FROM old LEFT JOIN drawn ON drawn.id = old.id
    UNION ALL
    SELECT gen_random_uuid(), %(ballot)s, %(choice)s, %(candidates)s::jsonb, %(hash)s
    WHERE NOT EXISTS (SELECT 1 FROM drawn)
)
INSERT INTO resolutions_ballotpaper (id, ballot_id, choice, candidates, receipt_hash)
SELECT id, ballot_id, choice, candidates, receipt_hash FROM papers
ORDER BY gen_random_uuid()
"""


def _fill_paper(ballot: Ballot, choice: str, candidates: list) -> str:
    """Fill one blank paper drawn at random and lay every paper of the ballot down again in a
    new random order; return the receipt code.

    Rewriting the ballot's papers (a few hundred rows at most, under the ballot's lock) is what
    keeps the rows on disk and their writing transaction from telling which paper was filled
    last: updating one row in place would move it to the end of the table.
    """
    code = new_receipt_code()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                _FILL_PAPER_SQL,
                {
                    "ballot": ballot.pk,
                    "choice": choice,
                    "candidates": json.dumps(candidates),
                    "hash": receipt_hash(code),
                },
            )
        return code
    papers = list(BallotPaper.objects.filter(ballot=ballot))
    blank = [paper for paper in papers if not paper.choice]
    paper = secrets.choice(blank) if blank else BallotPaper(ballot=ballot)
    paper.choice, paper.candidates, paper.receipt_hash = choice, candidates, receipt_hash(code)
    if not blank:
        papers.append(paper)
    BallotPaper.objects.filter(ballot=ballot).delete()
    _shuffle(papers)
    BallotPaper.objects.bulk_create(papers)
    return code


def _cast(
    locked: Ballot, country: Country, choice: str, candidates, *, user, actor, action
) -> Cast:
    _check_country(locked, country)
    value, marked = _check_choice(locked, choice, candidates)
    stored = None if locked.counts_papers else value
    # ``_check_country`` read "not voted yet" under the ballot's lock; the unique constraint is
    # the database's own guard (the whole vote is rolled back with it).
    try:
        Vote.objects.create(ballot=locked, country=country, choice=stored, recorded_by=user)
    except IntegrityError as error:
        raise ValidationError(
            _("%(country)s has already voted on this ballot: a vote cast is final.")
            % {"country": country}
        ) from error
    receipt = _fill_paper(locked, value, marked) if locked.counts_papers else None
    _bump(locked)
    data = {"country": country.pk}
    if not locked.counts_papers:
        data["choice"] = stored
    audit_record(actor=actor, action=action, target=locked, data=data)
    return Cast(ballot=locked, country=country, receipt=receipt)


@transaction.atomic
def vote_cast(*, ballot: Ballot, user, choice: str, candidates: Iterable[int] = ()) -> Cast:
    """The voting delegate's own vote, from the vote page."""
    locked = _locked_ballot(ballot)
    country = voter_country(locked, user)
    _check_takes_votes(locked)
    return _cast(
        locked,
        country,
        choice,
        candidates,
        user=_user(user),
        actor=user,
        action="resolution.vote.cast",
    )


@transaction.atomic
def vote_by_hand(
    *, ballot: Ballot, country: Country, choice: str, candidates: Iterable[int] = (), actor: Any
) -> Cast:
    """A vote recorded by the staff for a delegation without a device (the chair's console).

    On a secret ballot the officer hands the receipt code to the delegation."""
    locked = _locked_ballot(ballot)
    _check_takes_votes(locked)
    return _cast(
        locked,
        country,
        choice,
        candidates,
        user=_user(actor),
        actor=actor,
        action="resolution.vote.by_hand",
    )


def receipt_lookup(code: str) -> BallotPaper | None:
    """The paper a receipt code was given for, if any."""
    if len(normalise_receipt(code)) != RECEIPT_LENGTH:
        return None
    return (
        BallotPaper.objects.select_related("ballot", "ballot__session")
        .filter(receipt_hash=receipt_hash(code))
        .first()
    )


def make_blank_papers(ballot: Ballot) -> None:
    """One blank paper per country entitled when the ballot opens, in random order."""
    entitled = ballot_eligible_countries(ballot).count()
    papers = [BallotPaper(ballot=ballot) for _ in range(entitled)]
    _shuffle(papers)
    BallotPaper.objects.bulk_create(papers)


def paper_tally(ballot: Ballot) -> dict[str, Any]:
    """Counts of the used papers by choice, and by candidate for an election."""
    counts = {choice.value: 0 for choice in BallotPaper.Choice}
    by_candidate: dict[int, int] = {}
    rows = 0
    for choice, marked in (
        BallotPaper.objects.filter(ballot=ballot)
        .exclude(choice="")
        .values_list("choice", "candidates")
    ):
        rows += 1
        counts[choice] += 1
        for pk in marked or ():
            by_candidate[pk] = by_candidate.get(pk, 0) + 1
    return {"rows": rows, "choices": counts, "candidates": by_candidate}


def _live_move(ballot: Ballot, to: str, *, actor: Any, action: str, reason: str = "") -> Ballot:
    def update(locked: Ballot) -> list[str]:
        locked.version += 1
        return ["version"]

    locked = transition(ballot, to, actor=actor, action=action, reason=reason, update=update)
    ballot.refresh_from_db()
    return locked


@transaction.atomic
def ballot_suspend(*, ballot: Ballot, actor: Any, reason: str = "") -> Ballot:
    return _live_move(
        ballot,
        Ballot.Status.SUSPENDED,
        actor=actor,
        action="resolution.ballot.suspend",
        reason=reason,
    )


@transaction.atomic
def ballot_resume(*, ballot: Ballot, actor: Any) -> Ballot:
    return _live_move(ballot, Ballot.Status.OPEN, actor=actor, action="resolution.ballot.resume")


@transaction.atomic
def ballot_run_again(*, ballot: Ballot, actor: Any, reason: str = "") -> Ballot:
    """Void an open or suspended ballot (its votes stay, uncounted) and prepare its copy."""
    if not (reason or "").strip():
        raise ValidationError(_("Say why the ballot is run again: the reason goes on the record."))
    old = _live_move(
        ballot, Ballot.Status.VOID, actor=actor, action="resolution.ballot.run_again", reason=reason
    )
    copy = Ballot(
        session=old.session,
        question=old.question,
        draft=old.draft,
        amendment=old.amendment,
        method=old.method,
        majority_rule=old.majority_rule,
        amends_constitution=old.amends_constitution,
        electronic=old.electronic,
        rerun_of=old,
    )
    for code in language_codes():
        setattr(copy, f"subject_{code}", getattr(old, f"subject_{code}", ""))
    for name in ("election_id", "round"):
        if hasattr(old, name):
            setattr(copy, name, getattr(old, name))
    copy.full_clean()
    copy.save()
    if copy.question == Ballot.Question.ELECTION:
        from . import election_hooks

        election_hooks.copy_candidates(old, copy)
    audit_record(
        actor=actor, action="resolution.ballot.create", target=copy, data={"rerun_of": old.pk}
    )
    return copy
