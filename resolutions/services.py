"""Writes of the resolutions app: one function per state transition, each audited.

Drafts move draft → submitted → circulated → under debate → voting → adopted | rejected, or are
withdrawn before the vote. Amendments are voted before their draft, the furthest from the
original first; one accepted by the sponsors or adopted rewrites its operative paragraph (or
the whole text) in the four languages at once (see ``amending``). Ballots are prepared, opened,
voted and closed; closing computes the result sheet from the vote rows (or the tellers' totals
of a secret ballot) and decides the question.
"""

import secrets
import string
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assembly.languages import language_codes, set_translations
from assembly.models import AssemblySession, Country
from assembly.services import audit_record, record_delete, record_save
from assembly.transitions import transition

from .amending import apply_amendment, check_paragraph
from .majorities import MajorityRule, majority_result, question_majority
from .models import Amendment, Ballot, DraftResolution, Vote
from .sanitise import clean_rich_text
from .selectors import ballot_eligible_countries, vote_tally

# The value that records a country's participation in a secret ballot (never its choice).
TOOK_PART = "took_part"
VOTE_CHOICES = {choice.value for choice in Vote.Choice}


def _locked_draft(draft: DraftResolution) -> DraftResolution:
    return DraftResolution.objects.select_for_update().get(pk=draft.pk)


def _draft_transition(
    *,
    draft: DraftResolution,
    to: str,
    action: str,
    actor: Any,
    reason: str = "",
    extra_fields: Mapping[str, Any] | None = None,
) -> DraftResolution:
    """Move a draft along ``DraftResolution.MOVES`` (``assembly.transitions``), stamping the
    time of the change and setting ``extra_fields`` with it."""
    extra = dict(extra_fields or {})

    def update(locked: DraftResolution) -> list[str]:
        locked.status_changed_at = timezone.now()
        for name, value in extra.items():
            setattr(locked, name, value)
        locked.status = to
        locked.full_clean()
        return ["status_changed_at", *extra]

    return transition(
        draft,
        to,
        actor=actor,
        action=action,
        reason=reason,
        update=update,
        data={name: str(value) for name, value in extra.items()},
    )


def _check_sponsors(sponsors: Iterable[Country]) -> list[Country]:
    sponsors = list(sponsors)
    for country in sponsors:
        if country.status != Country.Status.MEMBER:
            raise ValidationError(
                _("%(country)s is not a member country: it cannot sponsor a draft.")
                % {"country": country}
            )
    return sponsors


@transaction.atomic
def draft_save(
    *,
    session: AssemblySession,
    titles: Mapping[str, str],
    texts: Mapping[str, str],
    sponsors: Iterable[Country] = (),
    majority_rule: str = MajorityRule.SIMPLE,
    amends_constitution: bool = False,
    has_financial_implications: bool = False,
    financial_implications: Mapping[str, str] | None = None,
    executive_committee_opinion: Mapping[str, str] | None = None,
    agenda_item: Any = None,
    documents: Iterable = (),
    draft: DraftResolution | None = None,
    actor: Any = None,
) -> DraftResolution:
    """Create a draft, or change one not yet circulated; the rich text is sanitised here.

    ``agenda_item`` is an item of the same session's agenda (``full_clean`` refuses another's).
    """
    if draft is None:
        draft = DraftResolution(session=session)
    else:
        draft = _locked_draft(draft)
        if draft.status not in (DraftResolution.Status.DRAFT, DraftResolution.Status.SUBMITTED):
            raise ValidationError(_("A circulated draft is changed by amendments, not edited."))
    set_translations(draft, "title", titles)
    set_translations(draft, "text", texts, clean=clean_rich_text)
    set_translations(
        draft, "financial_implications", financial_implications or {}, clean=clean_rich_text
    )
    set_translations(
        draft,
        "executive_committee_opinion",
        executive_committee_opinion or {},
        clean=clean_rich_text,
    )
    draft.majority_rule = majority_rule
    draft.amends_constitution = amends_constitution
    draft.has_financial_implications = has_financial_implications
    draft.agenda_item = agenda_item
    draft.full_clean()
    created = draft.pk is None
    draft.save()
    draft.sponsors.set(_check_sponsors(sponsors))
    draft.documents.set(list(documents))
    audit_record(
        actor=actor,
        action="resolution.draft.create" if created else "resolution.draft.edit",
        target=draft,
    )
    return draft


def _clean_rich_columns(obj, *fields: str) -> None:
    """Pass every language of ``fields`` through the rich-text allow-list, in place."""
    for field in fields:
        for code in language_codes():
            column = f"{field}_{code}"
            text = getattr(obj, column, "") or ""
            if text:
                setattr(obj, column, clean_rich_text(text))


