"""The anonymous page cache as residents and shared links meet it."""

import re

from django.db import transaction
from django.db.utils import OperationalError

import pytest

from alerts import publishing
from alerts.models import Alert
from portal import page_cache
from search.backends import get_backend
from search.documents import all_documents
from search.models import SearchEvent
from tests.helpers.content import make_faq, make_message


@pytest.mark.django_db
def test_tracking_parameters_on_shared_links_are_cache_hits(client, site):
    assert client.get("/faq/")["X-Page-Cache"] == "miss"
    for query in ("utm_source=x&utm_medium=social", "fbclid=IwAR0abc", "gclid=1&mc_cid=2",
                  "anything=else"):
        response = client.get(f"/faq/?{query}")
        assert response.status_code == 200 and response["X-Page-Cache"] == "hit", query


@pytest.mark.django_db
def test_every_resident_search_is_counted_and_gets_its_own_click_id(client, site):
    make_faq(question="Is the tap water safe to drink?")
    get_backend("database").index(all_documents())
    pages = [client.get("/search/", {"q": "tap water"}) for _ in range(3)]
    assert SearchEvent.objects.filter(query="tap water").count() == 3
    tokens = {re.search(r'/search/click\?t=([^"&]+)', p.content.decode()).group(1) for p in pages}
    assert len(tokens) == 3
    assert all("X-Page-Cache" not in p and "no-store" in p["Cache-Control"] for p in pages)


@pytest.mark.django_db
def test_cap_documents_are_served_from_the_last_good_copy_when_the_database_fails(
        client, site, monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    alert = publishing.publish(Alert.objects.create(
        event="Flood", area_desc="Harbor", message=make_message(headline="Harbor flooding")))
    url = f"/alerts/cap/{alert.pk}.xml"
    first = client.get(url)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    page_cache.invalidate("test")

    def database_down(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("alerts.feeds.get_object_or_404", database_down)
    client.raise_request_exception = False
    stale = client.get(url)
    assert stale.status_code == 200 and stale["X-Page-Cache"] == "stale"
    assert stale.content == first.content


@pytest.mark.django_db
def test_generation_lives_in_the_database_without_a_shared_cache(settings, site, client):
    assert page_cache.generation_store() == "database"
    before = page_cache.current_generation()
    client.get("/faq/")
    page_cache.invalidate("test")
    assert page_cache.current_generation() == before + 1
    assert client.get("/faq/")["X-Page-Cache"] == "miss"
    settings.SHARED_CACHE = True
    assert page_cache.generation_store() == "cache"
