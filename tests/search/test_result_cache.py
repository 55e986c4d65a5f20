"""Repeated questions reuse one computed result; every search is still its own event."""

import re

import pytest

from search import indexing, service
from search.models import BestBet, SearchEvent


@pytest.fixture
def computed(monkeypatch):
    """The searches that really ran (not answered from the result cache)."""
    calls = []
    real = service.search

    def counting(*args, **kwargs):
        calls.append((args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "search", counting)
    return calls


@pytest.mark.django_db
def test_the_same_question_is_computed_once_and_counted_every_time(client, faqs, computed):
    answers = [client.get("/api/v1/search/", {"q": q}).json()
               for q in ("warming shelter", "Warming   SHELTER", "warming shelter")]
    assert len(computed) == 1
    assert [a["results"] for a in answers[1:]] == [answers[0]["results"]] * 2
    assert answers[1]["query"] == "Warming SHELTER"  # this resident's words, not the first's
    events = list(SearchEvent.objects.order_by("pk"))
    assert len(events) == 3
    assert {e.query for e in events} == {"warming shelter"}
    assert {e.source for e in events} == {"api"}


@pytest.mark.django_db
def test_language_limit_and_topic_are_part_of_the_question(client, faqs, computed):
    client.get("/api/v1/search/", {"q": "warming shelter"})
    client.get("/api/v1/search/", {"q": "warming shelter", "lang": "es"})
    client.get("/api/v1/search/", {"q": "warming shelter", "limit": 3})
    client.get("/api/v1/search/", {"q": "warming shelter", "topic": "winter"})
    assert len(computed) == 4


@pytest.mark.django_db
def test_each_page_request_gets_its_own_event_for_clicks_and_votes(client, faqs, computed):
    first = client.get("/search/", {"q": "warming shelter"})
    second = client.get("/search/", {"q": "warming shelter"})
    assert len(computed) == 1
    assert first.context["response"].event_id != second.context["response"].event_id
    tokens = [re.findall(r'(?:name="after" value|click\?t)="?([^"&]+)', page.content.decode())
              for page in (first, second)]
    assert len(tokens[0]) == len(tokens[1]) > 1  # "search again" and each result's link
    assert not set(tokens[0]) & set(tokens[1])  # each its own, none shared
    assert "beacon-" not in second.content.decode()  # no marker left unfilled


@pytest.mark.django_db
def test_a_reindex_makes_the_next_search_fresh(client, faqs, computed):
    client.get("/api/v1/search/", {"q": "garbage collected"})
    faq = faqs[1]
    faq.question = "When is garbage collected after the storm?"
    faq.save_revision().publish()
    indexing.reindex_many([("content.FAQ", faq.pk)])
    titles = [r["title"] for r in
              client.get("/api/v1/search/", {"q": "garbage collected"}).json()["results"]]
    assert len(computed) == 2
    assert "When is garbage collected after the storm?" in titles


@pytest.mark.django_db
def test_a_new_best_bet_applies_at_once(client, faqs, computed):
    client.get("/api/v1/search/", {"q": "trash day"})
    BestBet.objects.create(query="trash day", faq=faqs[1])
    answer = client.get("/api/v1/search/", {"q": "trash day"}).json()
    assert len(computed) == 2
    assert answer["results"][0]["title"] == "When is garbage collected?"


@pytest.mark.django_db
def test_an_alert_change_makes_the_next_search_fresh(client, faqs, computed):
    from alerts.events import alert_changed
    from alerts.models import Alert

    client.get("/api/v1/search/", {"q": "warming shelter"})
    alert_changed.send(sender=Alert, alert=Alert(pk=1), reason="published")
    client.get("/api/v1/search/", {"q": "warming shelter"})
    assert len(computed) == 2


def test_the_same_question_arriving_at_once_is_computed_once(settings, monkeypatch):
    """Right after a content change a surge asks the same question many times at once: one
    request computes, the others wait for its result instead of taking slots (or a 503)."""
    import threading

    from search import result_cache

    settings.SHARED_CACHE = True  # the generation from the cache alone: no database here
    release, started = threading.Event(), threading.Event()
    runs, answers = [], []

    def slow(run):
        runs.append(1)
        started.set()
        release.wait(5)
        return service.SearchResponse(query="x", language="en", total=0, results=[])

    def ask():
        answers.append(result_cache.cached_search("is the bridge open", record=False,
                                                  compute=slow))

    waiting = threading.Semaphore(0)
    follow = result_cache._follow

    def counted_follow(key):
        waiting.release()
        return follow(key)

    monkeypatch.setattr(result_cache, "_follow", counted_follow)
    first = threading.Thread(target=ask)
    first.start()
    assert started.wait(5)
    others = [threading.Thread(target=ask) for _ in range(3)]
    for thread in others:
        thread.start()
    assert all(waiting.acquire(timeout=5) for _ in range(3))  # all three wait on the first
    release.set()
    for thread in [first, *others]:
        thread.join(10)
    assert len(runs) == 1
    assert sorted(reused for _response, reused in answers) == [False, True, True, True]


@pytest.mark.django_db
def test_api_answers_count_in_batches_when_buffered(client, faqs, settings, monkeypatch):
    """Computed or reused, a JSON API answer's event waits for the batch (no event id is
    handed out); the search page's carries its id (written at once here on SQLite; on
    PostgreSQL with a reserved id, tests/search/test_page_reuse.py)."""
    from search import event_buffer

    settings.SEARCH_EVENTS_BUFFERED = True
    monkeypatch.setattr(event_buffer.events, "_run", lambda: None)  # flushed by hand here
    for _ in range(4):
        assert client.get("/api/v1/search/", {"q": "warming shelter"}).status_code == 200
    assert SearchEvent.objects.count() == 0  # the computed one waits too
    assert event_buffer.events.flush() == 4
    events = SearchEvent.objects.all()
    assert len(events) == 4 and {e.query for e in events} == {"warming shelter"}
    page = client.get("/search/", {"q": "warming shelter"})  # the page needs its event id
    assert page.context["response"].event_id is not None
