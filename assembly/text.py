"""What a person may type into a text or date field, and what an export may carry (SECURITY 29, 34).

Control characters (C0, DEL, the XML-forbidden code points) break PostgreSQL (NUL), XML, iCalendar
and PDFs; bidi controls let a name print backwards on a badge; a date a human would not write (year
1, a session in 2300) is a typing slip. The validators here are attached in one place
(``attach_input_validators``, from ``AssemblyConfig.ready``) to every text and date field of the
project's models and to the user's names and address; ``CheckedTextForm`` does the same for forms
that are not model forms. ``printable`` strips what slipped in anyway, on every export.
"""

import datetime as dt
import re
from urllib.parse import unquote

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import BadRequest, ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Apps whose every text and date field is a person's input.
PROJECT_APPS = ("assembly", "delegates", "agenda", "resolutions")
# Fields of other apps' models that a person types.
OTHER_FIELDS = {
    ("auth", "user"): ("username", "first_name", "last_name", "email"),
    ("account", "emailaddress"): ("email",),
}

_XML_FORBIDDEN = "\ud800-\udfff\ufffe\uffff"
# Single-line text: every C0 control and DEL.
SINGLE_LINE_FORBIDDEN = re.compile(f"[\x00-\x1f\x7f{_XML_FORBIDDEN}]")
# Multi-line text keeps tab, line feed and carriage return.
MULTI_LINE_FORBIDDEN = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f{_XML_FORBIDDEN}]")
# Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). The marks U+200E/U+200F
# that right-to-left typing needs stay allowed.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@deconstructible
class NoControlCharacters:
    """Refuses the control characters that a database, XML or iCalendar cannot carry."""

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value):
        if not isinstance(value, str):
            return
        forbidden = MULTI_LINE_FORBIDDEN if self.multiline else SINGLE_LINE_FORBIDDEN
        if forbidden.search(value):
            if self.multiline:
                message = _(
                    "This text contains invisible control characters. Remove them "
                    "(retype the text rather than pasting it)."
                )
            else:
                message = _(
                    "This text contains line breaks, tabs or invisible control characters. "
                    "Write it on one line without them."
                )
            raise ValidationError(message, code="control_characters")

    def __eq__(self, other):
        return isinstance(other, NoControlCharacters) and other.multiline == self.multiline


@deconstructible
class NoBidiControls:
    """Refuses the characters that reorder text: a name must print as it was typed."""

    def __call__(self, value):
        if isinstance(value, str) and BIDI_CONTROLS.search(value):
            raise ValidationError(
                _(
                    "This text contains invisible characters that change the direction of the "
                    "writing (U+202A–U+202E, U+2066–U+2069). Remove them."
                ),
                code="bidi_controls",
            )

    def __eq__(self, other):
        return isinstance(other, NoBidiControls)


def plausible_years() -> tuple[int, int]:
    """The years a person may type: the settings' earliest year to so many years from now."""
    return (
        settings.PLAUSIBLE_EARLIEST_YEAR,
        timezone.now().year + settings.PLAUSIBLE_YEARS_AHEAD,
    )


@deconstructible
class PlausibleDate:
    """Refuses a date or a time whose year nobody at the assembly would write."""

    def __call__(self, value):
        if not isinstance(value, dt.date):
            return
        earliest, latest = plausible_years()
        if not earliest <= value.year <= latest:
            raise ValidationError(
                _("Enter a date between the years %(earliest)s and %(latest)s."),
                code="implausible_date",
                params={"earliest": earliest, "latest": latest},
            )

    def __eq__(self, other):
        return isinstance(other, PlausibleDate)


def text_validators(*, multiline: bool) -> list:
    if multiline:
        return [NoControlCharacters(multiline=True)]
    return [NoControlCharacters(), NoBidiControls()]


def _add_validators(field, extra: list) -> None:
    # Set on the field's cached ``validators`` rather than its ``_validators``: the rule is the
    # project's, not the schema's, so migrations do not carry it.
    current = list(field.validators)
    field.__dict__["validators"] = current + [v for v in extra if v not in current]


def input_fields():
    """Every (model, field) that a person types: the project's models and the user's names."""
    for model in apps.get_models():
        label = (model._meta.app_label, model._meta.model_name)
        if model._meta.app_label in PROJECT_APPS:
            names = None
        elif label in OTHER_FIELDS:
            names = OTHER_FIELDS[label]
        else:
            continue
        for field in model._meta.concrete_fields:
            if names is not None and field.name not in names:
                continue
            if isinstance(field, (models.CharField, models.TextField, models.DateField)):
                yield model, field


def attach_input_validators() -> None:
    for _model, field in input_fields():
        if isinstance(field, models.TextField):
            _add_validators(field, text_validators(multiline=True))
        elif isinstance(field, models.CharField):
            _add_validators(field, text_validators(multiline=False))
        elif isinstance(field, models.DateField):  # DateTimeField included
            _add_validators(field, [PlausibleDate()])


def check_form_fields(form: forms.BaseForm) -> None:
    """Gives every text and date field of a form the same rules as the models' fields."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            multiline = isinstance(field.widget, forms.Textarea)
            extra = text_validators(multiline=multiline)
        elif isinstance(field, (forms.DateField, forms.DateTimeField)):
            extra = [PlausibleDate()]
        else:
            continue
        field.validators = [*field.validators, *(v for v in extra if v not in field.validators)]


class CheckedTextForm(forms.Form):
    """A form that is not a model form, with the models' rules on its text and date fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        check_form_fields(self)


# --- the second line of defence: exports --------------------------------------------------------


def printable(value):
    """``value`` (a string, or dicts and lists of them) without the characters an export cannot
    carry; line breaks and tabs stay."""
    if isinstance(value, str):
        return MULTI_LINE_FORBIDDEN.sub("", value)
    if isinstance(value, dict):
        return {key: printable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(printable(item) for item in value)
    return value


# --- URLs ---------------------------------------------------------------------------------------


def number_from_query(value) -> int | None:
    """A small whole number typed in a URL (``?session=91``), or None: never a 10,000-digit
    string that ``int()`` or the database's integer refuses."""
    value = str(value or "")
    if value.isascii() and value.isdigit() and len(value) <= 9:
        return int(value)
    return None


class ControlCharactersMiddleware:
    """A control character in the path answers 404, in the query string 400, before any view
    hands it to the database (PostgreSQL refuses NUL in text) or to a format."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if SINGLE_LINE_FORBIDDEN.search(request.path):
            raise Http404("control character in the path")
        query = unquote(request.META.get("QUERY_STRING", ""), errors="replace")
        if SINGLE_LINE_FORBIDDEN.search(query):
            raise BadRequest("control character in the query string")
        return self.get_response(request)
