"""The django-allauth adapter of the platform: client IP, redirects and mail language."""

from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.encoding import punycode
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from assembly.net import client_ip, site_domain, site_url


@dataclass(frozen=True)
class SiteAddress:
    """What allauth calls the current site, from the settings: without django.contrib.sites it
    would be the request's Host (port included) in mails ("Hello from 127.0.0.1:6666!") and in
    the key of the per-account login limit (a new port, a new count)."""

    name: str
    domain: str
    url: str = ""


def current_site() -> SiteAddress:
    """The site as a mail names it, in the active language (the reader's: the language of the
    page they asked from): the name the site's header shows and the address of its home page
    in that language, from ``settings.SITE_URL``."""
    language = get_language() or settings.LANGUAGE_CODE
    return SiteAddress(
        name=gettext("%(organisation)s General Assembly")
        % {"organisation": settings.ORGANISATION_SHORT_NAME},
        domain=site_domain(),
        url=site_url(f"/{language}/"),
    )


class AccountAdapter(DefaultAccountAdapter):
    """Rate limits count per real client address: X-Forwarded-For is believed only from
    the reverse proxies named in ``settings.TRUSTED_PROXIES`` (SECURITY.md 14)."""

    def get_client_ip(self, request) -> str:
        return client_ip(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        super().send_mail(template_prefix, email, {**context, "current_site": current_site()})

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{current_site().domain}:{login}"

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
