"""Marking a view as a public page of the page cache (agenda.cache and agenda.middleware do the
caching). Here, in the core app, so that every app may mark its public pages without depending
on the agenda app."""

from collections.abc import Callable


def public_page(*, reads: tuple[str, ...] = (), version: Callable[[], str] | None = None):
    """Mark a view as a public page that anonymous visitors may be served from the cache.

    ``reads``: the query parameters the page reads; the view sees no other.
    ``version``: for a page that shows more than the programme, a function returning the
    version of that data; it is part of the cache key, so a new version makes the page stale.
    """

    def decorate(view):
        view.public_page_reads = tuple(reads)
        view.public_page_version = version
        return view

    return decorate
