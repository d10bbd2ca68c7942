"""Helpers shared by the resolutions services: row locks, sponsors, rich text, languages."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assembly.languages import language_codes
from assembly.models import Country

from ..models import Ballot, DraftResolution
from ..sanitise import clean_rich_text


def _locked_draft(draft: DraftResolution) -> DraftResolution:
    return DraftResolution.objects.select_for_update().get(pk=draft.pk)


def _check_sponsors(sponsors: Iterable[Country]) -> list[Country]:
    sponsors = list(sponsors)
    for country in sponsors:
        if country.status != Country.Status.MEMBER:
            raise ValidationError(
                _("%(country)s is not a member country: it cannot sponsor a draft.")
                % {"country": country}
            )
    return sponsors


def _clean_rich_columns(obj, *fields: str) -> None:
    """Pass every language of ``fields`` through the rich-text allow-list, in place."""
    for field in fields:
        for code in language_codes():
            column = f"{field}_{code}"
            text = getattr(obj, column, "") or ""
            if text:
                setattr(obj, column, clean_rich_text(text))


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


def _locked_ballot(ballot: Ballot) -> Ballot:
    return Ballot.objects.select_for_update().select_related("session").get(pk=ballot.pk)


def _user(actor: Any):
    return actor if getattr(actor, "is_authenticated", False) else None
