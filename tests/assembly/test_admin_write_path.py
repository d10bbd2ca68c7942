"""Every write of the back office goes through the owning app's services (DESIGN.md, "One write
path, one small kernel"): no ModelAdmin saves or deletes a model itself, and an officer's edit of
a translated record leaves its line in the audit trail."""

import inspect
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse
from modeltranslation.translator import translator

from assembly.models import AuditRecord

PROJECT_APPS = ("assembly.", "agenda.", "delegates.", "resolutions.")


def _defined_in_project(method) -> bool:
    return getattr(method, "__module__", "").startswith(PROJECT_APPS)


def _superuser_request():
    request = RequestFactory().post("/admin/")
    request.user = get_user_model()(username="walker", is_active=True, is_superuser=True)
    return request


def _write_paths(model_admin, request) -> list[str]:
    """The ModelAdmin methods through which a superuser's form or delete reaches the database
    and that are still Django's (or a third-party package's) stock ones, which save directly."""
    adds = model_admin.has_add_permission(request)
    changes = model_admin.has_change_permission(request, None)
    deletes = model_admin.has_delete_permission(request, None)
    cls = type(model_admin)
    stock = []
    if adds or changes:
        stock += [
            name
            for name in ("save_model", "save_related")
            if not _defined_in_project(getattr(cls, name))
        ]
        inlines = [inline(model_admin.model, model_admin.admin_site) for inline in cls.inlines]
        writable_inline = any(
            inline.has_add_permission(request, None)
            or inline.has_change_permission(request, None)
            or inline.has_delete_permission(request, None)
            for inline in inlines
        )
        if writable_inline and not _defined_in_project(cls.save_formset):
            stock.append("save_formset")
    if deletes:
        stock += [
            name
            for name in ("delete_model", "delete_queryset")
            if not _defined_in_project(getattr(cls, name))
        ]
    return stock


@pytest.mark.django_db
def test_no_registered_model_admin_saves_or_deletes_a_model_itself():
    """Walks ``admin.site``: a new ModelAdmin that keeps Django's stock ``save_model`` (or
    delete, or inline formset save) fails here until it names its services."""
    request = _superuser_request()
    direct = {}
    for model, model_admin in admin.site._registry.items():
        stock = _write_paths(model_admin, request)
        if stock:
            direct[f"{model._meta.label} ({type(model_admin).__name__})"] = stock
    assert direct == {}, "\n".join(f"{name}: {', '.join(stock)}" for name, stock in direct.items())


WRITE_METHODS = ("save_model", "save_related", "save_formset", "delete_model", "delete_queryset")
DIRECT_WRITE = re.compile(r"\.(save|delete|save_m2m|bulk_create|update)\((?!commit=False)")


@pytest.mark.django_db
def test_no_project_admin_write_method_saves_a_model_itself():
    """The overrides the walk above requires call services: none calls ``.save()``,
    ``.delete()``, ``save_m2m()`` or a queryset write itself (``formset.save(commit=False)``,
    which only fills the objects in, is the one exception)."""
    direct = {}
    for model_admin in admin.site._registry.values():
        for name in WRITE_METHODS:
            method = getattr(type(model_admin), name)
            if _defined_in_project(method) and DIRECT_WRITE.search(inspect.getsource(method)):
                direct[f"{method.__module__}.{method.__qualname__}"] = name
    assert direct == {}


# --- behaviour: an admin edit of every translated model is audited ----------------------------


