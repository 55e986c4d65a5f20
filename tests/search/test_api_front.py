"""Reused API answers are given by the WSGI front, exactly as Django gives them."""

import json

import pytest

from search import api_front
from search.backends import get_backend
from search.documents import all_documents
from search.models import SearchEvent
from tests.helpers.content import make_faq
from tests.helpers.wsgi_front import call as wsgi_call
from tests.helpers.wsgi_front import front_app


def call(app, query, **extra):
    return wsgi_call(app, "/api/v1/search/", query, **extra)


@pytest.fixture
def front(site):
    make_faq(question="Where is the nearest warming shelter?",
             short_answer="Millbrook Community Center is open 24 hours.")
    get_backend("database").index(all_documents())
    return front_app()


def no_django(*args):
    pytest.fail("Django was called")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reused_answer_comes_from_the_front_the_same_as_from_django(front, monkeypatch):
    status, headers, body = call(front, "q=warming+shelter")
    assert status == 200 and headers["X-Search-Result"] == "computed"
    real = front.application
    monkeypatch.setattr(front, "application", no_django)
    status, fast_headers, fast_body = call(front, "q=warming++shelter%20")
    assert status == 200 and fast_headers["X-Search-Result"] == "reused"
    assert json.loads(fast_body) == {**json.loads(body), "query": "warming shelter"}
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Vary", "Content-Type"):
        assert fast_headers[name] == headers[name]
    assert SearchEvent.objects.filter(query="warming shelter", source="api").count() == 2
    monkeypatch.setattr(front, "application", real)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_danger_first_from_the_front_too(front, monkeypatch):
    call(front, "q=huele+a+gas&lang=es")
    monkeypatch.setattr(front, "application", no_django)
    status, _, body = call(front, "q=huele+a+gas&lang=es")
    answer = json.loads(body)
    assert status == 200 and next(iter(answer)) == "danger"
    assert answer["danger"]["title"] == "Llame al 911 ahora"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_misses_and_anything_to_validate_go_to_django(front, monkeypatch):
    call(front, "q=warming+shelter")  # Django answered this path once: headers learned
    reached = []
    real = front.application
    monkeypatch.setattr(front, "application",
                        lambda e, s: reached.append(e["QUERY_STRING"]) or real(e, s))
    assert call(front, "q=trash+pickup")[0] == 200  # not reused yet: computed by Django
    assert call(front, "q=warming+shelter&limit=ten")[0] == 400
    assert call(front, "q=")[0] == 400
    assert reached == ["q=trash+pickup", "q=warming+shelter&limit=ten", "q="]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_front_keeps_the_apis_rate_limit(front, monkeypatch):
    call(front, "q=warming+shelter")  # Django answers first: headers learned, result stored
    monkeypatch.setattr(api_front, "SEARCH_API_RATE", ("search-api", 1))
    monkeypatch.setattr(front, "application", no_django)
    assert call(front, "q=warming+shelter")[0] == 200
    status, headers, body = call(front, "q=warming+shelter")
    assert status == 429 and int(headers["Retry-After"]) > 0
    assert "Too many requests" in json.loads(body)["error"]


@pytest.fixture
def line_of_one(site, settings):
    """A front whose process may hand Django one search at a time and waits 20 ms for it."""
    settings.SEARCH_CONCURRENCY, settings.SEARCH_QUEUE, settings.SEARCH_QUEUE_WAIT = 1, 0, 0.02
    make_faq(question="Where is the nearest warming shelter?",
             short_answer="Millbrook Community Center is open 24 hours.")
    get_backend("database").index(all_documents())
    return front_app()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_past_the_line_a_search_is_told_busy_by_the_front_without_django(line_of_one,
                                                                         monkeypatch):
    front = line_of_one
    real = front.application
    assert call(front, "q=warming+shelter")[0] == 200  # headers learned, answer stored
    assert call(front, "q=trash+pickup")[0] == 200  # each place is given back after Django
    assert call(front, "q=bus+schedule")[0] == 200
    assert front.search_line.enter(held := [])  # another search is computing in Django
    monkeypatch.setattr(front, "application", no_django)
    events = SearchEvent.objects.count()
    status, headers, body = call(front, "q=huele+a+gas+en+la+cocina&lang=es")
    answer = json.loads(body)
    assert status == 503 and headers["Retry-After"] == "5" and headers["Cache-Control"] == "no-store"
    assert next(iter(answer)) == "danger" and answer["danger"]["title"] == "Llame al 911 ahora"
    assert answer["error"] == "busy" and answer["message"].startswith("La búsqueda está muy ocupada")
    assert headers["X-Content-Type-Options"] == "nosniff"  # the headers Django gives, learned
    assert call(front, "q=warming+shelter")[0] == 200  # a reused answer needs no place
    assert SearchEvent.objects.count() == events + 1  # the busy answer answered nothing
    front.search_line.leave()  # that search ended: the next one is Django's again
    monkeypatch.setattr(front, "application", real)
    status, headers, _ = call(front, "q=warming+shelter+hours")
    assert held and status == 200 and headers["X-Search-Result"] == "computed"