EDITABLE_DRAFT_STATUSES = (DraftResolution.Status.DRAFT, DraftResolution.Status.SUBMITTED)


@transaction.atomic
def draft_form_save(
    *,
    draft: DraftResolution,
    actor: Any,
    related: Mapping[str, Iterable] | None = None,
) -> DraftResolution:
    """Save a draft as the admin's form filled it in, under ``draft_save``'s rules: a text
    already circulated changes only by amendments, the rich text is sanitised, the sponsors
    are member countries; ``related`` sets its sponsors and documents."""
    if draft.pk is not None and _locked_draft(draft).status not in EDITABLE_DRAFT_STATUSES:
        raise ValidationError(_("A circulated draft is changed by amendments, not edited."))
    _clean_rich_columns(draft, "text", "financial_implications", "executive_committee_opinion")
    related = dict(related or {})
    if "sponsors" in related:
        related["sponsors"] = _check_sponsors(related["sponsors"])
    return record_save(draft, actor=actor, action="resolution.draft", related=related)


@transaction.atomic
def draft_delete(*, draft: DraftResolution, actor: Any) -> None:
    """Delete a draft never submitted (a submitted one is withdrawn, and kept)."""
    if _locked_draft(draft).status != DraftResolution.Status.DRAFT:
        raise ValidationError(_("Only a draft not yet submitted can be deleted."))
    record_delete(draft, actor=actor, action="resolution.draft")


def draft_submit(*, draft: DraftResolution, actor: Any = None, reason: str = ""):
    """draft → submitted: needs a title and at least one sponsoring member country."""
    with transaction.atomic():
        if not draft.sponsors.exists():
            raise ValidationError(_("A draft resolution needs at least one sponsor."))
        return _draft_transition(
            draft=draft,
            to=DraftResolution.Status.SUBMITTED,
            action="resolution.draft.submit",
            actor=actor,
            reason=reason,
        )


def _require_four_languages(obj, what: str) -> None:
    missing = obj.missing_text_languages()
    if missing:
        names = dict(settings.LANGUAGES)
        raise ValidationError(
            _(
                "%(what)s is not available in every working language (missing: %(languages)s): "
                "nothing is circulated or voted before its text exists in all four (GR 31)."
            )
            % {"what": what, "languages": ", ".join(str(names[code]) for code in missing)}
        )


@transaction.atomic
def draft_circulate(*, draft: DraftResolution, actor: Any = None, reason: str = ""):
    """submitted → circulated: only with the title and text in the four languages (GR 31)."""
    _require_four_languages(_locked_draft(draft), _("The draft resolution"))
    circulated = _draft_transition(
        draft=draft,
        to=DraftResolution.Status.CIRCULATED,
        action="resolution.draft.circulate",
        actor=actor,
        reason=reason,
    )
    # The text as circulated stays on record once amendments change the text.
    DraftResolution.objects.filter(pk=circulated.pk).update(
        original_text=F("text_en"),
        **{f"original_text_{code}": F(f"text_{code}") for code in language_codes()},
    )
    circulated.refresh_from_db()
    draft.refresh_from_db()
    return circulated


def draft_open_debate(*, draft: DraftResolution, actor: Any = None, reason: str = ""):
    """circulated → under debate."""
    with transaction.atomic():
        return _draft_transition(
            draft=draft,
            to=DraftResolution.Status.UNDER_DEBATE,
            action="resolution.draft.debate",
            actor=actor,
            reason=reason,
        )


