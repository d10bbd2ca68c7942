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


# What a feature app knows about documents the core lists: e.g. the resolutions app says that a
# document is the draft of a resolution adopted as GA-2023-91-RES-03, or of a rejected draft.
# A callable receives the documents' ids and returns {id: {"label": text, "url": link or ""}},
# in one query whatever the number of documents.
DocumentStatus = Callable[[list[int]], dict[int, dict]]

_document_statuses: list[DocumentStatus] = []


def register_document_status(status: DocumentStatus) -> None:
    if all(existing is not status for existing in _document_statuses):
        _document_statuses.append(status)


def document_statuses(documents) -> list:
    """The documents, each with ``statuses``: what the feature apps say about it."""
    documents = list(documents)
    ids = [document.pk for document in documents]
    found: dict[int, list[dict]] = {}
    if ids:
        for status in _document_statuses:
            for pk, note in status(ids).items():
                found.setdefault(pk, []).append(note)
    for document in documents:
        document.statuses = found.get(document.pk, [])
    return documents
