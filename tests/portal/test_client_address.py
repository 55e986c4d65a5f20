"""Rate limits count the real client, not whatever X-Forwarded-For a client invents."""

import http.client
import urllib.parse
from types import SimpleNamespace

from django.test import RequestFactory, override_settings

import pytest

from portal.client_address import client_ip

factory = RequestFactory()


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return factory.get("/", **extra)


@override_settings(TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_header_is_ignored():
    assert client_ip(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "127.0.0.1"])
@pytest.mark.parametrize("remote, forwarded, expected", [
    ("10.1.2.3", "198.51.100.7", "198.51.100.7"),                 # one proxy appended the client
    ("10.1.2.3", "1.2.3.4, 198.51.100.7", "198.51.100.7"),        # client-written first entry ignored
    ("127.0.0.1", "1.2.3.4, 198.51.100.7, 10.9.9.9", "198.51.100.7"),  # two of our proxies
    ("10.1.2.3", "not-an-ip, 198.51.100.7", "198.51.100.7"),
    ("10.1.2.3", "198.51.100.7, garbage", "10.1.2.3"),            # our proxy never writes garbage
    ("203.0.113.5", "198.51.100.7", "203.0.113.5"),               # not from a trusted proxy
    ("10.1.2.3", "", "10.1.2.3"),
    ("10.1.2.3", "2001:db8::1", "2001:db8::1"),
])
def test_right_most_untrusted_address_is_the_client(remote, forwarded, expected):
    assert client_ip(_request(remote, forwarded)) == expected


def _post_from(front, source, path, fields, spoof):
    body = urllib.parse.urlencode(fields)
    connection = http.client.HTTPConnection("127.0.0.1", front.port, timeout=10,
                                            source_address=(source, 0))
    connection.request("POST", path, body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": spoof})
    status = connection.getresponse().status
    connection.close()
    return status


@pytest.mark.nginx
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_spoofed_forwarded_for_through_nginx_does_not_bypass_limits(nginx_front, settings,
                                                                   monkeypatch):
    monkeypatch.setattr("django_ratelimit.core.time", SimpleNamespace(time=lambda: 1_800_000_010.0))
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.LOGIN_ATTEMPTS_PER_MINUTE = 10  # read when the middleware is built
    statuses = [_post_from(nginx_front, "127.0.0.2", "/admin/login/",
                           {"username": "x", "password": "wrong"}, spoof=f"198.51.100.{n}")
                for n in range(14)]
    assert statuses.count(429) >= 3 and statuses[-1] == 429
    votes = [_post_from(nginx_front, "127.0.0.2", "/search/helpful",
                        {"target_type": "faq", "target_id": "1", "helpful": "no"},
                        spoof=f"203.0.113.{n % 250}")
             for n in range(settings.HELPFUL_VOTES_PER_MINUTE + 4)]
    assert votes.count(429) >= 3 and votes[-1] == 429
    # another resident behind the same nginx is counted on their own
    other = _post_from(nginx_front, "127.0.0.3", "/search/helpful",
                       {"target_type": "faq", "target_id": "1", "helpful": "no"}, spoof="1.1.1.1")
    assert other != 429
