"""The django-allauth adapter of the platform: client IP, redirects and mail language."""

from allauth.account.adapter import DefaultAccountAdapter

from .security import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Rate limits count per real client address: X-Forwarded-For is believed only from
    the reverse proxies named in ``settings.TRUSTED_PROXIES`` (SECURITY.md 14)."""

    def get_client_ip(self, request) -> str:
        return client_ip(request)