class _FormFields(HTMLParser):
    """The fields a browser submits with the admin's change form (``id="…_form"``)."""

    def __init__(self):
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._in_form = False
        self._select: tuple[str, bool] | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("id") or "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs)
            self._select_first, self._select_chosen = None, False
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attrs:
                self.data.append((self._select[0], value))
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select is not None:
            name, multiple = self._select
            if not self._select_chosen and not multiple and self._select_first is not None:
                self.data.append((name, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            self.data.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None


def _submitted(html: str) -> dict[str, list[str]]:
    parser = _FormFields()
    parser.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data


def _translated_objects():
    """One editable record of each translated model the admin registers (demo or factory)."""
    from agenda import services as agenda_services
    from assembly.models import (
        AssemblySession,
        Country,
        Document,
        Photo,
        Region,
        Room,
        Venue,
    )
    from delegates.services import delegation_message_save
    from resolutions import services as resolution_services
    from tests.agenda.factories import at, make_slot, make_speaker, make_theme
    from tests.delegates.factories import observer_organisation
    from tests.resolutions.factories import circulated_draft, four

    session = AssemblySession.objects.get(number=91)
    draft = resolution_services.draft_save(
        session=session, titles=four("Cybercrime"), texts=four("<p>Text</p>")
    )
    circulated = circulated_draft(session, "Circulated")
    amendment = resolution_services.amendment_propose(
        draft=circulated,
        sponsor=Country.objects.get(iso_code="FR"),
        texts=four("<p>Amend</p>"),
        replacements=four("<p>New text</p>"),
        distance=1,
    )
    ballot = resolution_services.ballot_create(
        session=session, question="draft", method="recorded", draft=circulated
    )
    item = agenda_services.agenda_item_create(
        session=session, number="99", slug="walked-item", titles=four("Item")
    )
    message = delegation_message_save(
        session=session, subjects=four("Credentials"), bodies=four("Please send them."), actor=None
    )
    objects = [
        message,
        Region.objects.first(),
        Country.objects.get(iso_code="AT"),
        session,
        Venue.objects.first(),
        Room.objects.first(),
        Document.objects.first(),
        Photo.objects.first(),
        make_theme(session),
        make_speaker(),
        make_slot(session, start=at(session, 1, 9), end=at(session, 1, 10), publish=False),
        item,
        observer_organisation(),
        draft,
        amendment,
        ballot,
    ]
    return [obj for obj in objects if obj is not None]


PLAIN_TEXT_FIELDS = {"title", "name", "caption", "subject", "function"}


def _first_translated_text_column(model, data) -> str:
    fields = sorted(
        translator.get_options_for_model(model).fields,
        key=lambda name: (name not in PLAIN_TEXT_FIELDS, name),
    )
    for field in fields:
        column = f"{field}_fr"
        if column in data:
            return column
    raise AssertionError(f"{model.__name__}: no translated field on the change form")


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="walker", email="walker@example.org", password="a long pass phrase 91"
    )
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_every_translated_model_admin_edit_leaves_an_audit_record(superuser_client, core_demo):
    registered = {
        model for model in translator.get_registered_models() if model in admin.site._registry
    }
    objects = _translated_objects()
    assert {type(obj) for obj in objects} == registered, "a translated model has no record here"
    unaudited = {}
    for obj in objects:
        model = type(obj)
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
        )
        data = _submitted(superuser_client.get(url).content.decode())
        column = _first_translated_text_column(model, data)
        edited = f"{data[column][0]} (révisé)".strip()
        data[column] = [edited]
        before = AuditRecord.objects.filter(
            target_type=ContentType.objects.get_for_model(model), target_id=str(obj.pk)
        ).count()
        response = superuser_client.post(url, data)
        assert response.status_code == 302, (
            model.__name__,
            response.context and response.context["adminform"].form.errors,
            response.context and [f.errors for f in response.context["inline_admin_formsets"]],
        )
        # The form shows back what was typed (rich texts are stored as HTML, typed as text).
        shown = _submitted(superuser_client.get(url).content.decode())[column][0]
        assert shown == edited, model.__name__
        after = AuditRecord.objects.filter(
            target_type=ContentType.objects.get_for_model(model), target_id=str(obj.pk)
        ).count()
        if after == before:
            unaudited[model.__name__] = column
    assert unaudited == {}


