"""The rate limit of the admin login, per client address (behind trusted proxies only)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from assembly.net import client_ip


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.lower().encode()).hexdigest()[:32]
    return f"admin-login-failures:{kind}:{digest}"


class AdminLoginRateLimitMiddleware:
    """Counts failed admin logins per client IP and per username in the shared cache;
    past the limit the admin login answers 429 until the window ends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" or request.path_info != reverse("admin:login"):
            return self.get_response(request)
        limit, window = getattr(settings, "ADMIN_LOGIN_RATE_LIMIT", (5, 300))
        keys = [_key("ip", client_ip(request))]
        username = request.POST.get("username", "")
        if username:
            keys.append(_key("user", username[:254]))
        if any(cache.get(key, 0) >= limit for key in keys):
            return HttpResponse(
                _("Too many failed sign-in attempts. Try again later."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
        response = self.get_response(request)
        # A successful admin login redirects; a failed one shows the form again.
        if response.status_code == 200:
            for key in keys:
                cache.add(key, 0, window)
                try:
                    cache.incr(key)
                except ValueError:
                    cache.set(key, 1, window)
        return response
