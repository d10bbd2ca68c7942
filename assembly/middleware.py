"""Middleware of the core app."""

from django.utils.cache import patch_cache_control


class PrivateCacheMiddleware:
    """Pages for signed-in users are private: no shared cache may store them (SECURITY.md 17)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control and "no-store" in cache_control:
            # Already private and not stored (the vote page's poll): the session and the user
            # need not be read.
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
