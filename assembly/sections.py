"""Sections that feature apps add to a session's home page, so the core app imports none of them.

A feature app registers a callable in its AppConfig.ready(); it receives the session and returns
``(template_name, context)`` or None. Each callable must run a fixed number of queries.
"""

from collections.abc import Callable

SessionSection = Callable[[object], tuple[str, dict] | None]

_session_sections: list[tuple[int, SessionSection]] = []


def register_session_section(section: SessionSection, *, order: int = 100) -> None:
    if all(existing is not section for _order, existing in _session_sections):
        _session_sections.append((order, section))
        _session_sections.sort(key=lambda pair: pair[0])


def render_sections(session) -> list[tuple[str, dict]]:
    rendered = []
    for _order, section in _session_sections:
        result = section(session)
        if result is not None:
            rendered.append(result)
    return rendered
