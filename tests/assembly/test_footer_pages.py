"""The footer's pages, the emblem and favicon, the programme's sub-navigation and the filter
notice (issue 13, section 3)."""

import pytest
from django.conf import settings

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", ["contact", "privacy", "accessibility"])
def test_footer_pages_in_every_language(client, core_demo, language, page):
    response = client.get(f"/{language}/{page}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert f'<html lang="{language}"' in text
    assert f'href="mailto:{settings.CONTACT_EMAIL}"' in text
    # The footer links to all three, the page shown marked as the current one.
    for other in ("contact", "privacy", "accessibility"):
        assert f'href="/{language}/{other}/"' in text
    assert f'href="/{language}/{page}/" aria-current="page"' in text


def test_every_page_has_the_projects_favicon_and_emblem(client, core_demo):
    text = client.get("/en/sessions/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in text
    assert 'class="brand__emblem" src="/static/img/emblem.svg" alt=""' in text
    assert 'href="data:,"' not in text


def test_programme_sub_navigation_marks_the_current_page(client, core_demo):
    text = client.get("/en/agenda/themes/").content.decode()
    assert '<a href="/en/agenda/themes/" aria-current="page">Themes</a>' in text
    assert '<a href="/en/agenda/speakers/">Speakers</a>' in text
    # A day of the programme belongs to the programme's section.
    day = client.get("/en/agenda/2023-11-29/").content.decode()
    assert '<a href="/en/agenda/" aria-current="true">Programme</a>' in day


def test_malformed_filter_notice_is_a_list_inside_a_live_region(client, core_demo):
    text = client.get("/en/agenda/?theme=no-such-theme").content.decode()
    assert '<div class="filter-notice" role="alert"><ul class="filter-problems"><li>' in text
    assert '<ul class="filter-problems" role="alert">' not in text
