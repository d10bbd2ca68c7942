"""Draft resolutions: draft → submitted → circulated → under debate → voting → adopted |
rejected, or withdrawn before the vote (``DraftResolution.MOVES``)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from assembly.languages import language_codes, set_translations
from assembly.models import AssemblySession, Country
from assembly.services import audit_record, record_delete, record_save
from assembly.transitions import transition

from ..majorities import MajorityRule
from ..models import Amendment, DraftResolution
from ..sanitise import clean_rich_text
from .amendments import _amendment_transition
from .common import _check_sponsors, _clean_rich_columns, _locked_draft, _require_four_languages


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


@transaction.atomic
def draft_submit(*, draft: DraftResolution, actor: Any = None, reason: str = ""):
    """draft → submitted: needs a title and at least one sponsoring member country."""
    if not draft.sponsors.exists():
        raise ValidationError(_("A draft resolution needs at least one sponsor."))
    return _draft_transition(
        draft=draft,
        to=DraftResolution.Status.SUBMITTED,
        action="resolution.draft.submit",
        actor=actor,
        reason=reason,
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


@transaction.atomic
def draft_open_debate(*, draft: DraftResolution, actor: Any = None, reason: str = ""):
    """circulated → under debate."""
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


@transaction.atomic
def draft_reject(*, draft: DraftResolution, actor: Any = None, reason: str = ""):
    """voting → rejected."""
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
