"""A search request reads the content generations and its stored answer from the cache once
(search.generation.read_once around the WSGI front's search paths): the front and Django
asked seven times for the same two counters, a round trip each, on every search page."""

from collections import Counter

import pytest

from portal import page_cache
from search import generation, result_cache
from search.backends import get_backend
from search.documents import all_documents
from tests.helpers.content import make_faq
from tests.helpers.wsgi_front import call, front_app

READERS = ((generation, "_read_counter"), (page_cache, "_current_generation"),
           (result_cache, "_read"))


@pytest.fixture
def reads(monkeypatch):
    """How many times each reader went to the cache (or database), by name."""
    seen = Counter()
    for module, name in READERS:
        real = getattr(module, name)
        monkeypatch.setattr(module, name,
                            lambda *args, _real=real, _name=name: seen.update([_name])
                            or _real(*args))
    return seen


# The WSGI handler closes the database connection after each request, as a server's does.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_search_page_reads_each_generation_and_its_answer_once(site, reads):
    make_faq(question="Where is the nearest warming shelter?",
             short_answer="Millbrook Community Center is open 24 hours.")
    make_faq(question="When is garbage collected?", short_answer="Trash is picked up weekly.")
    get_backend("database").index(all_documents())
    front = front_app()
    assert call(front, "/search/", "q=warming+shelter")[0] == 200  # the front learns headers
    reads.clear()
    # Now the front looks for a held page and a stored answer before Django renders.
    status, headers, body = call(front, "/search/", "q=garbage+collected")
    assert status == 200 and headers["X-Search-Result"] == "computed"
    assert "When is garbage collected?" in body.decode()
    assert reads == {"_read_counter": 1, "_current_generation": 1, "_read": 1}
    reads.clear()
    status, headers, _ = call(front, "/search/", "q=garbage+collected")
    assert status == 200 and headers["X-Search-Result"] == "reused"
    assert reads["_read_counter"] == 1 and reads["_current_generation"] == 1


@pytest.mark.django_db
def test_a_change_inside_one_request_is_read_again(site, reads):
    with generation.read_once():
        search_before = generation.counter()
        page_before = page_cache.current_generation()
        assert generation.counter() == search_before
        assert page_cache.current_generation() == page_before
        assert reads == {"_read_counter": 1, "_current_generation": 1}
        generation.bump("test")
        page_cache.invalidate("test")
        assert generation.counter() != search_before
        assert page_cache.current_generation() != page_before
    # Outside a search request every call reads.
    generation.counter()
    generation.counter()
    assert reads["_read_counter"] == 4
