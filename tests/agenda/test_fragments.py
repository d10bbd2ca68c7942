"""Issue 12: the programme and its exports made from per-slot pieces kept by slot version
(agenda.fragments). A change to one slot makes only that slot again, in every language; the
query counts stay fixed whatever the size of the programme, pieces cached or not."""

import json
import pickle

import pytest
from django.core.cache import caches
from django.test.signals import template_rendered

from agenda import services
from agenda.cache import PAGE_CACHE_ALIAS
from assembly.languages import language_codes, set_translations
from assembly.services import room_save

from .factories import make_programme, make_speaker, make_theme

LANGUAGES = language_codes()


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Every request makes its page (as a signed-in delegate's does); fragments stay cached."""
    settings.PAGE_CACHE_SECONDS = 0


class SlotRenders:
    """Counts the slot entries rendered (agenda/_slot.html), by slot."""

    def __init__(self):
        self.slugs: list[str] = []

    def __call__(self, sender, template, context, **kwargs):
        if template.name == "agenda/_slot.html":
            self.slugs.append(context["slot"].slug)

    def __enter__(self):
        template_rendered.connect(self)
        return self

    def __exit__(self, *exc):
        template_rendered.disconnect(self)


def _pages(client):
    return {code: client.get(f"/{code}/agenda/").content.decode() for code in LANGUAGES}


def test_a_change_to_one_slot_renders_only_that_slot_again_in_every_language(programme, client):
    with SlotRenders() as first:
        before = _pages(client)
    assert len(first.slugs) == len(programme) * len(LANGUAGES)
    slot = programme[2]
    new_titles = {
        "en": "Border security, revised",
        "fr": "Sécurité des frontières, révisée",
        "es": "Seguridad fronteriza, revisada",
        "ar": "أمن الحدود، بصيغة منقحة",
    }
    for code, text in new_titles.items():
        setattr(slot, f"title_{code}", text)
    services.slot_save(slot=slot)

    with SlotRenders() as again:
        after = _pages(client)

    assert again.slugs == [slot.slug] * len(LANGUAGES)  # one entry per language, no other
    for code in LANGUAGES:
        assert new_titles[code] in after[code]
        assert new_titles[code] not in before[code]
        other = programme[0]
        entry = before[code][before[code].index(f'id="slot-{other.slug}"') :]
        assert entry[: entry.index("</li>")] in after[code]  # the others as they were
    with SlotRenders() as third:
        _pages(client)
    assert third.slugs == []


def test_a_theme_speaker_or_room_change_renders_the_slots_that_show_it(
    programme, session91, rooms, client
):
    _pages(client)
    other_theme = make_theme(session91, slug="cybercrime")
    speaker = programme[1].appearances.get().speaker
    with SlotRenders() as renders:
        _pages(client)
    assert renders.slugs == []  # a new theme of no slot changes no entry

    theme = programme[0].themes.get()
    theme.title_fr = "Cybercriminalité mondiale"
    services.theme_save(theme=theme, actor=None)
    with SlotRenders() as renders:
        pages = _pages(client)
    assert sorted(set(renders.slugs)) == sorted(s.slug for s in programme)  # all have the theme
    assert "Cybercriminalité mondiale" in pages["fr"]

    set_translations(speaker, "name", dict.fromkeys(LANGUAGES, "Dr Amina Renamed"))
    services.speaker_save(speaker=speaker, actor=None)
    with SlotRenders() as renders:
        pages = _pages(client)
    assert renders.slugs == [programme[1].slug] * len(LANGUAGES)
    assert all("Dr Amina Renamed" in page for page in pages.values())

    room = rooms[0]
    room.name_ar = "القاعة الكبرى"
    room_save(room=room, actor=None)
    with SlotRenders() as renders:
        pages = _pages(client)
    assert len(renders.slugs) == len(programme) * len(LANGUAGES)  # all in that room
    assert "القاعة الكبرى" in pages["ar"]
    assert f'href="/en/agenda/themes/{other_theme.slug}/"' not in pages["en"]  # on no slot


def test_a_new_speaker_on_a_slot_shows_on_the_page(programme, client):
    _pages(client)
    services.slot_speaker_set(
        slot=programme[4], speaker=make_speaker(name="Ms Added Late"), role="panellist", order=5
    )
    with SlotRenders() as renders:
        pages = _pages(client)
    assert renders.slugs == [programme[4].slug] * len(LANGUAGES)
    assert all("Ms Added Late" in page for page in pages.values())


def _cached_texts() -> list[str]:
    """Every text kept in the pages cache: fragments, days, shells (tuples of pieces), exports."""
    texts = []
    for value in caches[PAGE_CACHE_ALIAS]._cache.values():
        entry = pickle.loads(value)  # noqa: S301 - ours
        pieces = entry if isinstance(entry, tuple) else (entry,)
        texts += [
            p.decode() if isinstance(p, bytes) else p for p in pieces if isinstance(p, str | bytes)
        ]
    return texts


def test_no_fragment_holds_anything_of_a_visitor(programme, client, django_user_model):
    user = django_user_model.objects.create_user(
        username="delegate-qzx", email="qzx@example.org", password="x"
    )
    client.force_login(user)
    for slot in programme[:3]:
        services.star_add(user=user, slot=slot)
    signed_in = client.get("/en/agenda/").content.decode()
    assert "Sign out" in signed_in
    for code in LANGUAGES:
        client.get(f"/{code}/agenda/schedule.json")
        client.get(f"/{code}/agenda/agenda.ics")
    texts = _cached_texts()
    fragments = [t for t in texts if t.startswith('<li class="slot slot--')]
    assert len(fragments) == len(programme)
    for fragment in fragments:
        assert "Sign out" not in fragment
    assert any("Sign out" in text for text in texts)  # the signed-in shell: a menu, no one's
    session_key = client.cookies["sessionid"].value
    for text in texts:
        for mark in ("delegate-qzx", "qzx@example.org", "csrfmiddlewaretoken", session_key):
            assert mark not in text


def test_exports_show_a_slot_change_in_every_language(programme, client):
    for code in LANGUAGES:
        client.get(f"/{code}/agenda/schedule.json")
        client.get(f"/{code}/agenda/agenda.ics")
    slot = programme[3]
    slot.title_ar = "جلسة معدلة"
    slot.title_en = "A revised sitting"
    services.slot_save(slot=slot)

    arabic = json.loads(client.get("/ar/agenda/schedule.json").content)
    titles = [
        event["title"]
        for day in arabic["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for event in events
    ]
    assert "جلسة معدلة" in titles and len(titles) == len(programme)
    assert b"A revised sitting" in client.get("/en/agenda/schedule.xml").content
    calendar = client.get("/en/agenda/agenda.ics").content
    assert b"SUMMARY:A revised sitting" in calendar
    assert calendar.count(b"BEGIN:VEVENT") == len(programme)
    assert calendar.count(b"BEGIN:VTIMEZONE") == 1


# --- Fixed query counts at 6 and 60 slots, pieces cached or not ------------------------------

# (url, queries with every piece to make, queries with every piece cached): the session, the
# programme version, the rows, rooms and themes of the programme (agenda.selectors.programme_data)
# and three for the slots of the pieces to make; cached, the session only (the programme's rows
# are kept under the programme version).
QUERIES = [
    ("/en/agenda/", 8, 1),
    ("/ar/agenda/2023-11-28/", 8, 1),
    ("/en/agenda/?theme=", 8, 1),
    ("/en/agenda/schedule.json", 8, 1),
    ("/en/agenda/schedule.xml", 8, 1),
    ("/en/agenda/agenda.ics", 8, 1),
]


@pytest.mark.parametrize(("url", "cold", "warm"), QUERIES)
@pytest.mark.parametrize(("per_day", "days"), [(3, 2), (15, 4)])
def test_query_counts_are_fixed_at_6_and_60_slots(
    session91, rooms, client, django_assert_num_queries, url, cold, warm, per_day, days
):
    make_programme(session91, rooms[:1], per_day=per_day, days=days)
    caches[PAGE_CACHE_ALIAS].clear()
    services.programme_version_forget()  # and this process's copy of the programme
    with django_assert_num_queries(cold):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(warm):
        assert client.get(url).status_code == 200
