"""A search page of a reused answer is rendered once per process and served by the WSGI
front with each request's own event and tokens (search.page_reuse); anything that changes
what the page shows, or that belongs to one resident, goes to Django."""

import re
from urllib.parse import unquote_plus

import pytest

from content.models import FAQ
from search.backends import get_backend
from search.documents import all_documents
from search.models import BestBet, SearchEvent
from tests.helpers.content import make_faq
from tests.helpers.wsgi_front import call, front_app

TOKENS = re.compile(r'(?:name="after" value|click\?t)="?([^"&]+)')


@pytest.fixture
def front(site):
    make_faq(question="Where is the nearest warming shelter?",
             short_answer="Millbrook Community Center is open 24 hours.")
    make_faq(question="When is garbage collected?", short_answer="Trash is picked up weekly.")
    get_backend("database").index(all_documents())
    return front_app()


def no_django(*args):
    pytest.fail("Django was called")


def counting(front, monkeypatch):
    """Each request that reaches Django, by its query string."""
    reached, real = [], front.application
    monkeypatch.setattr(front, "application",
                        lambda e, s: reached.append(e["QUERY_STRING"]) or real(e, s))
    return reached


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_repeated_search_page_comes_from_the_front_with_its_own_event(front, monkeypatch,
                                                                         client):
    status, headers, body = call(front, "/search/", "q=warming+shelter")
    assert status == 200 and headers["X-Search-Result"] == "computed"
    monkeypatch.setattr(front, "application", no_django)
    events = SearchEvent.objects.count()
    status, fast_headers, fast_body = call(front, "/search/", "q=warming+shelter")
    assert status == 200 and fast_headers["X-Search-Result"] == "reused"
    assert SearchEvent.objects.count() == events + 1  # counted like any search
    # The same page, but for the tokens that tie it to one search: none shared.
    assert TOKENS.sub("T", fast_body.decode()) == TOKENS.sub("T", body.decode())
    assert not set(TOKENS.findall(fast_body.decode())) & set(TOKENS.findall(body.decode()))
    assert "Where is the nearest warming shelter?" in fast_body.decode()
    assert "beacon-" not in fast_body.decode()
    for name in ("Content-Type", "Content-Language", "X-Content-Type-Options",
                 "Content-Security-Policy", "Cache-Control"):
        assert fast_headers[name] == headers[name]
    # Its first result's link counts a click on this search's own event.
    token = TOKENS.findall(fast_body.decode())[1]
    response = client.get("/search/click", {"t": unquote_plus(token)})
    assert response.status_code == 302
    newest = SearchEvent.objects.order_by("-pk").first()
    assert newest.clicked_rank == 1
    assert SearchEvent.objects.exclude(pk=newest.pk).filter(clicked_rank=1).count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_spanish_page_is_held_in_spanish_with_its_danger_box(front, monkeypatch):
    _, _, body = call(front, "/es/search/", "q=huele+a+gas")
    monkeypatch.setattr(front, "application", no_django)
    status, headers, fast_body = call(front, "/es/search/", "q=huele+a+gas")
    page = fast_body.decode()
    assert status == 200 and headers["Content-Language"] == "es" and 'lang="es"' in page
    assert 'class="danger-box"' in page and "Llame al 911 ahora" in page
    assert TOKENS.sub("T", page) == TOKENS.sub("T", body.decode())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_new_content_and_a_crisis_change_show_on_the_next_page(front, monkeypatch):
    from portal import page_cache
    from search import indexing

    call(front, "/search/", "q=garbage+collected")
    reached = counting(front, monkeypatch)
    call(front, "/search/", "q=garbage+collected")
    assert reached == []  # held
    shelter = FAQ.objects.get(question="Where is the nearest warming shelter?")
    BestBet.objects.create(query="garbage collected", faq=shelter)  # staff: search only
    _, _, body = call(front, "/search/", "q=garbage+collected")
    assert reached == ["q=garbage+collected"]  # the answer changed, the banner did not
    first = body.decode().index('<ol class="results"')
    assert body.decode().index("warming shelter", first) < body.decode().index("garbage", first)
    reached.clear()
    faq = make_faq(question="When is garbage collected after the storm?",
                   short_answer="Pickup resumes Thursday.")
    indexing.reindex_many([("content.FAQ", faq.pk)])
    _, _, body = call(front, "/search/", "q=garbage+collected")
    assert reached == ["q=garbage+collected"]  # the content generation moved
    assert "When is garbage collected after the storm?" in body.decode()
    call(front, "/search/", "q=garbage+collected")
    assert len(reached) == 1
    page_cache.invalidate("crisis mode changed")  # what the banner shows may differ
    call(front, "/search/", "q=garbage+collected")
    assert len(reached) == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_what_belongs_to_one_resident_goes_to_django(front, monkeypatch, settings):
    call(front, "/search/", "q=warming+shelter")
    reached = counting(front, monkeypatch)
    call(front, "/search/", "q=warming+shelter",
         HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc")  # signed in
    call(front, "/search/", "q=warming+shelter&after=1:x")  # searching again: a repeat
    call(front, "/search/", "q=warming+shelter&page=2")
    call(front, "/search/", "q=warming+shelter", HTTP_X_BEACON_STATIC_MIRROR="1")
    call(front, "/search/", "q=warming+shelter")
    assert reached == ["q=warming+shelter", "q=warming+shelter&after=1:x",
                       "q=warming+shelter&page=2", "q=warming+shelter"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_front_keeps_the_search_pages_rate_limit(front, monkeypatch, settings):
    call(front, "/search/", "q=warming+shelter")
    settings.SEARCH_PAGE_PER_MINUTE = 1
    monkeypatch.setattr(front, "application", no_django)
    assert call(front, "/search/", "q=warming+shelter")[0] == 200
    status, headers, _ = call(front, "/search/", "q=warming+shelter")
    assert status == 429 and int(headers["Retry-After"]) > 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_a_pages_event_waits_for_the_batch_and_so_does_its_click(
        front, settings, monkeypatch, client):
    from search import event_buffer

    settings.SEARCH_EVENTS_BUFFERED = True
    monkeypatch.setattr(event_buffer.events, "_run", lambda: None)  # flushed by hand here
    call(front, "/search/", "q=warming+shelter")
    event_buffer.events.flush()
    before = set(SearchEvent.objects.values_list("pk", flat=True))
    pages = [call(front, "/search/", "q=warming+shelter")[2].decode() for _ in range(2)]
    assert set(SearchEvent.objects.values_list("pk", flat=True)) == before  # not yet
    token = TOKENS.findall(pages[1])[1]
    assert client.get("/search/click", {"t": unquote_plus(token)}).status_code == 302
    assert event_buffer.events.flush() == 2  # the two events, then the click on the second
    new = SearchEvent.objects.exclude(pk__in=before).order_by("pk")
    assert [(e.query, e.clicked_rank) for e in new] == [("warming shelter", None),
                                                         ("warming shelter", 1)]
    assert str(new[1].pk) in unquote_plus(token)  # the id the page was given is the row's
