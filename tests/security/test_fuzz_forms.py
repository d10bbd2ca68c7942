"""Property-based fuzzing of every public and portal form: validation errors, never a 5xx.

SECURITY.md 11 and 29: control, bidi and over-long values too, and nothing stored that an export
would then break (no control character, no bidi control in a single-line field). A new form is
one line in FORMS: its path (without the language prefix), the names of its fields, and who
fills it in (None: anonymous; "delegate": a signed-in delegate).
"""

from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.pages import PAGES
from tests.e2e.users import make_user

from .forms import form_with

PROFILE_FIELDS = (
    "given_name",
    "family_name",
    "given_name_ar",
    "family_name_ar",
    "title",
    "function",
    "agency",
    "country",
    "phone",
    "preferred_language",
    "accessibility_needs",
    "dietary_needs",
    "public_consent",
)
NOMINATION_FIELDS = ("email", "given_name", "family_name", "category", "language")


@dataclass(frozen=True)
class Form:
    path: str
    fields: tuple[str, ...]
    user: str | None = None
    fixed: dict = field(default_factory=dict)  # values sent unchanged, e.g. a hidden field
    method: str = "post"  # "get" for the search and filter forms


FORMS = [
    Form("/accounts/login/", ("login", "password", "remember", "next")),
    Form("/accounts/signup/", ("email", "password1", "password2", "next")),
    Form("/accounts/password/reset/", ("email",)),
    # The delegates' portal: a verified account, then the demo head of delegation.
    Form("/delegates/me/", PROFILE_FIELDS, user="delegate"),
    Form("/delegates/register/", ("category", "country", "organisation"), user="delegate"),
    Form("/delegates/delegation/nominate/", NOMINATION_FIELDS, user="head"),
    Form(
        "/delegates/delegation/credentials/",
        ("file", "issuing_authority", "issued_on"),
        user="head",
    ),
    Form("/delegates/registration/edit/", ("category", "version"), user="head"),
    # The agenda: its filters (GET), asking for the floor, signing up for a side event.
    Form("/agenda/", ("theme", "room", "kind", "day", "q"), method="get"),
    Form("/agenda/2023-11-29/", ("theme", "room", "kind"), method="get"),
    Form("/agenda/items/item-4-1-activities-2023/ask-for-the-floor/", ("kind",), user="head"),
    Form("/agenda/items/centenary-exhibition-tour/sign-up/", ("next", "x"), user="head"),
    # Electronic voting (issue 15): the receipt check, and a vote (no ballot under way in the demo).
    Form("/vote/receipt/", ("code",)),
    Form("/vote/", ("ballot", "choice", "candidates"), user="head"),
    Form("/agenda/items/centenary-exhibition-tour/sign-up/", ("next", "x"), user="delegate"),
    # The resolutions archive's search (GET).
    Form("/resolutions/", ("q", "session", "year", "page"), method="get"),
    # Issue 14: the participants' search, the badge photo, the doors of the sittings.
    Form("/participants/", ("q",), method="get"),
    Form("/delegates/me/photo/", ("photo", "crop_x", "crop_y", "crop_zoom"), user="profiled"),
    Form("/delegates/check-in/", ("token",), user="officer"),
    Form("/agenda/check-in/", ("sitting", "token"), user="officer"),
]

TRICKY = [
    "\x00",
    "delegate\x00@example.org",
    "delegate@example.org\x00",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "' OR '1'='1' --",
    '=HYPERLINK("https://evil.example")',
    "\u202egro.elpmaxe@etageled",  # right-to-left override
    "مندوب@مثال.اختبار",
    "δοκιμή@παράδειγμα.δοκιμή",
    "😀" * 200,
    "a" * 100_000,
    "%00",
    "../../etc/passwd",
    "\ud7ff\ufffd\uffff",
    "0@0.A\ufff9",  # found by this test: a domain IDNA cannot encode made the mail fail (500)
    "delegate@" + "a" * 64 + ".example",  # a label longer than DNS allows
    # SECURITY 29: what PostgreSQL, XML and iCalendar refuse, and what reverses a printed name.
    "Ana\x0b Silva\x01",
    "\x1b[31mred\x7f",
    "line one\r\nline two\tend",
    "Ana \u202eavliS\u202c",
    "\u2066Silva\u2069",
    "x" * 10_000,
    "2023-11-29\x00",
]

value = st.one_of(
    st.text(),
    st.text(min_size=256, max_size=4_000),
    st.sampled_from(TRICKY),
    st.emails(),
    st.builds(lambda a, b: a + b, st.emails(), st.sampled_from(TRICKY)),
)
# Dates and numbers in the forms: nonsense years and huge numbers too.
TRICKY += ["0001-01-01", "2300-11-05", "9999-12-31", "9" * 10_000, "-1"]
# A field may be missing, single, or sent several times (a list).
field_value = st.one_of(st.none(), value, st.lists(value, min_size=2, max_size=3))


