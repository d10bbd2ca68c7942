"""The secretariat's back office for the core app."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from assembly.models import AssemblySession, Country, Document, Photo, Region, Room, Venue
from assembly.roles import ROLES, roles_sync

TRANSLATED_MODELS = [Region, Country, AssemblySession, Venue, Room, Document, Photo]


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="chief", email="chief@example.org", password="a long pass phrase 91"
    )
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", TRANSLATED_MODELS, ids=lambda m: m.__name__)
def test_change_page_of_every_translated_model_has_the_four_language_tabs(
    staff_client, core_demo, model
):
    obj = model.objects.first()
    url = reverse(f"admin:assembly_{model._meta.model_name}_change", args=[obj.pk])
    html = staff_client.get(url).content.decode()
    # modeltranslation writes one field per language, which its tabs group.
    for code in ("ar", "en", "fr", "es"):
        assert f"_{code}" in html
        assert f'name="{_first_translated_field(model)}_{code}"' in html
    assert "vendor/jquery-ui/jquery-ui.min.js" in html
    assert "code.jquery.com" not in html and "ajax.googleapis.com" not in html


def _first_translated_field(model) -> str:
    from modeltranslation.translator import translator

    return sorted(translator.get_options_for_model(model).fields)[0]


@pytest.mark.parametrize("model", TRANSLATED_MODELS, ids=lambda m: m.__name__)
def test_changelists_with_search_answer(staff_client, core_demo, model):
    url = reverse(f"admin:assembly_{model._meta.model_name}_changelist")
    response = staff_client.get(url, {"q": "Vienna"})
    assert response.status_code == 200


def test_country_search_finds_a_member_by_its_arabic_name(staff_client, core_demo):
    url = reverse("admin:assembly_country_changelist")
    html = staff_client.get(url, {"q": "النمسا"}).content.decode()
    assert "1 country" in html or "1 result" in html
    assert "Austria" in html


def test_session_change_shows_the_missing_languages_column(staff_client, core_demo):
    session = AssemblySession.objects.get(number=92)
    session.introduction_ar = ""
    session.save()
    html = staff_client.get(reverse("admin:assembly_assemblysession_changelist")).content.decode()
    assert '<td class="field-missing_languages">ar</td>' in html


def test_the_admin_is_titled_as_the_secretariat_s_and_translated(staff_client, core_demo):
    html = staff_client.get("/admin/").content.decode()
    assert "General Assembly — Secretariat" in html


def test_jquery_ui_is_served_by_the_project(client):
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/jquery-ui/jquery-ui.min.js")


def test_staff_roles_are_groups_with_permissions(db):
    roles_sync()
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(ROLES)
    programme = Group.objects.get(name="Programme officers")
    codenames = set(programme.permissions.values_list("codename", flat=True))
    assert {"change_document", "add_documentfile", "view_assemblysession"} <= codenames
    assert "delete_assemblysession" not in codenames
    administrators = Group.objects.get(name="Administrators")
    assert set(programme.permissions.all()) <= set(administrators.permissions.all())


def test_audit_trail_cannot_be_edited_in_the_admin(staff_client, core_demo):
    from assembly.models import AuditRecord
    from assembly.services import session_make_current

    session_make_current(session=AssemblySession.objects.get(number=92))
    record = AuditRecord.objects.filter(action="session.make_current").latest("at")
    change = reverse("admin:assembly_auditrecord_change", args=[record.pk])
    response = staff_client.post(change, {"action": "tampered"})
    record.refresh_from_db()
    assert record.action == "session.make_current"
    assert response.status_code in (200, 403)
    delete = reverse("admin:assembly_auditrecord_delete", args=[record.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditRecord.objects.filter(pk=record.pk).exists()
