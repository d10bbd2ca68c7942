"""SECURITY.md cases 1, 4, 6, 12 and 24 for the delegates app."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from assembly.models import AuditRecord, Country
from delegates import services
from delegates.models import Credentials, Registration

from .factories import _english, make_user, pdf_bytes, register  # noqa: F401  (autouse)


@pytest.fixture
def head_at(session91, austria):
    registration = register(
        session=session91,
        country=austria,
        category="head",
        status="approved",
        user=True,
        email="head.at@example.org",
    )
    return registration.person.user


@pytest.fixture
def uploaded_de(session91):
    """Germany's delegation with an approved head and an uploaded letter."""
    germany = Country.objects.get(iso_code="DE")
    head = register(
        session=session91,
        country=germany,
        category="head",
        status="approved",
        user=True,
        email="head.de@example.org",
    )
    return services.credentials_upload(
        delegation=head.delegation,
        file=SimpleUploadedFile("letter.pdf", pdf_bytes(), "application/pdf"),
        issuing_authority="head_of_state",
        issued_on=None,
        actor=head.person.user,
    )


def _files(settings):
    root = settings.PRIVATE_MEDIA_ROOT
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


# 1. Another delegate's objects answer 404, identical to missing ones.


def test_another_countrys_letter_is_a_404_identical_to_a_missing_one(client, head_at, uploaded_de):
    client.force_login(head_at)
    other = client.get(reverse("delegates:credentials-letter", args=[uploaded_de.pk]))
    missing = client.get(reverse("delegates:credentials-letter", args=[987654]))
    assert other.status_code == missing.status_code == 404
    # The pages differ only by the path echoed in the language switcher.
    assert other.content.decode().replace(f"/{uploaded_de.pk}/", "/ID/") == (
        missing.content.decode().replace("/987654/", "/ID/")
    )


def test_the_uploader_and_permitted_staff_may_download(client, uploaded_de):
    from django.contrib.auth.models import Permission

    url = reverse("delegates:credentials-letter", args=[uploaded_de.pk])
    client.force_login(uploaded_de.uploaded_by)
    assert client.get(url).status_code == 200
    staff = make_user(is_staff=True)
    client.force_login(staff)
    assert client.get(url).status_code == 404
    staff.user_permissions.add(Permission.objects.get(codename="view_credentials"))
    staff = type(staff).objects.get(pk=staff.pk)
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_a_delegate_of_the_same_country_who_is_not_head_gets_404(client, session91, uploaded_de):
    member = register(
        session=session91, country=uploaded_de.delegation.country, status="approved", user=True
    )
    client.force_login(member.person.user)
    url = reverse("delegates:credentials-letter", args=[uploaded_de.pk])
    assert client.get(url).status_code == 404


# 6. Uploaded letters are never under a public URL.


def test_letters_are_not_served_under_media(client, uploaded_de, settings):
    name = uploaded_de.letter.name
    assert (settings.PRIVATE_MEDIA_ROOT / name).exists()
    assert not str(settings.PRIVATE_MEDIA_ROOT).startswith(str(settings.MEDIA_ROOT))
    storage_url = uploaded_de.letter.url
    for url in (
        storage_url,
        f"/media/{name}",
        f"/media/private/{name}",
        f"/private/{name}",
        f"/static/{name}",
    ):
        assert client.get(url).status_code == 404, url


# 12. Bad uploads are refused with a clear message; accepted ones get a generated name.

PNG_THEN_HTML = b"\x89PNG\r\n\x1a\n" + b"<html><script>alert(1)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
FAKE_PDF = b"%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF"


