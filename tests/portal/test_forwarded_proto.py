"""X-Forwarded-Proto is believed only from TRUSTED_PROXIES (issue 23 point 12): the probe
reached Granian directly and claimed HTTPS, and Django believed it (no HTTPS redirect,
secure cookies over plain HTTP)."""

from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory

import pytest

from portal import wsgi
from portal.client_address import proxy_headers_from_trusted_proxies


def _seen_as_secure(remote, proto):
    seen = {}

    def app(environ, start_response):
        seen["secure"] = WSGIRequest(environ).is_secure()
        return []

    environ = RequestFactory().get("/", REMOTE_ADDR=remote,
                                   HTTP_X_FORWARDED_PROTO=proto).environ
    proxy_headers_from_trusted_proxies(app)(environ, lambda *a: None)
    return seen["secure"]


@pytest.fixture
def production_tls(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]


def test_a_client_reaching_the_app_directly_cannot_claim_https(production_tls):
    assert not _seen_as_secure("203.0.113.5", "https")
    assert not _seen_as_secure("not-an-address", "https")


def test_the_trusted_proxy_is_believed(production_tls):
    assert _seen_as_secure("10.1.2.3", "https")
    assert not _seen_as_secure("10.1.2.3", "http")


def test_without_trusted_proxies_nobody_is_believed(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = []
    assert not _seen_as_secure("127.0.0.1", "https")


def test_the_served_application_is_wrapped():
    assert wsgi.application.__qualname__.startswith("proxy_headers_from_trusted_proxies")
