"""The address of the client that sent a request, as far as we can trust it.

Behind a reverse proxy REMOTE_ADDR is the proxy, and X-Forwarded-For carries the chain:
whatever the client wrote first, then one address appended by each proxy. Only entries
appended by proxies we run can be believed, so the client is the right-most address that
is not one of TRUSTED_PROXIES. Without trusted proxies the header is ignored entirely.
Rate limits find this function through RATELIMIT_IP_META_KEY.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies):
    return tuple(ipaddress.ip_network(item, strict=False) for item in proxies)


def _parse(value):
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address, networks):
    return any(address in network for network in networks)


def client_ip(request):
    remote = _parse(request.META.get("REMOTE_ADDR", "")) or ipaddress.ip_address("0.0.0.0")  # noqa: S104
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not networks or not _trusted(remote, networks):
        return str(remote)
    client = remote
    chain = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for entry in reversed(chain):
        address = _parse(entry)
        if address is None:
            break  # garbage can only come from the client side of the chain
        client = address
        if not _trusted(address, networks):
            break
    return str(client)


FORWARDED_HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT",
                     "HTTP_FORWARDED")


def proxy_headers_from_trusted_proxies(application):
    """WSGI wrapper: X-Forwarded-Proto (and -Host, -Port, Forwarded) only when the
    connection comes from one of TRUSTED_PROXIES. Reaching Granian directly, a client
    could otherwise claim HTTPS (SECURE_PROXY_SSL_HEADER): is_secure() true, no redirect
    to HTTPS, secure cookies over plain HTTP (issue 23 point 12)."""
    def wrapper(environ, start_response):
        if any(name in environ for name in FORWARDED_HEADERS):
            remote = _parse(environ.get("REMOTE_ADDR", ""))
            networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
            if remote is None or not _trusted(remote, networks):
                for name in FORWARDED_HEADERS:
                    environ.pop(name, None)
        return application(environ, start_response)
    return wrapper
