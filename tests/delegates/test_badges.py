"""Badges: signed tokens, the badge PDF (names in Latin and Arabic script), the download."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from delegates import badges
from delegates.models import Registration

from . import staffdata


def pdf_text(content: bytes) -> list[str]:
    """The text of each page, with line breaks of wrapped lines turned into spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def approved(session91, austria):
    who = staffdata.person(
        1,
        country=austria,
        given_name="Amira",
        family_name="Haddad",
        given_name_ar="أميرة",
        family_name_ar="حداد",
        title="Colonel",
        preferred_language="fr",
    )
    return staffdata.registration(
        session91, who, delegation_=staffdata.delegation(session91, country=austria)
    )


def test_token_round_trip_and_forgery(approved):
    token = badges.badge_token(approved)
    assert token.startswith(f"{approved.pk}:")
    assert badges.registration_id_from_token(token) == approved.pk
    assert badges.registration_id_from_token(f"  {token}\n") == approved.pk
    signature = token.split(":", 1)[1]
    for forged in (
        f"{approved.pk + 1}:{signature}",
        f"{approved.pk}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        str(approved.pk),
        "",
        "not a token",
    ):
        with pytest.raises(badges.BadgeTokenInvalid):
            badges.registration_id_from_token(forged)


def test_token_signed_for_another_purpose_is_refused(approved):
    from django.core import signing

    other = signing.Signer(salt="something.else").sign(str(approved.pk))
    with pytest.raises(badges.BadgeTokenInvalid):
        badges.registration_id_from_token(other)


def test_badge_pdf_has_both_scripts_country_category_and_session(approved):
    content = badges.badges_pdf([approved])
    (text,) = pdf_text(content)
    assert "Amira Haddad" in text
    assert "أميرة" in text and "حداد" in text
    # Country, category and session in the holder's language (French here).
    assert "Autriche" in text
    with translation.override("fr"):
        assert str(Registration.Category.DELEGATE.label).upper() in text
    assert "91e session de l’Assemblée générale" in text
    assert "Colonel" in text


def test_badge_shows_the_observer_organisation_in_the_holders_language(session91):
    org = staffdata.observer_organisation(
        "United Nations Office on Drugs and Crime",
        fr="Office des Nations Unies contre la drogue et le crime",
        es="Oficina de las Naciones Unidas contra la Droga y el Delito",
        ar="مكتب الأمم المتحدة المعني بالمخدرات والجريمة",
    )
    who = staffdata.person(2, given_name="Observer", family_name="Person", preferred_language="es")
    registration = staffdata.registration(
        session91,
        who,
        delegation_=staffdata.delegation(session91, organisation=org),
        category=Registration.Category.OBSERVER,
    )
    (text,) = pdf_text(badges.badges_pdf([registration]))
    assert "Observer Person" in text
    assert "Oficina de las Naciones Unidas contra la Droga y el Delito" in text
    with translation.override("es"):
        assert str(Registration.Category.OBSERVER.label).upper() in text


def test_badge_falls_back_to_english_where_no_translation_exists(session91):
    org = staffdata.observer_organisation("Demo Regional Police Organisation", fr="")
    who = staffdata.person(4, preferred_language="fr")
    registration = staffdata.registration(
        session91,
        who,
        delegation_=staffdata.delegation(session91, organisation=org),
        category=Registration.Category.OBSERVER,
    )
    assert badges.badge_for(registration).affiliation == "Demo Regional Police Organisation"


def test_badge_content_in_arabic_and_category_colour(session91, austria):
    who = staffdata.person(
        3, country=austria, given_name_ar="سالم", family_name_ar="الكعبي", preferred_language="ar"
    )
    registration = staffdata.registration(
        session91,
        who,
        delegation_=staffdata.delegation(session91, country=austria),
        category=Registration.Category.HEAD,
    )
    badge = badges.badge_for(registration)
    assert badge.language == "ar"
    assert badge.affiliation == "النمسا"
    assert badge.name == "Test0003 Person0003"
    assert badge.name_ar == "سالم الكعبي"
    assert badge.session_title == "الدورة الحادية والتسعون للجمعية العامة"
    assert badge.category_colour == "#b3261e"
    assert badge.qr.startswith("data:image/svg+xml")
    assert badge.photo == ""


