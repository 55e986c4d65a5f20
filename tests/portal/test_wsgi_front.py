"""The WSGI front: cache hits without Django, renders rationed under a surge."""

import io
import os
import time

import pytest

from portal import page_cache
from portal.wsgi_front import PageCacheFront
from tests.helpers.wsgi_front import call, front_app


@pytest.fixture
def front(settings):
    settings.SHARED_CACHE = True
    settings.PAGE_CACHE_LOCAL_SECONDS = 0  # every hit goes to the shared cache
    page_cache.recent_pages.clear()
    return front_app()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hits_are_answered_before_django_and_tracking_tags_share_them(front, site, monkeypatch):
    status, headers, first = call(front, "/faq/")
    assert status == 200 and headers["X-Page-Cache"] == "miss"
    monkeypatch.setattr(front, "application", lambda *a: pytest.fail("Django was called"))
    for query in ("", "utm_source=x&fbclid=abc", "gclid=1"):
        status, headers, body = call(front, "/faq/", query)
        assert (status, headers["X-Page-Cache"], body) == (200, "hit", first)
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    status, headers, body = call(front, "/faq/", HTTP_IF_NONE_MATCH=headers["ETag"])
    assert status == 304 and body == b""
    status, headers, _ = call(front, "/faq/", HTTP_X_FORWARDED_PROTO="https")
    assert "Strict-Transport-Security" not in headers or headers["Strict-Transport-Security"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_signed_in_admin_and_search_requests_always_reach_django(front, site, monkeypatch):
    call(front, "/faq/")
    reached = []
    real = front.application
    monkeypatch.setattr(front, "application", lambda e, s: reached.append(e["PATH_INFO"]) or
                        real(e, s))
    call(front, "/faq/", HTTP_COOKIE="sessionid=abc")
    call(front, "/search/", "q=water")
    call(front, "/admin/login/")
    assert reached == ["/faq/", "/search/", "/admin/login/"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_surge_gets_the_last_good_copy_or_a_quick_503(front, site, settings):
    status, _, good = call(front, "/faq/")
    page_cache.invalidate("new content")  # the fresh copy is gone, the last good one stays
    front.slots.acquire()  # every render slot busy (limit = 1 for this test)
    for _ in range(3):
        front.slots.acquire(blocking=False)
    front.wait = 0.05
    status, headers, body = call(front, "/faq/")
    assert (status, headers["X-Page-Cache"], body) == (200, "stale-busy", good)
    status, headers, body = call(front, "/updates-never-rendered/")
    assert status == 503 and headers["Retry-After"] == "5" and b"very busy" in body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_hit_again_within_a_second_costs_no_cache_round_trip(front, site, settings,
                                                                    monkeypatch):
    settings.PAGE_CACHE_LOCAL_SECONDS = 0.5
    call(front, "/faq/")  # rendered and stored in the shared cache
    status, headers, first = call(front, "/faq/")
    assert headers["X-Page-Cache"] == "hit"  # taken from the shared cache, kept in memory
    lookups = []
    real_lookup = page_cache.lookup
    monkeypatch.setattr(page_cache, "lookup", lambda key: lookups.append(key) or
                        real_lookup(key))
    for query in ("", "utm_source=x"):
        status, headers, body = call(front, "/faq/", query)
        assert (status, headers["X-Page-Cache"], body) == (200, "hit-local", first)
    assert lookups == []

    # This process's own publish drops its memory at once ...
    page_cache._bump("cache", "published here")
    _, headers, _ = call(front, "/faq/")
    assert headers["X-Page-Cache"] == "miss" and lookups  # to Redis again, and rendered
    _, headers, _ = call(front, "/faq/")
    assert headers["X-Page-Cache"] == "hit"
    # ... another process's publish (the generation bumped in Redis, not here) is seen
    # once the half second is over.
    from django.core.cache import cache

    cache.incr(page_cache.GENERATION_KEY)
    assert call(front, "/faq/")[1]["X-Page-Cache"] == "hit-local"
    time.sleep(0.6)
    assert call(front, "/faq/")[1]["X-Page-Cache"] == "miss"


def test_django_never_sees_the_process_environment(monkeypatch, settings):
    """Granian (like CGI) starts each environ from os.environ: secrets must not reach
    request.META, where an error report would print them. Request data stays."""
    monkeypatch.setenv("BEACON_TEST_SECRET", "s3cret-database-password")
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.internal:3128")  # httpoxy's variable
    seen = {}

    def django(environ, start_response):
        seen.update(environ)
        start_response("200 OK", [])
        return [b""]

    front = PageCacheFront(django)
    server_environ = {**os.environ, "REQUEST_METHOD": "GET", "PATH_INFO": "/admin/",
                      "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1", "REMOTE_ADDR": "10.0.0.9",
                      "HTTP_HOST": "testserver", "HTTP_X_REQUEST_ID": "abc",
                      "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "http"}
    status, _, _ = call(front, "/admin/", **server_environ)
    assert status == 200
    assert "BEACON_TEST_SECRET" not in seen and "HTTP_PROXY" not in seen
    assert "PATH" not in seen and "HOME" not in seen
    assert (seen["REQUEST_METHOD"], seen["PATH_INFO"], seen["REMOTE_ADDR"]) == (
        "GET", "/admin/", "10.0.0.9")
    assert (seen["HTTP_HOST"], seen["HTTP_X_REQUEST_ID"]) == ("testserver", "abc")
