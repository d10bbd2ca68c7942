"""The page cache (agenda.cache): anonymous GETs of public pages served from the ``pages`` cache
alias before the rest of the middleware stack runs.

Placed right after WhiteNoise: a visitor without state gets the page exactly as it was first
served, security headers included, without paying for sessions, CSRF, CSP and the view. On a
miss the page is made as usual and, on its way out (every other middleware has run, cookies and
headers included), stored if it used no visitor state.
"""

import logging

from django.conf import settings
from django.core.cache import caches

from . import services
from .cache import (
    PAGE_CACHE_ALIAS,
    has_visitor_state,
    keep_only,
    page_cache_key,
    page_version,
    public_view,
    storable,
    stored_response,
)

logger = logging.getLogger(__name__)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = public_view(request)
        if view is None:
            return self.get_response(request)
        query = keep_only(request, view.public_page_reads)
        seconds = settings.PAGE_CACHE_SECONDS
        if request.method != "GET" or has_visitor_state(request) or not seconds:
            return self.get_response(request)
        pages = caches[PAGE_CACHE_ALIAS]
        key = page_cache_key(request, query)
        own_version = page_version(view)
        if own_version:
            key = f"{key}:{own_version}"
        version = services.programme_version()
        try:
            hit = pages.get(key, version=version)
        except Exception:  # a page cache that fails serves the page uncached
            logger.warning("page cache unavailable", exc_info=True)
            hit = None
        if hit is not None:
            return stored_response(*hit)
        response = self.get_response(request)
        if storable(request, response):
            headers = [(n, v) for n, v in response.headers.items() if n.lower() != "set-cookie"]
            try:
                pages.set(key, (response.content, headers), seconds, version=version)
            except Exception:
                logger.warning("page cache unavailable", exc_info=True)
        return response