def _audit_actions(obj) -> list[str]:
    return list(
        AuditRecord.objects.filter(
            target_type=ContentType.objects.get_for_model(type(obj)), target_id=str(obj.pk)
        )
        .order_by("id")
        .values_list("action", flat=True)
    )


@pytest.mark.django_db
def test_an_admin_delete_is_audited_with_the_record_it_removed(superuser_client, session91):
    from agenda.models import Theme
    from tests.agenda.factories import make_theme

    theme = make_theme(session91, slug="to-go")
    url = reverse("admin:agenda_theme_delete", args=[theme.pk])
    response = superuser_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Theme.objects.filter(pk=theme.pk).exists()
    record = AuditRecord.objects.get(action="theme.delete")
    assert (record.target_id, record.target_repr) == (str(theme.pk), str(theme))


@pytest.mark.django_db
def test_a_speaker_added_in_the_slot_inline_goes_through_its_service(superuser_client, session91):
    from agenda.models import SlotSpeaker
    from tests.agenda.factories import at, make_slot, make_speaker

    slot = make_slot(session91, start=at(session91, 1, 9), end=at(session91, 1, 10))
    speaker = make_speaker()
    url = reverse("admin:agenda_programmeslot_change", args=[slot.pk])
    data = _submitted(superuser_client.get(url).content.decode())
    prefix = "appearances"
    data[f"{prefix}-0-speaker"] = [str(speaker.pk)]
    data[f"{prefix}-0-role"] = ["chair"]
    response = superuser_client.post(url, data)
    assert response.status_code == 302
    appearance = SlotSpeaker.objects.get(slot=slot, speaker=speaker)
    assert _audit_actions(appearance) == ["slot_speaker.create"]


@pytest.mark.django_db
def test_attendances_and_sign_ups_are_never_deleted_from_the_admin():
    """Deleting them would bypass the check-in record and the waiting list's promotion."""
    from agenda.models import SideEventSignup
    from delegates.models import Attendance

    request = _superuser_request()
    for model in (Attendance, SideEventSignup):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_delete_permission(request), model.__name__
        assert "delete_selected" not in model_admin.get_actions(request), model.__name__


@pytest.mark.django_db
def test_saving_a_read_only_page_unchanged_writes_nothing(superuser_client, session91):
    """A circulated draft shows every field read-only; its Save button must not answer 500."""
    from tests.resolutions.factories import circulated_draft

    draft = circulated_draft(session91, "Read only")
    before = _audit_actions(draft)
    url = reverse("admin:resolutions_draftresolution_change", args=[draft.pk])
    response = superuser_client.post(url, _submitted(superuser_client.get(url).content.decode()))
    assert response.status_code == 302
    assert _audit_actions(draft) == before


@pytest.mark.django_db
def test_a_service_refusal_is_said_on_the_page_and_nothing_is_saved(superuser_client, session91):
    """The admin's form lets any country be picked as an amendment's sponsor; the service
    refuses one that is no longer a member (before, the admin saved it without asking)."""
    from assembly.models import Country
    from resolutions import services as resolution_services
    from resolutions.models import Amendment
    from tests.resolutions.factories import circulated_draft, four

    draft = circulated_draft(session91, "Sponsors")
    france = Country.objects.get(iso_code="FR")
    amendment = resolution_services.amendment_propose(
        draft=draft,
        sponsor=france,
        texts=four("<p>Amend</p>"),
        replacements=four("<p>New</p>"),
        distance=1,
    )
    former = Country.objects.get(iso_code="DE")
    Country.objects.filter(pk=former.pk).update(status=Country.Status.FORMER)
    url = reverse("admin:resolutions_amendment_change", args=[amendment.pk])
    data = _submitted(superuser_client.get(url).content.decode())
    data["sponsor"] = [str(former.pk)]
    response = superuser_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "is not a member country: it cannot sponsor a draft." in response.content.decode()
    assert Amendment.objects.get(pk=amendment.pk).sponsor == france
    assert not AuditRecord.objects.filter(action="resolution.amendment.edit").exists()
