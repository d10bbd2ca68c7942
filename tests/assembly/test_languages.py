"""The shared language kernel: the working languages from settings, one missing-languages rule,
one current-session selector (assembly/languages.py, assembly/selectors.py)."""

import ast
import pathlib

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from assembly import services as assembly_services
from assembly.languages import (
    language_codes,
    missing_languages,
    set_translations,
    translation_columns,
    translations,
)
from assembly.models import AssemblySession, Country
from assembly.selectors import current_session
from assembly.templatetags.assembly_tags import has_translation
from resolutions import services as resolutions_services

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ("assembly", "agenda", "resolutions", "delegates")


def _app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(), str(path))


# --- The working languages come from settings -------------------------------------------------

# Modules allowed to spell the languages out (none since the page cache reads them from settings).
LITERAL_LIST_ALLOWED: set[str] = set()


def test_no_app_module_writes_the_language_list_as_a_literal():
    """A fifth working language is added in settings.LANGUAGES alone: no tuple, list, set or regex
    of the working languages, nor a list of one field's columns in several languages, is written
    out in the apps' code."""
    codes = set(language_codes())
    found = []
    for name, tree in _app_modules():
        if name in LITERAL_LIST_ALLOWED:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Tuple | ast.List | ast.Set):
                values = {
                    element.value
                    for element in node.elts
                    if isinstance(element, ast.Constant) and isinstance(element.value, str)
                }
                if values == codes and len(node.elts) == len(codes):
                    found.append(f"{name}:{node.lineno}")
                # Each language's column spelled out: ["title_en", "title_fr", …].
                stems = {}
                for value in values:
                    stem, _sep, code = value.rpartition("_")
                    if stem and code in codes:
                        stems.setdefault(stem, set()).add(code)
                if any(len(seen) > 1 for seen in stems.values()):
                    found.append(f"{name}:{node.lineno} (columns)")
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and any(f"{a}|{b}" in node.value for a in codes for b in codes if a != b)
            ):
                found.append(f"{name}:{node.lineno} (regex)")
    assert found == []


def test_language_codes_follow_settings():
    assert language_codes() == ("ar", "en", "fr", "es")
    assert language_codes() == settings.MODELTRANSLATION_LANGUAGES
    with override_settings(LANGUAGES=[("en", "English"), ("fr", "French")]):
        assert language_codes() == ("en", "fr")


# --- set_translations ---------------------------------------------------------------------------


def test_translation_columns_fill_every_language_and_refuse_unknown_codes():
    assert translation_columns("title", {"en": " Vienna ", "fr": "Vienne"}) == {
        "title_ar": "",
        "title_en": "Vienna",
        "title_fr": "Vienne",
        "title_es": "",
    }
    with pytest.raises(ValueError, match="de is not a working language"):
        translation_columns("title", {"en": "Vienna", "de": "Wien"})


def test_set_translations_writes_columns_and_cleans_rich_text(austria):
    set_translations(austria, "name", {"en": "<b>Austria</b>"}, clean=str.upper)
    assert translations(austria, "name") == {"ar": "", "en": "<B>AUSTRIA</B>", "fr": "", "es": ""}


# --- One rule for the missing languages ---------------------------------------------------------


@pytest.mark.django_db
def test_missing_languages_rule(austria):
    set_translations(austria, "name", {"ar": "النمسا", "en": "Austria", "fr": " ", "es": "Austria"})
    assert missing_languages(austria, "name") == ["fr"]  # whitespace is no text
    set_translations(austria, "name", {})
    assert missing_languages(austria, "name") == []  # written nowhere: nothing to translate
    assert missing_languages(austria, "name", required=True) == ["ar", "en", "fr", "es"]


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="chief", email="chief@example.org", password="a long pass phrase 91"
    )
    client.force_login(user)
    return client


def test_every_place_gives_the_same_missing_languages(staff_client, session91):
    """The draft's own check (which blocks circulation), the admin column and the public pages'
    notice name the same languages: Spanish and Arabic, in the settings' order."""
    texts = {"en": "<p>Text</p>", "fr": "<p>Texte</p>", "es": " ", "ar": ""}
    draft = resolutions_services.draft_save(
        session=session91,
        titles={"en": "Title", "fr": "Titre", "es": "Título", "ar": ""},
        texts=texts,
        sponsors=[Country.objects.get(iso_code="FR")],
    )
    assert draft.missing_text_languages() == ["ar", "es"]

    listing = staff_client.get(reverse("admin:resolutions_draftresolution_changelist"))
    assert '<td class="field-missing_languages">ar, es</td>' in listing.content.decode()

    notice = Template(
        "{% load assembly_tags %}{% for code, name in draft|missing_languages:'text' %}"
        "{{ code }} {% endfor %}"
    ).render(Context({"draft": draft}))
    assert notice == "ar es "

    # The "shown in English" notice of the public pages: shown for Spanish (whitespace only).
    flags = {}
    for code in ("ar", "en", "fr", "es"):
        with translation.override(code):
            flags[code] = has_translation(draft, "text")
    assert flags == {"ar": False, "en": True, "fr": True, "es": False}


def test_an_optional_field_left_empty_everywhere_is_not_missing(staff_client, session91):
    session91.introduction_en = session91.introduction_fr = ""
    session91.introduction_es = session91.introduction_ar = ""
    session91.save()
    html = staff_client.get(reverse("admin:assembly_assemblysession_changelist")).content.decode()
    row = html[html.index(str(session91)) :]
    assert row.index('<td class="field-missing_languages">—</td>') < row.index("</tr>")


# --- One current session -------------------------------------------------------------------------

CURRENT_FILTER_ALLOWED = {
    "assembly/selectors.py",  # current_session(), the one selector
    "assembly/services.py",  # session_make_current() moves the mark
    "assembly/models.py",  # the constraint: one current session at most
}


def test_the_current_session_is_found_in_one_place():
    """Every page, the portal, the badge desk and the back office ask current_session()."""
    found = []
    for name, tree in _app_modules():
        if name in CURRENT_FILTER_ALLOWED:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "is_current":
                found.append(f"{name}:{node.value.lineno}")
            if isinstance(node, ast.Attribute) and node.attr == "current":
                found.append(f"{name}:{node.lineno}")
    assert found == []


def test_current_session_follows_the_mark(client, core_demo):
    assert current_session().number == 91
    assembly_services.session_make_current(session=AssemblySession.objects.get(number=92))
    assert current_session().number == 92
    assert "92nd General Assembly" in client.get("/en/").content.decode()
