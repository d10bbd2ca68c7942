"""Issue 12: the programme page made from a cached shell (agenda.shell), its days and "now and
next" made on every request; the whole exports kept under their slots' versions. What a visitor
sees is right in every language, and nothing of one visitor reaches another."""

import json

import pytest
from django.core.cache import caches
from django.test.signals import template_rendered

from agenda import services
from agenda.cache import PAGE_CACHE_ALIAS
from assembly.languages import language_codes

from .factories import at

LANGUAGES = language_codes()
SHELL = "agenda/programme.html"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Every request makes its page, as a signed-in delegate's does."""
    settings.PAGE_CACHE_SECONDS = 0


class Renders:
    """Counts the templates rendered, by name."""

    def __init__(self):
        self.names: list[str] = []

    def __call__(self, sender, template, context, **kwargs):
        self.names.append(template.name)

    def count(self, name: str) -> int:
        return self.names.count(name)

    def __enter__(self):
        template_rendered.connect(self)
        return self

    def __exit__(self, *exc):
        template_rendered.disconnect(self)


def _pages(client, path="/agenda/"):
    return {code: client.get(f"/{code}{path}").content.decode() for code in LANGUAGES}


def test_a_slot_change_makes_no_shell_again_and_shows_in_every_language(programme, client):
    with Renders() as first:
        before = _pages(client)
    assert first.count(SHELL) == len(LANGUAGES)
    with Renders() as again:
        assert _pages(client) == before  # the same page, from the shell and the days kept
    assert again.count(SHELL) == 0 and again.count("agenda/_slot.html") == 0

    slot = programme[1]
    renamed = {"en": "Renamed", "fr": "Renommé", "es": "Renombrado", "ar": "باسم جديد"}
    for code, text in renamed.items():
        setattr(slot, f"title_{code}", f"{text} {slot.slug}")
    services.slot_save(slot=slot)
    with Renders() as after_change:
        after = _pages(client)

    assert after_change.count(SHELL) == 0  # the shell shows no slot
    assert after_change.count("agenda/_slot.html") == len(LANGUAGES)  # that slot's entry only
    for code, text in renamed.items():
        assert f"{text} {slot.slug}" in after[code]
        assert f"{text} {slot.slug}" not in before[code]
        assert f'lang="{code}"' in after[code]
    assert 'dir="rtl"' in after["ar"]


def test_a_theme_renamed_in_one_language_makes_that_language_s_shell_again(
    programme, session91, client
):
    _pages(client)
    theme = programme[0].themes.get()
    theme.label_fr = "Cybercriminalité"
    services.theme_save(theme=theme, actor=None)
    with Renders() as renders:
        pages = _pages(client)
    assert renders.count(SHELL) == 1  # French only: its filter names the theme anew
    assert f'<option value="{theme.slug}">Cybercriminalité</option>' in pages["fr"]


def test_each_visitor_gets_their_own_menu_and_filters(programme, client, django_user_model):
    anonymous = client.get("/en/agenda/").content.decode()
    assert "Delegate sign in" in anonymous and "Sign out" not in anonymous

    user = django_user_model.objects.create_user(username="dq", email="dq@example.org")
    client.force_login(user)
    signed_in = client.get("/en/agenda/").content.decode()
    assert "Sign out" in signed_in and "My programme" in signed_in
    assert "Delegate sign in" not in signed_in

    client.logout()
    again = client.get("/en/agenda/").content.decode()
    assert "Sign out" not in again and "My programme" not in again

    filtered = client.get("/en/agenda/?kind=panel").content.decode()
    assert '<option value="panel" selected>' in filtered
    assert 'href="/fr/agenda/?kind=panel"' in filtered  # the switcher keeps the filter
    assert '<option value="panel" selected>' not in client.get("/en/agenda/").content.decode()


def test_a_flash_message_is_shown_once_to_its_visitor_and_kept_nowhere(
    programme, client, django_user_model
):
    user = django_user_model.objects.create_user(username="dm", email="dm@example.org")
    client.force_login(user)
    client.get("/en/agenda/")  # the signed-in shell is kept
    star = client.post(f"/en/agenda/items/{programme[0].slug}/star/")
    assert star.status_code == 302

    shown = client.get("/en/agenda/").content.decode()
    assert "Added to your programme." in shown
    assert "Added to your programme." not in client.get("/en/agenda/").content.decode()
    client.logout()
    assert "Added to your programme." not in client.get("/en/agenda/").content.decode()


def test_now_and_next_is_made_on_every_request(programme, session91, client, monkeypatch):
    from django.utils import timezone

    first, second = programme[0], programme[1]
    monkeypatch.setattr(timezone, "now", lambda: first.start.replace(second=1))
    during_first = client.get("/en/agenda/").content.decode()
    monkeypatch.setattr(timezone, "now", lambda: second.start.replace(second=1))
    during_second = client.get("/en/agenda/").content.decode()
    monkeypatch.setattr(timezone, "now", lambda: at(session91, 5, 9))
    after = client.get("/en/agenda/").content.decode()

    def now_next(page):
        section = page[page.index('<section class="now-next"') :]
        return section[: section.index("</section>")]

    assert f"/items/{first.slug}/" in now_next(during_first).split("Next:")[0]
    assert f"/items/{second.slug}/" in now_next(during_second).split("Next:")[0]
    assert 'class="now-next"' not in after  # the session is over


def test_whole_exports_follow_a_theme_or_slot_change_in_every_language(programme, client):
    for code in LANGUAGES:
        client.get(f"/{code}/agenda/schedule.json")
    theme = programme[0].themes.get()
    theme.title_es = "Ciberdelincuencia mundial"
    services.theme_save(theme=theme, actor=None)
    tracks = json.loads(client.get("/es/agenda/schedule.json").content)["schedule"]["conference"]
    assert [t["name"] for t in tracks["tracks"]] == ["Ciberdelincuencia mundial"]

    slot = programme[5]
    slot.title_fr = "Clôture, déplacée"
    services.slot_save(slot=slot)
    for code in LANGUAGES:
        body = client.get(f"/{code}/agenda/schedule.xml").content.decode()
        assert ("Clôture, déplacée" in body) == (code == "fr")
        assert body.count("<event ") == len(programme)


def test_the_cache_holds_no_page_of_a_visitor_with_a_bad_filter(programme, client):
    page = client.get("/en/agenda/?theme=%3Cb%3Enope")
    assert "private" in page["Cache-Control"]
    for value in caches[PAGE_CACHE_ALIAS]._cache.values():
        assert b"nope" not in value