@transaction.atomic
def draft_put_to_vote(*, draft: DraftResolution, actor: Any = None, reason: str = ""):
    """circulated | under debate → voting, once every condition of a vote holds.

    The text exists in the four languages (GR 31); financial implications carry the Executive
    Committee's opinion; every amendment has been decided (amendments are voted first).
    """
    locked = _locked_draft(draft)
    if locked.status == DraftResolution.Status.WITHDRAWN:
        raise ValidationError(_("The draft was withdrawn: it cannot be put to the vote."))
    _require_four_languages(locked, _("The draft resolution"))
    if locked.has_financial_implications and not locked.executive_committee_opinion_en.strip():
        raise ValidationError(
            _(
                "The draft has financial implications: the Executive Committee's opinion is "
                "needed before the vote."
            )
        )
    if locked.amendments.filter(status__in=Amendment.PENDING_STATUSES).exists():
        raise ValidationError(
            _("Amendments to the draft are still pending: they are voted on first.")
        )
    return _draft_transition(
        draft=draft,
        to=DraftResolution.Status.VOTING,
        action="resolution.draft.put_to_vote",
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def draft_adopt(*, draft: DraftResolution, actor: Any = None, reason: str = "", adopted_on=None):
    """voting → adopted, with the next reference of the session: GA-{year}-{session}-RES-{nn}.

    The session row is locked so that two ballots closing at once take consecutive numbers,
    never the same one and never with a gap; the unique constraint is the last line of defence.
    """
    session = AssemblySession.objects.select_for_update().get(pk=draft.session_id)
    last = DraftResolution.objects.filter(session=session).aggregate(n=Max("adoption_number"))
    number = (last["n"] or 0) + 1
    return _draft_transition(
        draft=draft,
        to=DraftResolution.Status.ADOPTED,
        action="resolution.draft.adopt",
        actor=actor,
        reason=reason,
        extra_fields={
            "adoption_number": number,
            "reference": f"GA-{session.year}-{session.number}-RES-{number:02d}",
            "adopted_on": adopted_on or timezone.localdate(timezone=session.tzinfo),
        },
    )


def draft_reject(*, draft: DraftResolution, actor: Any = None, reason: str = ""):
    """voting → rejected."""
    with transaction.atomic():
        return _draft_transition(
            draft=draft,
            to=DraftResolution.Status.REJECTED,
            action="resolution.draft.reject",
            actor=actor,
            reason=reason,
        )


@transaction.atomic
def draft_withdraw(*, draft: DraftResolution, actor: Any = None, reason: str = ""):
    """Any state before the vote → withdrawn; its pending amendments lapse with it."""
    withdrawn = _draft_transition(
        draft=draft,
        to=DraftResolution.Status.WITHDRAWN,
        action="resolution.draft.withdraw",
        actor=actor,
        reason=reason,
    )
    for amendment in withdrawn.amendments.filter(status=Amendment.Status.PROPOSED):
        _amendment_transition(
            amendment=amendment,
            to=Amendment.Status.LAPSED,
            action="resolution.amendment.lapse",
            actor=actor,
            reason=_("The draft was withdrawn."),
        )
    return withdrawn


@transaction.atomic
def resolution_import_legacy(
    *,
    session: AssemblySession,
    legacy_reference: str,
    titles: Mapping[str, str],
    texts: Mapping[str, str],
    adopted_on,
    actor: Any = None,
) -> DraftResolution:
    """An adopted resolution of an earlier session, kept under its own reference."""
    existing = DraftResolution.objects.filter(legacy_reference=legacy_reference).first()
    resolution = existing or DraftResolution(session=session, legacy_reference=legacy_reference)
    set_translations(resolution, "title", titles)
    set_translations(resolution, "text", texts, clean=clean_rich_text)
    resolution.status = DraftResolution.Status.ADOPTED
    resolution.adopted_on = adopted_on
    resolution.full_clean()
    resolution.save()
    audit_record(actor=actor, action="resolution.import_legacy", target=resolution)
    return resolution


# --- Amendments -------------------------------------------------------------------------------


def _amendment_transition(
    *, amendment: Amendment, to: str, action: str, actor: Any, reason: str = ""
) -> Amendment:
    """Move an amendment along ``Amendment.MOVES`` (``assembly.transitions``)."""
    return transition(amendment, to, actor=actor, action=action, reason=reason)


@transaction.atomic
def amendment_propose(
    *,
    draft: DraftResolution,
    sponsor: Country,
    texts: Mapping[str, str],
    replacements: Mapping[str, str],
    distance: int,
    paragraph: int | None = None,
    actor: Any = None,
) -> Amendment:
    """A member country proposes an amendment to a draft not yet put to the vote.

    ``texts`` is the amendment as proposed, in the four languages; ``replacements`` the new
    wording of operative paragraph ``paragraph`` (or of the whole text when it is None), which
    becomes part of the draft when the amendment is accepted by the sponsor or adopted.
    """
    locked = _locked_draft(draft)
    if locked.status in (*DraftResolution.FINAL_STATUSES, DraftResolution.Status.VOTING):
        raise ValidationError(
            _("The draft is %(status)s: it can no longer be amended.")
            % {"status": locked.get_status_display()}
        )
    _check_sponsors([sponsor])
    amendment = Amendment(draft=locked, sponsor=sponsor, distance=distance, paragraph=paragraph)
    set_translations(amendment, "text", texts, clean=clean_rich_text)
    set_translations(amendment, "replacement", replacements, clean=clean_rich_text)
    amendment.full_clean()
    amendment.save()
    audit_record(actor=actor, action="resolution.amendment.propose", target=amendment)
    return amendment


@transaction.atomic
def amendment_accept(*, amendment: Amendment, actor: Any = None, reason: str = ""):
    """The draft's sponsors accept the amendment: it joins the text without a vote.

    Only between circulation and the vote, and only with its wording in the four languages;
    the draft's text changes in the same transaction.
    """
    # The draft first, then the amendment: the order every service locks them in.
    draft = _locked_draft(amendment.draft)
    if draft.status not in (
        DraftResolution.Status.CIRCULATED,
        DraftResolution.Status.UNDER_DEBATE,
    ):
        raise ValidationError(
            _(
                "The draft is %(status)s: an amendment is accepted only after circulation and "
                "before the vote."
            )
            % {"status": draft.get_status_display()}
        )
    _require_four_languages(Amendment.objects.get(pk=amendment.pk), _("The amendment"))
    accepted = _amendment_transition(
        amendment=amendment,
        to=Amendment.Status.ACCEPTED,
        action="resolution.amendment.accept",
        actor=actor,
        reason=reason,
    )
    _amendment_apply(amendment=accepted, actor=actor)
    amendment.refresh_from_db()
    return accepted


@transaction.atomic
def amendment_save(
    *,
    amendment: Amendment,
    actor: Any,
    related: Mapping[str, Iterable] | None = None,
) -> Amendment:
    """Save a proposed amendment as the admin's form filled it in, under ``amendment_propose``'s
    rules (a draft still open to amendment, a member country as sponsor); once decided, an
    amendment is a record and no longer changes."""
    if amendment.pk is not None:
        current = Amendment.objects.select_for_update().get(pk=amendment.pk)
        if current.status != Amendment.Status.PROPOSED:
            raise ValidationError(_("A decided amendment no longer changes."))
    draft = _locked_draft(amendment.draft)
    if draft.status in (*DraftResolution.FINAL_STATUSES, DraftResolution.Status.VOTING):
        raise ValidationError(
            _("The draft is %(status)s: it can no longer be amended.")
            % {"status": draft.get_status_display()}
        )
    _check_sponsors([amendment.sponsor])
    _clean_rich_columns(amendment, "text", "replacement")
    return record_save(amendment, actor=actor, action="resolution.amendment", related=related)


@transaction.atomic
def amendment_delete(*, amendment: Amendment, actor: Any) -> None:
    """Delete a proposed amendment (a decided one is part of the record)."""
    current = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if current.status != Amendment.Status.PROPOSED:
        raise ValidationError(_("A decided amendment no longer changes."))
    record_delete(amendment, actor=actor, action="resolution.amendment")


def _amendment_apply(*, amendment: Amendment, actor: Any) -> None:
    """Make an accepted or adopted amendment part of the draft's text, in the four languages.

    The draft keeps its text as circulated, the amendment the wording it replaced, and the
    audit trail both sides, so that every change to the text can be traced to its amendment.
    """
    draft = _locked_draft(amendment.draft)
    replaced = {}
    for code in language_codes():
        current = getattr(draft, f"text_{code}") or ""
        if not (getattr(draft, f"original_text_{code}") or "").strip():
            setattr(draft, f"original_text_{code}", current)
        new_text, replaced[code] = apply_amendment(
            current,
            paragraph=amendment.paragraph,
            replacement=getattr(amendment, f"replacement_{code}") or "",
        )
        setattr(draft, f"text_{code}", new_text)
    draft.full_clean()
    draft.save(
        update_fields=[
            "text",
            "original_text",
            *(f"text_{code}" for code in language_codes()),
            *(f"original_text_{code}" for code in language_codes()),
        ]
    )
    for code in language_codes():
        setattr(amendment, f"replaced_{code}", replaced[code])
    amendment.applied_at = timezone.now()
    amendment.full_clean()
    amendment.save(
        update_fields=[
            "replaced",
            "applied_at",
            *(f"replaced_{code}" for code in language_codes()),
        ]
    )
    audit_record(
        actor=actor,
        action="resolution.amendment.apply",
        target=draft,
        reason=str(amendment),
        data={
            "amendment": amendment.pk,
            "status": amendment.status,
            "paragraph": amendment.paragraph,
            "replaced": replaced,
            "new": {code: getattr(amendment, f"replacement_{code}") for code in language_codes()},
        },
    )


def amendment_withdraw(*, amendment: Amendment, actor: Any = None, reason: str = ""):
    with transaction.atomic():
        return _amendment_transition(
            amendment=amendment,
            to=Amendment.Status.WITHDRAWN,
            action="resolution.amendment.withdraw",
            actor=actor,
            reason=reason,
        )


def _amendment_decide(*, amendment: Amendment, adopted: bool, actor: Any) -> None:
    """The result of the amendment's ballot: an adopted one changes the draft's text and makes
    the ones it excludes lapse."""
    _locked_draft(amendment.draft)
    decided = _amendment_transition(
        amendment=amendment,
        to=Amendment.Status.ADOPTED if adopted else Amendment.Status.REJECTED,
        action="resolution.amendment.adopt" if adopted else "resolution.amendment.reject",
        actor=actor,
    )
    if adopted:
        _amendment_apply(amendment=decided, actor=actor)
        for other in amendment.lapses.filter(status=Amendment.Status.PROPOSED):
            _amendment_transition(
                amendment=other,
                to=Amendment.Status.LAPSED,
                action="resolution.amendment.lapse",
                actor=actor,
                reason=_("Another amendment was adopted: %(amendment)s") % {"amendment": amendment},
            )


# --- Ballots ----------------------------------------------------------------------------------


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


def _check_amendment_paragraph(amendment: Amendment) -> None:
    """The paragraph the amendment rewrites exists in the draft as it now reads."""
    for code in language_codes():
        check_paragraph(getattr(amendment.draft, f"text_{code}") or "", amendment.paragraph)


def _locked_ballot(ballot: Ballot) -> Ballot:
    return Ballot.objects.select_for_update().select_related("session").get(pk=ballot.pk)


@transaction.atomic
def ballot_open(*, ballot: Ballot, actor: Any = None, letter: str | None = None, at=None) -> Ballot:
    """prepared → open. A draft goes to the vote; an amendment only when it is the furthest
    from the original of those pending. A roll call gets its letter drawn by lot."""
    drawn = {}

    def update(locked: Ballot) -> list[str]:
        if locked.question == Ballot.Question.DRAFT:
            draft_put_to_vote(draft=locked.draft, actor=actor)
        elif locked.question == Ballot.Question.AMENDMENT:
            _amendment_put_to_vote(amendment=locked.amendment, actor=actor)
        if locked.method == Ballot.Method.ROLL_CALL:
            chosen = (letter or secrets.choice(string.ascii_uppercase)).upper()
            if len(chosen) != 1 or chosen not in string.ascii_uppercase:
                raise ValidationError(_("The letter drawn by lot is one letter from A to Z."))
            locked.roll_call_letter = chosen
        drawn["letter"] = locked.roll_call_letter
        # ``at`` records a ballot taken earlier (imports, the demo); otherwise it is now.
        locked.opened_at = at or timezone.now()
        return ["opened_at", "roll_call_letter"]

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


def _amendment_put_to_vote(*, amendment: Amendment, actor: Any) -> None:
    """An amendment goes to the vote before its draft, the furthest from the original first."""
    if amendment.draft.status in (
        *DraftResolution.FINAL_STATUSES,
        DraftResolution.Status.VOTING,
    ):
        raise ValidationError(
            _("The draft is %(status)s: its amendments can no longer be voted on.")
            % {"status": amendment.draft.get_status_display()}
        )
    _require_four_languages(amendment, _("The amendment"))
    _check_amendment_paragraph(amendment)
    further = amendment.draft.amendments.filter(
        status=Amendment.Status.PROPOSED, distance__gt=amendment.distance
    ).exclude(pk=amendment.pk)
    if further.exists():
        raise ValidationError(
            _(
                "An amendment further removed from the original text is pending: it is "
                "voted on first."
            )
        )
    _amendment_transition(
        amendment=amendment,
        to=Amendment.Status.VOTING,
        action="resolution.amendment.put_to_vote",
        actor=actor,
    )


def _check_open_for_votes(ballot: Ballot) -> None:
    if ballot.status == Ballot.Status.CLOSED:
        raise ValidationError(_("The ballot is closed: no vote can be recorded or changed."))
    if ballot.status != Ballot.Status.OPEN:
        raise ValidationError(_("The ballot is not open yet."))
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


def _user(actor: Any):
    return actor if getattr(actor, "is_authenticated", False) else None


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
        locked.full_clean()
        result_sheet.update(
            {name: getattr(locked, name) for name in ("outcome", *RESULT_FIELDS[:4])},
            majority_required=locked.majority_required,
        )
        return ["closed_at", "outcome", *RESULT_FIELDS]

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
    entitled = ballot_eligible_countries(locked).count()
    members = Country.objects.members().count()
    if locked.method == Ballot.Method.CONSENSUS:
        locked.outcome = Ballot.Outcome.ADOPTED
        locked.members_entitled = entitled
        locked.members_of_organisation = members
        return
    if locked.is_recorded:
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
