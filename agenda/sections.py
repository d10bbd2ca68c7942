"""The agenda's block on a session's home page: the themes of the session (one query)."""

from django.urls import reverse


def session_themes(session):
    themes = list(session.themes.order_by("order", "id"))
    if not themes:
        return None
    if session.is_current:
        programme_url = reverse("agenda:programme")

        def theme_url(slug):
            return reverse("agenda:theme", kwargs={"slug": slug})
    else:
        programme_url = reverse("session-agenda:programme", kwargs={"number": session.number})

        def theme_url(slug):
            return reverse("session-agenda:theme", kwargs={"number": session.number, "slug": slug})

    return (
        "agenda/session_section.html",
        {
            "themes": [
                {"title": t.title, "colour": t.colour, "url": theme_url(t.slug)} for t in themes
            ],
            "introduction": session.themes_introduction,
            "programme_url": programme_url,
        },
    )
