"""The client's address behind reverse proxies: X-Forwarded-For only from trusted proxies."""

import ipaddress
from functools import lru_cache

from django.conf import settings


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
    A request that did not come through a trusted proxy loses its X-Forwarded-* headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.TRUSTED_PROXIES:
            remote = request.META.get("REMOTE_ADDR", "")
            request.META["assembly.proxy_addr"] = remote
            if is_trusted_proxy(remote):
                request.META["REMOTE_ADDR"] = client_ip(request)
            else:
                # Headers only a proxy may set (SECURE_PROXY_SSL_HEADER reads the scheme).
                request.META.pop("HTTP_X_FORWARDED_PROTO", None)
                request.META.pop("HTTP_X_FORWARDED_FOR", None)
        return self.get_response(request)
