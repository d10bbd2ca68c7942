"""The public pages: programme, days, filters, slots, speakers, themes, bad input, speed."""

import datetime as dt

import pytest
from django.core.cache import cache

from agenda import selectors, services
from agenda.models import ProgrammeSlot

from .factories import at, make_programme, make_slot, make_speaker, make_theme


def test_programme_lists_published_slots_by_day_and_hides_drafts(programme, session91, client):
    make_slot(
        session91,
        slug="hidden-draft",
        publish=False,
        titles={"en": "Secret draft", "fr": "x", "es": "x", "ar": "x"},
        start=at(session91, 2, 9),
        end=at(session91, 2, 10),
    )
    page = client.get("/en/agenda/").content.decode()
    assert page.count('class="slot slot--panel') == 6
    assert "Secret draft" not in page
    assert "28 November 2023" in page and "29 November 2023" in page


def test_day_page_shows_only_that_day_with_day_tabs(programme, session91, client):
    page = client.get("/en/agenda/2023-11-29/").content.decode()
    assert page.count('class="slot slot--panel') == 3
    assert '<a href="/en/agenda/2023-11-29/" aria-current="page">29 November 2023</a>' in page
    assert '<a href="/en/agenda/2023-12-01/">1 December 2023</a>' in page


def test_arabic_programme_is_right_to_left_with_arabic_digits(programme, client):
    page = client.get("/ar/agenda/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "فترة" in page  # the Arabic titles
    assert "٠٨:٠٠" in page or "٨:٠٠" in page


@pytest.mark.parametrize(
    "url",
    [
        "/fr/agenda/2023-11-27/",  # before the session
        "/fr/agenda/2023-02-30/",  # no such date
        "/fr/agenda/items/no-such-slot/",
        "/fr/agenda/speakers/nobody/",
        "/fr/agenda/themes/nothing/",
        "/fr/sessions/999/agenda/",
        "/fr/sessions/999/agenda/schedule.json",
    ],
)
def test_bad_input_is_a_404_page_in_the_visitors_language(programme, client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert '<html lang="fr" dir="ltr">' in response.content.decode()


def test_a_malformed_filter_is_ignored_with_a_clear_message(programme, client):
    response = client.get("/en/agenda/", {"room": "abc'); DROP", "kind": "<script>", "theme": "x"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is no room “abc&#x27;); DROP”; that filter was ignored." in page
    assert "There is no kind of slot “&lt;script&gt;”; that filter was ignored." in page
    assert "There is no theme “x”; that filter was ignored." in page
    assert page.count('class="slot slot--panel') == 6  # nothing filtered out


def test_filters_by_theme_room_and_kind(programme, session91, rooms, client):
    theme = make_theme(session91, slug="only-this")
    make_slot(
        session91,
        slug="themed-break",
        kind="break",
        titles={"en": "Themed coffee", "fr": "x", "es": "x", "ar": "x"},
        start=at(session91, 3, 9),
        end=at(session91, 3, 10),
        room=rooms[3],
        themes=[theme],
    )
    by_theme = client.get("/en/agenda/", {"theme": "only-this"}).content.decode()
    assert "Themed coffee" in by_theme and by_theme.count('class="slot ') == 1
    by_room = client.get("/en/agenda/", {"room": rooms[0].pk}).content.decode()
    assert by_room.count('class="slot ') == 6
    by_kind = client.get("/en/agenda/", {"kind": "break"}).content.decode()
    assert by_kind.count('class="slot ') == 1


def test_now_and_next_while_the_session_runs(programme, session91):
    slots = list(selectors.public_slots(session91))
    during = at(session91, 0, 8, 10)
    live, upcoming = selectors.now_and_next(session91, slots, now=during)
    assert [s.pk for s in live] == [programme[0].pk]
    assert upcoming.pk == programme[1].pk
    assert selectors.now_and_next(session91, slots, now=at(session91, 5, 9)) == ([], None)


def test_slot_page_shows_speakers_themes_items_and_missing_translations(
    programme, session91, client
):
    slot = programme[0]
    slot.description_en = "A debate about data."
    services.slot_save(slot=slot)
    page = client.get(f"/es/agenda/items/{slot.slug}/").content.decode()
    assert slot.title_es in page
    assert "Speaker speaker-" in page
    assert "Jefe" in page  # the speaker's function in Spanish
    assert "A debate about data." in page  # shown in English…
    assert "Este texto aún no está disponible en su idioma; se muestra en inglés." in page


def test_speaker_index_and_page(programme, client):
    speaker = programme[0].appearances.get().speaker
    index = client.get("/en/agenda/speakers/").content.decode()
    assert index.count('class="speaker-card"') == 6
    page = client.get(f"/en/agenda/speakers/{speaker.slug}/").content.decode()
    assert speaker.name in page and programme[0].title_en in page


def test_a_speaker_only_in_drafts_has_no_public_page(session91, client):
    speaker = make_speaker(slug="not-yet")
    slot = make_slot(session91, publish=False, start=at(session91, 0, 9), end=at(session91, 0, 10))
    services.slot_speaker_set(slot=slot, speaker=speaker, role="speaker")
    assert client.get("/en/agenda/speakers/not-yet/").status_code == 404


def test_theme_page_lists_its_slots(programme, session91, client):
    theme = programme[0].themes.get()
    page = client.get(f"/en/agenda/themes/{theme.slug}/").content.decode()
    assert page.count('class="slot slot--panel') == 6


def test_any_session_has_the_same_pages_under_its_number(programme, session91, client):
    page = client.get("/en/sessions/91/agenda/").content.decode()
    assert f'href="/en/sessions/91/agenda/items/{programme[0].slug}/"' in page
    assert 'href="/en/sessions/91/agenda/2023-11-28/"' in page
    empty = client.get("/en/sessions/92/agenda/").content.decode()
    assert "The programme has not been published yet." in empty


def test_session_home_page_shows_the_themes(programme, session91, client):
    theme = programme[0].themes.get()
    page = client.get("/en/").content.decode()
    assert "Themes of the session" in page
    assert f'href="/en/agenda/themes/{theme.slug}/"' in page


# --- Speed: a fixed number of queries whatever the number of slots ----------------------------


def _queries(django_assert_max_num_queries, client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/en/agenda/",
        "/en/agenda/2023-11-28/",
        "/en/agenda/speakers/",
        "/en/agenda/schedule.json",
        "/en/agenda/schedule.xml",
        "/en/agenda/agenda.ics",
        "/en/agenda/print/",
    ],
)
def test_query_count_does_not_grow_with_the_programme(session91, rooms, client, url):
    make_programme(session91, rooms[:1], per_day=3, days=2)
    small = _queries(None, client, url)
    make_programme(session91, rooms[1:2], per_day=15, days=4)
    assert ProgrammeSlot.objects.count() == 66
    large = _queries(None, client, url)
    assert small == large
    assert large <= 8


# --- Cache -----------------------------------------------------------------------------------


def test_anonymous_pages_come_from_the_cache_until_the_programme_changes(
    programme, session91, client, django_assert_num_queries
):
    first = client.get("/fr/agenda/").content.decode()
    # No query: the programme version was read a moment ago (without Redis each worker keeps
    # the database's number for a second; the worker that changes it drops its copy at once).
    with django_assert_num_queries(0):
        again = client.get("/fr/agenda/").content.decode()
    assert again == first
    slot = programme[0]
    slot.title_fr = "Titre tout neuf"
    services.slot_save(slot=slot)
    # A new version: every language is stale at once, on every server sharing the cache.
    assert "Titre tout neuf" in client.get("/fr/agenda/").content.decode()


def test_signed_in_visitors_never_get_a_cached_page(programme, client, django_user_model):
    client.get("/en/agenda/")  # fills the cache for anonymous visitors
    user = django_user_model.objects.create_user(username="d", email="d@example.org", password="x")
    client.force_login(user)
    response = client.get("/en/agenda/")
    assert "Sign out" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_the_version_is_kept_in_the_database_when_the_cache_is_cold(programme):
    before = services.programme_version()
    services.programme_version_bump()
    cache.clear()  # another server, or a restarted Redis
    assert services.programme_version() == before + 1


def test_times_across_midnight_belong_to_the_local_day(session91, client):
    # 23:30 UTC on 28 November is 00:30 on the 29th in Vienna.
    make_slot(
        session91,
        slug="late",
        start=dt.datetime(2023, 11, 28, 23, 30, tzinfo=dt.UTC),
        end=dt.datetime(2023, 11, 29, 0, 30, tzinfo=dt.UTC),
    )
    assert 'id="slot-late"' in client.get("/en/agenda/2023-11-29/").content.decode()
    assert 'id="slot-late"' not in client.get("/en/agenda/2023-11-28/").content.decode()


def test_cached_pages_keep_their_security_headers(programme, client, django_assert_num_queries):
    first = client.get("/ar/agenda/?kind=panel")
    with django_assert_num_queries(0):  # the programme version was read a moment ago
        again = client.get("/ar/agenda/?kind=panel")
    assert again.content == first.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Type"):
        assert again[header] == first[header]
    assert "script-src 'self'" in again["Content-Security-Policy"]


def test_a_speaker_photo_gets_a_generated_name_under_the_public_media_url(db):
    import re

    from django.core.files.base import ContentFile

    from assembly.demo import demo_photo

    speaker = make_speaker()
    speaker.photo.save("../../<script>.JPG", ContentFile(demo_photo((11, 61, 145))), save=True)
    assert re.fullmatch(r"photos/[0-9a-f]{32}\.jpg", speaker.photo.name)
