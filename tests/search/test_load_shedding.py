"""When every search slot is taken the excess is answered at once: 503 + Retry-After."""

import time

import pytest

from search.backends import get_backend
from search.documents import all_documents
from tests.helpers.content import make_faq


@pytest.fixture
def faqs(site):
    make_faq(question="Where is the nearest warming shelter?",
             short_answer="Millbrook Community Center is open 24 hours.")
    get_backend("database").index(all_documents())


@pytest.mark.django_db
def test_the_api_says_busy_with_retry_after_when_no_slot_is_free(client, faqs, settings):
    settings.SEARCH_CONCURRENCY = 0
    response = client.get("/api/v1/search/", {"q": "warming shelter", "lang": "es"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.json()
    assert body["error"] == "busy"
    assert "311" in body["call"] and "911" in body["call"]
    assert body["message"].startswith("La búsqueda está muy ocupada")


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "words"), [
    ("/search/", "Search is very busy"),
    ("/es/search/", "La búsqueda está muy ocupada"),
    ("/ar/search/", "البحث مشغول جدًا الآن"),
])
def test_the_page_says_busy_in_the_readers_language(client, faqs, settings, path, words):
    settings.SEARCH_CONCURRENCY = 0
    response = client.get(path, {"q": "warming shelter"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert words in page and "311" in page


@pytest.mark.django_db
def test_a_reused_result_needs_no_slot(client, faqs, settings):
    first = client.get("/api/v1/search/", {"q": "warming shelter"})
    settings.SEARCH_CONCURRENCY = 0
    again = client.get("/api/v1/search/", {"q": "warming shelter"})
    assert first.status_code == again.status_code == 200
    assert again.json()["results"] == first.json()["results"]


@pytest.mark.django_db
def test_a_busy_answer_still_says_call_911_for_danger(client, faqs, settings):
    settings.SEARCH_CONCURRENCY = 0
    page = client.get("/es/search/", {"q": "huele a gas"})
    assert page.status_code == 503
    text = page.content.decode()
    text = text[text.index("<main"):]
    assert text.index("Llame al 911 ahora") < text.index("La búsqueda está muy ocupada")
    api = client.get("/api/v1/search/", {"q": "huele a gas", "lang": "es"}).json()
    assert api["danger"]["kind"] == "gas" and api["danger"]["call"] == "911"


@pytest.mark.django_db
def test_whole_pages_are_rationed_too_even_for_a_reused_answer(client, faqs, settings):
    assert client.get("/search/", {"q": "warming shelter"}).status_code == 200
    settings.SEARCH_PAGE_RENDER_SLOTS = 0
    busy = client.get("/search/", {"q": "warming shelter"})
    assert busy.status_code == 503 and busy["Retry-After"] == "5"
    assert client.get("/api/v1/search/", {"q": "warming shelter"}).status_code == 200


@pytest.mark.django_db
def test_contact_numbers_are_read_by_one_thread_while_the_others_keep_the_last(rf, site,
                                                                              monkeypatch):
    """Every few seconds the kept numbers expire; under a surge dozens of threads read the
    contact settings at once and every answer waited about a second (p99)."""
    from search import load_shedding
    from search.held import ANY, HeldByGeneration

    request = rf.get("/api/v1/search/", HTTP_HOST="testserver")
    held = HeldByGeneration(load_shedding.NUMBERS_SECONDS)
    held._values["testserver"] = (ANY, time.monotonic() - 60, ("000", "000"))
    monkeypatch.setattr(load_shedding, "_numbers", held)
    with held._reading:  # another thread is reading them
        assert load_shedding.contact_numbers(request) == ("000", "000")
    assert load_shedding.contact_numbers(request) == ("911", "311")  # read, now it can
