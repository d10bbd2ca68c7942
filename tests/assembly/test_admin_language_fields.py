"""Translated fields in the back office: each language's input in its own language and
direction, and each field shown once (as its language columns), editable or read-only."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse
from modeltranslation.translator import translator

from assembly.admin import TranslatedFieldsMixin
from assembly.languages import language_codes
from resolutions import services
from resolutions.models import Ballot, DraftResolution
from tests.resolutions.factories import circulated_draft, open_ballot

pytestmark = pytest.mark.django_db


def _translated_admins():
    for model, model_admin in admin.site._registry.items():
        if model in translator.get_registered_models():
            yield model, model_admin


def _inputs(html: str, name: str) -> list[str]:
    return re.findall(rf'<(?:input|textarea)\b[^>]*\bname="{name}"[^>]*>', html)


def test_every_translated_model_admin_sets_language_and_direction(admin_client):
    checked = 0
    for model, model_admin in _translated_admins():
        assert isinstance(model_admin, TranslatedFieldsMixin), model_admin
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        html = admin_client.get(url).content.decode()
        options = translator.get_options_for_model(model)
        for field in options.fields:
            for code in language_codes():
                for tag in _inputs(html, f"{field}_{code}"):
                    if 'type="hidden"' in tag:
                        continue
                    direction = "rtl" if code == "ar" else "ltr"
                    assert f'lang="{code}"' in tag and f'dir="{direction}"' in tag, (url, tag)
                    checked += 1
    assert checked > 100  # every language column of about fifteen admins


def test_arabic_title_of_a_slot_runs_right_to_left(admin_client, session91):
    html = admin_client.get("/admin/agenda/programmeslot/add/").content.decode()
    (tag,) = _inputs(html, "title_ar")
    assert 'dir="rtl"' in tag and 'lang="ar"' in tag


def _rows(html: str) -> list[str]:
    """The fields of the page's rows; a read-only text shown as it reads counts as its field."""
    names = re.findall(r'class="form-row[^"]*\bfield-([a-z_]+)', html) + re.findall(
        r'class="fieldBox field-([a-z_]+)', html
    )
    return [name.removesuffix("_as_read") for name in names]


def test_a_read_only_record_shows_each_translated_field_once(admin_client, session91):
    draft = circulated_draft(session91, "Read only")
    assert draft.status == DraftResolution.Status.CIRCULATED
    ballot = open_ballot(session91, draft, method="roll_call")
    assert ballot.status == Ballot.Status.OPEN
    pages = {
        f"/admin/resolutions/draftresolution/{draft.pk}/change/": ("title", "text"),
        f"/admin/resolutions/ballot/{ballot.pk}/change/": ("subject",),
    }
    for url, fields in pages.items():
        rows = _rows(admin_client.get(url).content.decode())
        for field in fields:
            assert field not in rows, f"{url} shows {field} besides its language columns"
            for code in language_codes():
                assert rows.count(f"{field}_{code}") == 1, (url, field, code, rows)
    services.ballot_close(ballot=ballot)
