"""The Redis cache really stopped: pages are still served and publishes still recorded."""

from django.core.cache import caches
from django.db import transaction
from django.test import override_settings

import pytest

from alerts import publishing
from alerts.models import Alert
from tests.helpers.content import make_faq, make_message

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


def redis_cache(url):
    return {"default": {"BACKEND": "portal.cache_backends.FailOpenRedisCache",
                        "LOCATION": url,
                        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}


def test_pages_and_publishing_survive_a_dead_cache(client, site, redis_process, monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    faq = make_faq(question="Is the library open?")
    with override_settings(CACHES=redis_cache(redis_process.url)):
        assert client.get(faq.get_absolute_url()).status_code == 200
        assert client.get(faq.get_absolute_url())["X-Page-Cache"] == "hit"  # Redis serving

        redis_process.stop()
        caches["default"].close()
        response = client.get(faq.get_absolute_url())
        assert response.status_code == 200 and "Is the library open?" in response.content.decode()
        assert response.get("X-Page-Cache") != "hit"  # rendered afresh, no error

        alert = publishing.publish(Alert.objects.create(
            event="Flood", area_desc="Harbor", message=make_message(headline="Harbor flooding")))
        assert Alert.objects.get(pk=alert.pk).state == "active"
        assert "Harbor flooding" in client.get("/").content.decode()
        assert "Harbor flooding" in client.get("/es/").content.decode()  # page URLs still work
        assert client.get("/api/v1/search/", {"q": "library"}).status_code == 200
        ready = client.get("/readyz", HTTP_AUTHORIZATION="Bearer test-readyz").json()
        assert ready["checks"]["cache"]["ok"] is False


def test_a_dead_cache_is_detected_once_then_skipped(redis_process, monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    from portal import cache_backends

    cache_backends.reset_circuit()
    with override_settings(CACHES=redis_cache(redis_process.url)):
        cache = caches["default"]
        cache.set("k", "v")
        redis_process.stop()
        cache.close()
        calls = []
        real_get = RedisCache.get
        monkeypatch.setattr(RedisCache, "get", lambda self, *a, **k: calls.append(1) or
                            real_get(self, *a, **k))
        assert cache.get("k", "fallback") == "fallback"  # one real attempt, fails open
        for _ in range(200):
            assert cache.get("k", default="fallback") == "fallback"
        assert len(calls) == 1  # the outage was detected once; the rest skipped Redis
        with pytest.raises(Exception, match="unavailable"):
            cache.incr("counter")  # counters know nothing was counted
    cache_backends.reset_circuit()
