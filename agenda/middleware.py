"""Serves cached public programme pages before the rest of the middleware stack runs.

Placed right after WhiteNoise: a visitor with neither a session nor a messages cookie (so not
signed in) gets the page exactly as it was first served, security headers included, without
paying for sessions, CSRF, CSP, URL resolving and the view. The key is the one the views use:
language, full path and the programme version, so a programme change invalidates both.
"""

import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from .cache import PAGE_CACHE_SECONDS, page_cache_key

_PROGRAMME_PATH = re.compile(r"^/(ar|en|fr|es)/(?:agenda|sessions/[0-9]+/agenda)/")
# The feed and the delegate's own pages are private whatever the cookies say.
_NEVER = re.compile(r"/agenda/(?:me|calendar|live)/")


class ProgrammeCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = _PROGRAMME_PATH.match(request.path_info)
        if (
            match is None
            or request.method != "GET"
            or _NEVER.search(request.path_info)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or "messages" in request.COOKIES
        ):
            return self.get_response(request)
        key = page_cache_key(match.group(1), request.get_full_path()) + ":full"
        hit = cache.get(key)
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if (
            getattr(response, "agenda_cacheable", False)
            and response.status_code == 200
            and not response.cookies
        ):
            headers = [(n, v) for n, v in response.headers.items() if n.lower() != "set-cookie"]
            cache.set(key, (response.content, headers), PAGE_CACHE_SECONDS)
        return response
