"""What a probe of the search page through the real front found (2026-12-06): a held page
must not cost a process more than a normal one, count a search Django would not, let a
query take its own result links' tokens, tell strangers that somebody asked, show an old
emergency number, or fail on a NUL in the topic."""

import re
from urllib.parse import quote_plus, unquote_plus

from wagtail.models import Site

import pytest

from portal.models import CrisisSettings
from search import page_reuse
from search.models import SearchEvent
from tests.helpers.wsgi_front import call
from tests.search.test_page_reuse import TOKENS, counting, front  # noqa: F401 (fixture)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_query_longer_than_the_search_reads_is_never_held(front, monkeypatch):  # noqa: F811
    """Only its first 200 characters are searched: every such page is the same answer with
    the whole text shown three times, so each would be held (~300 kB for 60,000 characters)."""
    reached = counting(front, monkeypatch)
    query = "q=warming+shelter+" + "x" * 5000
    for _ in range(2):
        status, _headers, body = call(front, "/search/", query)
        assert status == 200 and "warming shelter" in body.decode()
    assert len(reached) == 2
    assert not page_reuse.held_pages._pages


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_query_with_nothing_to_search_and_a_head_request_count_no_search(
        front, monkeypatch):  # noqa: F811
    call(front, "/search/", "q=warming+shelter")  # held from now on
    events = SearchEvent.objects.count()
    status, _headers, _body = call(front, "/search/", "q=warming+shelter", REQUEST_METHOD="HEAD")
    assert status == 405  # Django's answer to HEAD on the search page, held or not
    for _ in range(2):
        status, _headers, body = call(front, "/search/", "q=%3F%3F%3F%3F%3F")
        assert status == 200 and not re.search(r'name="after" value="[^"]', body.decode())
    assert SearchEvent.objects.count() == events


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_query_cannot_take_its_result_links_tokens(front, client):  # noqa: F811
    """A marker typed in the query (the page shows the query before the results) must not
    be where the first result's token goes: its link would count no click."""
    query = "q=" + quote_plus("beacon-click-1-mark beacon-after-mark warming shelter")
    for _ in range(2):  # rendered by Django, then served held
        _status, _headers, body = call(front, "/search/", query)
        page = body.decode()
        link = page[page.index('<ol class="results"'):]
        token = TOKENS.findall(link)[0]
        assert client.get("/search/click", {"t": unquote_plus(token)}).status_code == 302
        assert page_reuse.CLICK_MARK.format(1) not in page
        assert page_reuse.AFTER_MARK not in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_public_no_answer_says_whether_it_was_reused(front, settings, client):  # noqa: F811
    settings.SEARCH_RESULT_HEADER = False
    for _ in range(2):  # computed by Django, then held by the front
        _status, headers, _body = call(front, "/search/", "q=warming+shelter")
        assert "X-Search-Result" not in headers
    for _ in range(2):  # the API: Django, then the front
        status, headers, _body = call(front, "/api/v1/search/", "q=garbage+collected")
        assert status == 200 and "X-Search-Result" not in headers
    settings.SEARCH_RESULT_HEADER = True  # load tests and development
    _status, headers, _body = call(front, "/search/", "q=warming+shelter")
    assert headers["X-Search-Result"] == "reused"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_emergency_number_is_in_the_danger_box_at_once(front):  # noqa: F811
    _status, _headers, body = call(front, "/search/", "q=i+smell+gas")
    assert 'href="tel:911"' in body.decode()
    crisis = CrisisSettings.for_site(Site.objects.get(is_default_site=True))
    crisis.emergency_number = "999"
    crisis.save()
    _status, _headers, body = call(front, "/search/", "q=i+smell+gas")
    assert 'href="tel:999"' in body.decode() and 'href="tel:911"' not in body.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_nul_in_the_topic_is_no_topic(front):  # noqa: F811
    """PostgreSQL refuses a NUL in a query: the page answered 500."""
    status, _headers, body = call(front, "/search/", "q=warming+shelter&topic=%00")
    assert status == 200 and "Where is the nearest warming shelter?" in body.decode()
