"""Search pages before Django (search.page_front through portal.wsgi_front): past this
process's line, a page that would compute a search is told "busy" by the front; pages
whose answer is reused still render."""

import pytest

from search.backends import get_backend
from search.documents import all_documents
from search.models import SearchEvent
from tests.helpers.content import make_faq
from tests.helpers.wsgi_front import call, front_app


@pytest.fixture
def full_line(site, settings):
    """A front whose only place in the search line is taken, after one page has taught it
    the headers Django gives search pages and stored the answer to "warming shelter"."""
    settings.SEARCH_CONCURRENCY, settings.SEARCH_QUEUE, settings.SEARCH_QUEUE_WAIT = 1, 0, 0.02
    make_faq(question="Where is the nearest warming shelter?",
             short_answer="Millbrook Community Center is open 24 hours.")
    get_backend("database").index(all_documents())
    front = front_app()
    status, headers, _ = call(front, "/search/", "q=warming+shelter")
    assert status == 200 and headers["X-Search-Result"] == "computed"
    assert front.search_line.enter([])  # a search computing elsewhere in this process
    return front


def no_django(*args):
    pytest.fail("Django was called")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_past_the_line_a_search_page_is_busy_from_the_front_in_its_language(full_line,
                                                                          monkeypatch):
    real = full_line.application
    monkeypatch.setattr(full_line, "application", no_django)
    events = SearchEvent.objects.count()
    status, headers, body = call(full_line, "/es/search/", "q=huele+a+gas")
    page = body.decode()
    assert status == 503 and headers["Retry-After"] == "5" and headers["Cache-Control"] == "no-store"
    assert 'lang="es"' in page and "La búsqueda está muy ocupada" in page
    assert page.index("Llame al 911 ahora") < page.index("<h1>")  # danger first
    assert 'href="/es/faq/"' in page  # browse the questions, in Spanish
    assert headers["X-Content-Type-Options"] == "nosniff"  # learned from Django's page
    assert SearchEvent.objects.count() == events  # nothing was answered
    monkeypatch.setattr(full_line, "application", real)
    status, headers, _ = call(full_line, "/search/", "q=warming+shelter")
    assert status == 200 and headers["X-Search-Result"] == "reused"  # no search, no place
    assert call(full_line, "/search/", "q=trash+pickup&page=2")[0] == 200  # Django's slots
    full_line.search_line.leave()
    status, headers, _ = call(full_line, "/search/", "q=trash+pickup")
    assert status == 200 and headers["X-Search-Result"] == "computed"