def test_badge_with_photo_embeds_it(approved):
    from assembly.demo import demo_photo

    approved.person.photo.save("p.jpg", ContentFile(demo_photo((10, 60, 120))), save=True)
    badge = badges.badge_for(approved)
    assert badge.photo.startswith("data:image/jpeg;base64,/9j/")
    content = badges.badges_pdf([approved])
    reader = PdfReader(io.BytesIO(content))
    # The photo is an image on the page (the QR code is vector).
    assert len(reader.pages[0].images) == 1


def test_several_badges_one_page_each(session91, austria):
    d = staffdata.delegation(session91, country=austria)
    registrations = [
        staffdata.registration(session91, staffdata.person(n, country=austria), delegation_=d)
        for n in (10, 11, 12)
    ]
    texts = pdf_text(badges.badges_pdf(registrations))
    assert len(texts) == 3
    assert ["Test0010 Person0010" in t for t in texts] == [True, False, False]
    assert "Test0012 Person0012" in texts[2]


# --- the delegate's own badge download (SECURITY.md 1) ---


def test_badge_download_for_the_approved_owner(client, approved):
    account = staffdata.user("amira@example.org")
    approved.person.user = account
    approved.person.save()
    client.force_login(account)
    response = client.get(reverse("delegates:badge"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="badge-91.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    (text,) = pdf_text(response.content)
    assert "Amira Haddad" in text


def test_badge_url_has_no_id_and_is_per_language(approved):
    assert reverse("delegates:badge") == "/en/delegates/badge/"


@pytest.mark.parametrize(
    "status",
    [
        Registration.Status.SUBMITTED,
        Registration.Status.REJECTED,
        Registration.Status.WITHDRAWN,
        Registration.Status.CANCELLED,
    ],
)
def test_no_badge_unless_approved(client, approved, status):
    account = staffdata.user("amira@example.org")
    approved.person.user = account
    approved.person.save()
    Registration.objects.filter(pk=approved.pk).update(status=status)
    client.force_login(account)
    response = client.get(reverse("delegates:badge"))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_someone_else_gets_404_not_the_other_badge(client, approved):
    """A signed-in user without a registration gets a 404, never someone else's badge."""
    client.force_login(staffdata.user("stranger@example.org"))
    response = client.get(reverse("delegates:badge"))
    assert response.status_code == 404
    assert b"Amira" not in response.content


def test_badge_of_another_session_is_not_served(client, approved, session91):
    from assembly.models import AssemblySession
    from assembly.services import session_make_current

    account = staffdata.user("amira@example.org")
    approved.person.user = account
    approved.person.save()
    session_make_current(session=AssemblySession.objects.get(number=92))
    client.force_login(account)
    assert client.get(reverse("delegates:badge")).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, approved):
    response = client.get(reverse("delegates:badge"))
    assert response.status_code == 302
    assert re.match(r"^/en/accounts/login/\?next=/en/delegates/badge/$", response["Location"])


def test_arabic_holder_gets_an_arabic_badge(approved):
    """Issue 13: a holder whose language is Arabic reads the session, dates and category in
    Arabic, the name in Arabic script first and then in Latin letters."""
    person = approved.person
    person.preferred_language = "ar"
    person.save(update_fields=["preferred_language"])
    badge = badges.badge_for(approved)
    assert badge.language == "ar"
    html_page = badges.render_to_string("delegates/badge.html", {"badges": [badge]})
    assert '<html lang="ar">' in html_page
    assert html_page.index("أميرة حداد") < html_page.index("Amira Haddad")
    (text,) = pdf_text(badges.badges_pdf([approved]))
    with translation.override("ar"):
        category = str(approved.get_category_display())
    assert category in text and not re.search(r"[A-Za-z]", category)
    assert "حداد" in text and "Haddad" in text
    assert "٢٠٢٣" in text or "٢٠٢٤" in text or re.search("[٠-٩]", text)
