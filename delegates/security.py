"""The rate limit of the admin login, per client address (behind trusted proxies only)."""

from __future__ import annotations

import hashlib
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from assembly.net import client_ip


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.lower().encode()).hexdigest()[:32]
    return f"admin-login-failures:{kind}:{digest}"


def failures(key: str) -> int:
    return cache.get(key, 0)


@contextmanager
def _counting(key: str):
    """One worker at a time counts on ``key``: without Redis the cache is a table of the
    database, whose ``incr`` reads then writes, and two workers counting at once would write the
    same number. ``add`` is atomic on every backend; past a second of waiting the count goes on
    unlocked (a lost count at worst, never a failure that stops the login page)."""
    lock = f"{key}:lock"
    deadline = time.monotonic() + 1
    locked = cache.add(lock, 1, 10)
    while not locked and time.monotonic() < deadline:
        time.sleep(0.01)
        locked = cache.add(lock, 1, 10)
    try:
        yield
    finally:
        if locked:
            cache.delete(lock)


def count_failures(keys: list[str], *, window: int) -> None:
    for key in keys:
        with _counting(key):
            if not cache.add(key, 1, window):
                try:
                    cache.incr(key)
                except ValueError:  # expired meanwhile
                    cache.set(key, 1, window)


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
        if any(failures(key) >= limit for key in keys):
            return HttpResponse(
                _("Too many failed sign-in attempts. Try again later."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
        response = self.get_response(request)
        # A successful admin login redirects; a failed one shows the form again.
        if response.status_code == 200:
            count_failures(keys, window=window)
        return response
