"""Amendments: voted before their draft, the furthest from the original first; one accepted by
the sponsors or adopted rewrites its operative paragraph (or the whole text) in the four
languages at once (see ``amending``)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assembly.languages import language_codes, set_translations
from assembly.models import Country
from assembly.services import audit_record, record_delete, record_save
from assembly.transitions import transition

from ..amending import apply_amendment, check_paragraph
from ..models import Amendment, DraftResolution
from ..sanitise import clean_rich_text
from .common import _check_sponsors, _clean_rich_columns, _locked_draft, _require_four_languages


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


@transaction.atomic
def amendment_withdraw(*, amendment: Amendment, actor: Any = None, reason: str = ""):
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


def _check_amendment_paragraph(amendment: Amendment) -> None:
    """The paragraph the amendment rewrites exists in the draft as it now reads."""
    for code in language_codes():
        check_paragraph(getattr(amendment.draft, f"text_{code}") or "", amendment.paragraph)


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