def form_data(form: Form):
    def build(values):
        data = {name: v for name, v in zip(form.fields, values, strict=True) if v is not None}
        return {**data, **form.fixed}

    return st.tuples(*[field_value for _ in form.fields]).map(build)


@pytest.mark.parametrize(
    "form", FORMS, ids=[f"{form.method}-{form.user or 'anonymous'}-{form.path}" for form in FORMS]
)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_fuzzed_form_never_fails_on_the_server(full_demo, core_demo, form, language):
    client = Client(raise_request_exception=True)
    if form.user:
        client.force_login(make_user(form.user))

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=form_data(form))
    def post(data):
        cache.clear()  # rate limits would turn every later example into a 429
        send = client.get if form.method == "get" else client.post
        response = send(f"/{language}{form.path}", data)
        assert response.status_code < 500, (response.status_code, data)
        if response.status_code == 200:  # the form again, with its errors, in the page's language
            assert f'lang="{language}"' in response.content.decode()[:400]

    post()
    assert stored_unprintable() == []


PROJECT_APPS = ("assembly", "delegates", "agenda", "resolutions")
CONTROL_CLASS = "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]"
BIDI_CLASS = "[\u202a-\u202e\u2066-\u2069]"


def stored_unprintable() -> list[str]:
    """Rows whose text an export would choke on: any control character, or a bidi control or a
    line break in a single-line field. (PostgreSQL refuses NUL outright.)"""
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS and model._meta.label != "auth.User":
            continue
        query = Q()
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.TextField):
                query |= Q(**{f"{model_field.name}__regex": CONTROL_CLASS})
            elif isinstance(model_field, models.CharField) and model_field.name != "password":
                pattern = f"{CONTROL_CLASS}|[\t\n\r]|{BIDI_CLASS}"
                query |= Q(**{f"{model_field.name}__regex": pattern})
        if query:
            found += [
                f"{model._meta.label} {pk}"
                for pk in model._default_manager.filter(query).values_list("pk", flat=True)
            ]
    return found


@pytest.mark.parametrize("checked", PAGES, ids=[checked.name for checked in PAGES])
def test_fuzzed_query_string_never_fails_on_the_server(full_demo, core_demo, checked):
    """Every page of tests/e2e/pages.py with junk in its query string: no 5xx."""
    client = Client(raise_request_exception=True)

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        params=st.dictionaries(st.sampled_from(["next", "page", "q", "day", "lang", "x"]), value)
    )
    def get(params):
        response = client.get(f"/en{checked.path}", params)
        assert response.status_code < 500, (response.status_code, params)

    get()


HOSTILE = ["Ana\x0bSilva", "\x01", "Ana\x1bSilva", "\u202eavliS", "A\u2067B\u2069", "x" * 10_000]
# Forms that store what is typed: the path, who fills it in, the values of a valid submission.
STORING_FORMS = [
    ("/delegates/me/", "profiled", {}),
    (
        "/delegates/delegation/nominate/",
        "head",
        {"given_name": "Ana", "family_name": "Silva", "category": "delegate"},
    ),
]


@pytest.mark.parametrize(
    ("path", "user", "valid"), STORING_FORMS, ids=[f[0] for f in STORING_FORMS]
)
def test_a_hostile_value_in_any_field_of_a_valid_form_is_never_stored(
    full_demo, core_demo, path, user, valid
):
    """Random data rarely makes a whole form valid: here every field of an otherwise valid
    submission gets each hostile value in turn."""
    client = Client(raise_request_exception=True)
    client.force_login(make_user(user))
    baseline = {**form_with(client.get(f"/en{path}").content.decode(), "given_name"), **valid}
    baseline = {key: value for key, value in baseline.items() if value is not None}
    valid_post = {**baseline, "email": "nominee@example.org"} if "email" in baseline else baseline
    assert client.post(f"/en{path}", valid_post).status_code == 302  # the baseline is valid
    text_fields = [
        name for name in (*PROFILE_FIELDS, "email") if name in baseline and name != "country"
    ]
    for number, (name, hostile) in enumerate(
        (name, hostile) for name in text_fields for hostile in HOSTILE
    ):
        cache.clear()
        data = {**baseline, "email": f"nominee{number}@example.org", name: hostile}
        if "email" not in baseline:
            data.pop("email")
        response = client.post(f"/en{path}", data)
        assert response.status_code < 500, (name, hostile[:20])
    assert stored_unprintable() == []