@pytest.mark.parametrize(
    "name, content, content_type, message",
    [
        ("letter.pdf", PNG_THEN_HTML, "application/pdf", "The letter must be a PDF document."),
        ("letter.svg", SVG, "image/svg+xml", "The letter must be a PDF document."),
        ("letter.pdf", HTML, "application/pdf", "The letter must be a PDF document."),
        (
            "letter.pdf",
            FAKE_PDF,
            "application/pdf",
            "The letter must be a PDF document that can be opened.",
        ),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(
    client, head_at, settings, name, content, content_type, message
):
    client.force_login(head_at)
    response = client.post(
        reverse("delegates:credentials-upload"),
        {
            "file": SimpleUploadedFile(name, content, content_type),
            "issuing_authority": "foreign_minister",
            "issued_on": "2023-10-02",
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    credentials = Credentials.objects.get(delegation__country__iso_code="AT")
    assert (credentials.state, credentials.letter.name) == ("pending", "")
    assert _files(settings) == []


def test_oversized_upload_is_refused(client, head_at, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(head_at)
    big = pdf_bytes() + b"%" + b"x" * 2048
    response = client.post(
        reverse("delegates:credentials-upload"),
        {
            "file": SimpleUploadedFile("letter.pdf", big, "application/pdf"),
            "issuing_authority": "foreign_minister",
            "issued_on": "2023-10-02",
        },
    )
    assert response.status_code == 400
    assert "The file is too large" in response.content.decode()
    assert _files(settings) == []


def test_path_traversal_name_is_stored_under_a_generated_name(client, head_at, settings):
    client.force_login(head_at)
    response = client.post(
        reverse("delegates:credentials-upload"),
        {
            "file": SimpleUploadedFile("../../../../tmp/evil.html", pdf_bytes(), "text/html"),
            "issuing_authority": "plenipotentiary",
            "issued_on": "2023-10-02",
        },
    )
    assert response.status_code == 302
    files = _files(settings)
    assert len(files) == 1
    assert files[0].startswith("credentials/") and files[0].endswith(".pdf")
    assert "evil" not in files[0]
    assert len(files[0].rsplit("/", 1)[1]) == len("0123456789abcdef0123456789abcdef.pdf")


def test_future_issue_date_is_refused(client, head_at, settings):
    client.force_login(head_at)
    response = client.post(
        reverse("delegates:credentials-upload"),
        {
            "file": SimpleUploadedFile("letter.pdf", pdf_bytes(), "application/pdf"),
            "issuing_authority": "plenipotentiary",
            # Next year: a plausible date (SECURITY 34), but still in the future.
            "issued_on": (datetime.date.today() + datetime.timedelta(days=366)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "cannot be issued in the future" in response.content.decode()
    assert _files(settings) == []


# 24. A failure halfway leaves no half-saved row and no orphan file.


def test_failure_after_the_file_is_written_leaves_no_file_and_no_change(
    session91, austria, settings, monkeypatch
):
    delegation = services.delegation_for(session=session91, country=austria)

    def broken_audit(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        services.credentials_upload(
            delegation=delegation,
            file=SimpleUploadedFile("letter.pdf", pdf_bytes(), "application/pdf"),
            issuing_authority="head_of_state",
            issued_on=None,
            actor=None,
        )
    credentials = Credentials.objects.get(delegation=delegation)
    assert (credentials.state, credentials.letter.name, credentials.uploaded_at) == (
        "pending",
        "",
        None,
    )
    assert _files(settings) == []


def test_replacing_a_letter_deletes_the_old_file_after_commit(
    session91, austria, settings, django_capture_on_commit_callbacks
):
    delegation = services.delegation_for(session=session91, country=austria)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.credentials_upload(
            delegation=delegation,
            file=SimpleUploadedFile("a.pdf", pdf_bytes("a"), "application/pdf"),
            issuing_authority="head_of_state",
            issued_on=None,
            actor=None,
        )
    old = first.letter.name
    with django_capture_on_commit_callbacks(execute=True):
        second = services.credentials_upload(
            delegation=delegation,
            file=SimpleUploadedFile("b.pdf", pdf_bytes("b"), "application/pdf"),
            issuing_authority="head_of_state",
            issued_on=None,
            actor=None,
        )
    assert _files(settings) == [second.letter.name]
    assert old != second.letter.name


def test_failure_halfway_through_a_registration_saves_nothing_and_sends_nothing(
    session91, austria, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    from .factories import make_person

    person = make_person(country=austria)

    def broken_audit(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "audit_record", broken_audit)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        services.registration_submit(
            person=person,
            session=session91,
            category="delegate",
            delegation=services.delegation_for(session=session91, country=austria),
            actor=None,
        )
    assert not Registration.objects.exists()
    assert mailoutbox == []


def test_portal_registration_refused_leaves_no_new_delegation(client, session91, austria):
    user = make_user()
    from .factories import make_person

    make_person(user=user, country=austria)
    for _ in range(10):
        register(session=session91, country=Country.objects.get(iso_code="FR"), status="approved")
    client.force_login(user)
    france = Country.objects.get(iso_code="FR")
    before = AuditRecord.objects.count()
    response = client.post(
        reverse("delegates:register"), {"category": "delegate", "country": france.pk}
    )
    assert response.status_code == 400
    assert AuditRecord.objects.count() == before
    assert Registration.objects.filter(person__user=user).count() == 0


# 4. Public pages never show a delegate's email, phone, rank or photo.


@override_settings(LANGUAGE_CODE="en")
def test_public_pages_show_no_personal_data(client, session91, austria):
    register(
        session=session91,
        country=austria,
        status="approved",
        email="secret.delegate@example.org",
        phone="+43 1 555 0199",
        title="Brigadier-General-Secret",
        public_consent=False,
    )
    urls = ["/en/", "/fr/", "/ar/", "/en/sessions/", "/en/sessions/91/", "/es/sessions/91/"]
    for name in ("agenda:programme", "resolutions:list"):
        try:
            urls.append(reverse(name))
        except Exception:  # noqa: S112  (the app may not be merged yet)
            continue
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for secret in ("secret.delegate@example.org", "+43 1 555 0199", "Brigadier-General-Secret"):
            assert secret not in page, (url, secret)
