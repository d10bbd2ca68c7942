"""The public pages of the core app, in the four working languages."""

import io
import re

import pytest

LANGUAGES = {
    # language: (dir, a translated interface string, the session's title in that language)
    "ar": ("rtl", "الوثائق ذات الصلة بالموضوع", "الدورة الحادية والتسعون للجمعية العامة"),
    "en": ("ltr", "Related documents", "91st General Assembly"),
    "fr": ("ltr", "Documents connexes", "91e session de l’Assemblée générale"),
    "es": ("ltr", "Documentos relacionados", "91.ª reunión de la Asamblea General"),
}
DATES = {
    "ar": "٢٨ نوفمبر ٢٠٢٣",
    "en": "28 November 2023",
    "fr": "28 novembre 2023",
    "es": "28 de noviembre de 2023",
}


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_in_each_language(client, session91, language):
    direction, interface, title = LANGUAGES[language]
    html = _html(client.get(f"/{language}/"))
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert interface in html
    assert f"<h1>{title}</h1>" in html
    assert DATES[language] in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_session_list_in_each_language(client, core_demo, language):
    direction, _interface, title = LANGUAGES[language]
    html = _html(client.get(f"/{language}/sessions/"))
    assert f'dir="{direction}"' in html
    assert title in html
    listing = html[html.index('<ul class="session-list">') :]
    # the current session first (it links to the home page), then the coming, then the past
    assert listing.index(f'href="/{language}/"') < listing.index("/sessions/92/")
    assert listing.index("/sessions/92/") < listing.index("/sessions/90/")


def test_french_and_spanish_pages_have_no_english_interface_left(client, session91):
    for language, words in {
        "fr": ["Aller au contenu principal", "Toutes les sessions", "Photos"],
        "es": ["Ir al contenido principal", "Todas las reuniones", "Fotos"],
    }.items():
        html = _html(client.get(f"/{language}/"))
        for word in words:
            assert word in html, (language, word)
        for english in ("Skip to main content", "All sessions", "Related documents"):
            assert english not in html, (language, english)


def test_past_session_page_shows_new_delhi(client, core_demo):
    html = _html(client.get("/en/sessions/90/"))
    assert "New Delhi" in html
    assert "18 October 2022 – 21 October 2022" in html


def test_arabic_gallery_caption_of_the_public_page(client, session91):
    html = _html(client.get("/ar/"))
    assert "<figcaption>عاد الإنتربول إلى فيينا للاجتماع بمناسبة المئوية.</figcaption>" in html
    assert 'alt="رسم لأفق مدينة فيينا: كاتدرائية القديس اسطفان' in html


def test_an_uploaded_photo_replaces_the_drawing_with_its_own_size(client, session91):
    from django.core.files.base import ContentFile

    from assembly.demo import demo_photo

    photo = session91.photos.get(order=0)
    photo.image.save("press.jpg", ContentFile(demo_photo((11, 61, 145))), save=True)
    html = _html(client.get("/en/"))
    assert re.search(
        r'<img src="/media/photos/[0-9a-f]{32}\.jpg" alt="Drawing of the Vienna skyline[^"]*" '
        r'width="640" height="400" loading="lazy"',
        html,
    )
    assert html.count('src="/static/img/gallery/') == 9


def test_missing_language_versions_are_shown_as_such(client, session91):
    html = _html(client.get("/en/"))
    block = html[html.index("Practical information for delegates") :]
    block = (
        block[: block.index('<li class="document">')] if '<li class="document">' in block else block
    )
    assert re.search(r'href="/media/documents/[0-9a-f]{32}\.pdf" hreflang="en"', block)
    assert "Spanish: not available" in block
    assert "Arabic: not available" in block


def test_language_switcher_keeps_the_page(client, core_demo):
    html = _html(client.get("/en/sessions/90/"))
    for code in ("ar", "fr", "es"):
        assert f'href="/{code}/sessions/90/" lang="{code}"' in html


def test_root_redirects_by_the_browser_preference(client, core_demo):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response["Location"] == "/ar/"


@pytest.mark.parametrize(
    "path,language,expected",
    [
        ("/en/sessions/999/", "en", "Page not found"),
        ("/fr/sessions/999/", "fr", "Page introuvable"),
        ("/ar/sessions/999/", "ar", "الصفحة غير موجودة"),
        ("/es/sessions/abc/", "es", "Página no encontrada"),
        ("/xx/sessions/91/", "en", "Page not found"),
        ("/en/../../etc/passwd", "en", "Page not found"),
        ("/en/sessions/91/%00/", "en", "Page not found"),
        ("/en/sessions/99999999999999999999/", "en", "Page not found"),
    ],
)
def test_bad_paths_get_a_translated_404(client, core_demo, path, language, expected):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert expected in html
    assert f'lang="{language}"' in html


def test_healthz_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize("content", ["no photos", "ten photos", "themes, drafts and resolutions"])
def test_home_page_runs_a_fixed_number_of_queries(
    client, session91, django_assert_num_queries, content
):
    if content == "no photos":
        session91.photos.all().delete()
    if content.startswith("themes"):
        from agenda import demo as agenda_demo
        from resolutions import demo as resolutions_demo

        agenda_demo.seed(stdout=io.StringIO())
        resolutions_demo.seed(stdout=io.StringIO())
    client.get("/en/")  # warm caches (content types, translations)
    # session, documents with their files (2), photos; the sections of the other apps: themes
    # of the programme, adopted resolutions of the session; what became of the drafts among
    # the documents
    with django_assert_num_queries(7):
        assert client.get("/en/").status_code == 200


def test_public_media_route_serves_only_generated_names(client, session91):
    document_file = session91.documents.first().files.first()
    assert client.get(document_file.file.url).status_code == 200
    assert client.get("/media/private/secret.pdf").status_code == 404
    assert client.get("/media/documents/../settings.py").status_code == 404
