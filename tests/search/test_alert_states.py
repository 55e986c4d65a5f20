"""Residents searching after an alert was updated and then cancelled are told the truth:
one result, the newest text, marked cancelled, without the crisis boost."""

from django.db import transaction

import pytest

from alerts import publishing
from alerts.models import Alert
from search import service
from search.models import BestBet
from tests.helpers.content import make_hub, make_message


@pytest.fixture
def commits_now(monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture(params=["database", pytest.param("elasticsearch",
                                                 marks=pytest.mark.elasticsearch)])
def backend(request, settings, site):
    """Both backends behind the resident API, kept current by publish-time reindexing."""
    if request.param == "elasticsearch":
        import os
        import uuid

        from search.backends.elasticsearch import ElasticsearchBackend, client

        settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
        settings.SEARCH_BACKEND = "elasticsearch"
        settings.SEARCH_INDEX_PREFIX = prefix = f"beacontest-{uuid.uuid4().hex[:8]}"
        ElasticsearchBackend().rebuild([])
        yield request.param
        client(os.environ["ELASTICSEARCH_URL"]).indices.delete(index=f"{prefix}-*",
                                                               ignore_unavailable=True)
    else:
        settings.SEARCH_BACKEND = "database"
        yield request.param


def _route_nine():
    make_hub()
    first = make_message(headline="Route 9 closed at Quay Street",
                         body="<p>Route 9 is closed at Quay Street until noon.</p>")
    alert = publishing.publish(Alert.objects.create(event="Road closure", area_desc="Quay St",
                                                    message=first, severity="Severe"))
    second = make_message(headline="Route 9 closed at Quay Street",
                          body="<p>Route 9 stays closed at Quay Street until 6 p.m.</p>")
    update = publishing.update(alert, message=second)
    return alert, update


@pytest.mark.django_db
def test_an_update_replaces_the_alert_in_search(client, backend, commits_now):
    alert, update = _route_nine()
    results = client.get("/api/v1/search/", {"q": "route 9"}).json()["results"]
    alerts = [r for r in results if r["title"] == "Route 9 closed at Quay Street"]
    assert len(alerts) == 1, results  # no outdated version, no second copy as a message
    assert alerts[0]["type"] == "alert" and alerts[0]["status"] == "active"
    assert alerts[0]["id"] == update.pk and "6 p.m." in alerts[0]["snippet"]
    from search.models import SearchEvent

    assert SearchEvent.objects.latest("pk").backend == backend  # no silent fallback


@pytest.mark.django_db
def test_a_cancelled_alert_says_so_and_loses_its_boost(client, backend, commits_now):
    alert, update = _route_nine()
    boosted = service.search("route 9", record=False).results[0].score
    publishing.cancel(update)
    results = client.get("/api/v1/search/", {"q": "route 9"}).json()["results"]
    alerts = [r for r in results if r["title"] == "Route 9 closed at Quay Street"]
    assert len(alerts) == 1 and alerts[0]["status"] == "cancelled"
    assert alerts[0]["snippet"].startswith("Cancelled ")  # with the time it ended
    assert service.search("route 9", record=False).results[0].score < boosted
    page = client.get("/search/", {"q": "route 9"}).content.decode()
    assert "Alert · Cancelled" in page
    hub = client.get("/updates/").content.decode()
    item = hub[hub.rindex('<li class="update', 0, hub.index("Route 9 closed")):]
    assert item.index('class="state-ended"') < item.index("Route 9 closed")
    assert "<strong>Cancelled</strong>" in item[:item.index("Route 9 closed")]
    home = client.get("/").content.decode()
    if "Route 9 closed" in home:  # listed on the home page only with its label
        assert "<strong>Cancelled</strong>" in home


@pytest.mark.django_db
def test_best_bet_tied_only_to_an_alert_promotes_it_while_live(client, backend, commits_now):
    make_hub()
    alert = publishing.publish(Alert.objects.create(
        event="Flood", area_desc="Harbor", message=make_message(headline="Harbor Road flooded")))
    bet = BestBet.objects.create(query="flooding", alert=alert)
    assert str(bet) == "flooding → Update: Harbor Road flooded".replace("Update", "Alert")
    first = client.get("/api/v1/search/", {"q": "flooding"}).json()["results"][0]
    assert (first["type"], first["title"], first["status"]) == ("alert", "Harbor Road flooded",
                                                                "active")
    publishing.cancel(alert)
    results = client.get("/api/v1/search/", {"q": "flooding"}).json()["results"]
    assert not any(r["title"] == "Harbor Road flooded" and r.get("status") == "active"
                   for r in results)


@pytest.mark.django_db
def test_search_pages_and_count_agree(client, site):
    from search.backends import get_backend
    from search.documents import all_documents
    from tests.helpers.content import make_faq

    for n in range(23):
        make_faq(question=f"Where is sandbag site number {n}?")
    get_backend("database").index(all_documents())
    first = client.get("/search/", {"q": "sandbag site"}).content.decode()
    assert "Results 1–10 of 23" in first and 'rel="next"' in first
    assert first.count('<span class="type">') == 10
    third = client.get("/search/", {"q": "sandbag site", "page": 3}).content.decode()
    assert third.count('<span class="type">') == 3 and 'rel="next"' not in third
    assert "Page 3 of 3" in third


@pytest.mark.django_db
def test_autocomplete_lists_each_title_once(client, site, commits_now):
    alert, update = _route_nine()
    from search.backends import get_backend
    from search.documents import all_documents

    get_backend("database").index(all_documents())
    found = client.get("/api/v1/suggest/", {"q": "route"}).json()["suggestions"]
    texts = [s["text"] for s in found]
    assert texts.count("Route 9 closed at Quay Street") == 1
