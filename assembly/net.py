"""What the platform believes of a request: the client's address (X-Forwarded-For only from
trusted proxies) and its own address (the configured site, never the request's Host)."""

import ipaddress
from functools import lru_cache, partial
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core import checks
from django.utils.encoding import iri_to_uri

# Headers only a reverse proxy may set; a request that did not come from a trusted one loses them.
FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_SERVER",
    "HTTP_FORWARDED",
)


def site_url(location: str = "/") -> str:
    """The absolute URL of ``location`` (a path) on the configured site (``settings.SITE_URL``).

    Links in pages, exports, calendars and mails are built here, never from the request's Host
    (an allowed name with any port) or scheme (SECURITY.md 27)."""
    return iri_to_uri(urljoin(settings.SITE_URL + "/", str(location)))


def site_domain() -> str:
    """The site's host (and port, if it has one), as mails name it: "assembly.example.org"."""
    return urlsplit(settings.SITE_URL).netloc


@checks.register(checks.Tags.security, deploy=True)
def check_site_address(app_configs=None, **kwargs):
    """`check --deploy`: with HTTPS on, links in mails must not point at plain HTTP."""
    if settings.HTTPS and not settings.SITE_URL.startswith("https://"):
        return [
            checks.Warning(
                f"DJANGO_SITE_URL is {settings.SITE_URL!r} while HTTPS is on: links in mails "
                "and exports would use plain HTTP.",
                hint="Set DJANGO_SITE_URL=https://<the site's host>.",
                id="assembly.W110",
            )
        ]
    return []


def build_absolute_uri(request, location=None) -> str:
    """``HttpRequest.build_absolute_uri`` on the configured site: a relative location is resolved
    against the request's path, as Django does, but scheme and host are the site's."""
    if location is None:
        location = request.get_full_path()
    return site_url(urljoin(request.path, str(location)))


@lru_cache(maxsize=8)
def _trusted_networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse(address: str):
    address = address.strip()
    if address.startswith("[") and "]" in address:  # "[::1]:443"
        address = address[1 : address.index("]")]
    elif address.count(":") == 1:  # "203.0.113.7:51234"
        address = address.split(":", 1)[0]
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None


def is_trusted_proxy(address: str) -> bool:
    parsed = _parse(address)
    if parsed is None:
        return False
    return any(parsed in network for network in _trusted_networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request) -> str:
    """The address of the client that sent ``request``.

    X-Forwarded-For is read from the right: each hop appends the address it received the
    request from. Addresses are skipped while they are trusted proxies; the first one that is
    not is the client. A client cannot forge its way past this: whatever it writes on the left
    is never reached, because the trusted proxy appended the real address after it. A request
    that did not come from a trusted proxy is judged by its own REMOTE_ADDR alone.
    """
    remote = request.META.get("assembly.proxy_addr") or request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        parsed = _parse(hop)
        if parsed is None:
            break  # garbage: trust nothing further left
        if not is_trusted_proxy(hop):
            return str(parsed)
    # Only proxies (or nothing usable) in the chain: the nearest address we can vouch for.
    return remote


class TrustedProxyMiddleware:
    """Sets REMOTE_ADDR to ``client_ip(request)`` so that rate limits (allauth's, the admin's)
    count the client, not the proxy; the proxy's address stays in META["assembly.proxy_addr"].
    A request that did not come through a trusted proxy (any request, when none is configured)
    loses its X-Forwarded-* headers, so that it cannot claim HTTPS (SECURE_PROXY_SSL_HEADER).

    ``request.build_absolute_uri`` answers with the configured site address, for the code of
    the platform and of its libraries (allauth's confirmation and password-reset links)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        remote = request.META.get("REMOTE_ADDR", "")
        request.META["assembly.proxy_addr"] = remote
        if is_trusted_proxy(remote):
            request.META["REMOTE_ADDR"] = client_ip(request)
        else:
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        request.build_absolute_uri = partial(build_absolute_uri, request)
        return self.get_response(request)
