"""The django-allauth adapter of the platform: client IP, redirects and mail language."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.utils.encoding import punycode
from django.utils.translation import gettext_lazy as _

from assembly.net import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Rate limits count per real client address: X-Forwarded-For is believed only from
    the reverse proxies named in ``settings.TRUSTED_PROXIES`` (SECURITY.md 14)."""

    def get_client_ip(self, request) -> str:
        return client_ip(request)

    def clean_email(self, email: str) -> str:
        """Django's validator accepts some Unicode domains that IDNA cannot encode (for example
        one ending in U+FFF9); sending the sign-up or password-reset mail then failed with a 500.
        Such an address is refused as invalid, like any other malformed one."""
        email = super().clean_email(email)
        try:
            punycode(email.rpartition("@")[2])
        except UnicodeError:
            raise ValidationError(_("Enter a valid email address."), code="invalid") from None
        return email
