"""What each process keeps between searches (staff rules, result fields) is never stale
past a change: held while the content generation or the index stamp stays, read again
after."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from search import service
from search.backends import database_held, get_backend
from search.documents import all_documents
from search.models import BestBet, SearchEntry, SynonymSet
from tests.helpers.content import make_faq


@pytest.fixture
def pothole(faqs):
    """A third FAQ beside the two of the `faqs` fixture (tests/search/conftest.py)."""
    faq = make_faq(question="How do I report a pothole?", short_answer="Call 311.")
    get_backend("database").index(all_documents())
    return faq


def _tables_read(queries):
    return {table for query in queries for table in (BestBet._meta.db_table,
                                                     SynonymSet._meta.db_table,
                                                     SearchEntry._meta.db_table)
            if f'"{table}"' in query["sql"] or f" {table} " in query["sql"]}


@pytest.mark.django_db
def test_a_warm_search_reads_no_staff_rules_and_no_entry_it_has_met(faqs, settings):
    settings.SEARCH_BACKEND = "database"
    service.search("warming shelter", backend=get_backend("database"))
    with CaptureQueriesContext(connection) as queries:
        response = service.search("warming shelter open", backend=get_backend("database"))
    assert response.results[0].object_id == faqs[0].pk
    assert _tables_read(queries.captured_queries) == set()


@pytest.mark.django_db
def test_a_best_bet_applies_to_the_very_next_search(faqs):
    backend = get_backend("database")
    assert service.search("pickup day", backend=backend).best_bets == []
    BestBet.objects.create(query="pickup day", faq=faqs[1])
    response = service.search("Pickup  DAY", backend=backend)
    assert [hit.object_id for hit in response.best_bets] == [faqs[1].pk]
    assert response.results[0].object_id == faqs[1].pk


@pytest.mark.django_db
def test_a_synonym_set_applies_to_the_very_next_search(faqs):
    backend = get_backend("database")
    before = service.search("rubbish", backend=backend, mode="lexical")
    assert faqs[1].pk not in [hit.object_id for hit in before.results]
    SynonymSet.objects.create(terms="rubbish, garbage")
    after = service.search("rubbish", backend=backend, mode="lexical")
    assert after.results and after.results[0].object_id == faqs[1].pk


@pytest.mark.django_db
def test_an_entry_another_process_changed_shows_once_the_stamp_is_checked(pothole, monkeypatch):
    backend = get_backend("database")
    first = service.search("pothole", backend=backend).results[0]
    assert first.title == "How do I report a pothole?"
    # Another process reindexed it: the row changes under this process's memo.
    SearchEntry.objects.filter(key=first.key).update(title="How do I report a road hole?",
                                                     updated_at=timezone.now())
    monkeypatch.setattr(database_held, "MATRIX_CHECK_SECONDS", 0.0)
    assert service.search("pothole", backend=backend).results[0].title == (
        "How do I report a road hole?")


@pytest.mark.django_db
def test_a_change_another_process_announced_is_read_by_the_next_search(pothole):
    """Another process reindexed an entry and bumped the content generation: the very next
    search here (well inside MATRIX_CHECK_SECONDS) is computed from the new row, so the
    answer stored for everyone is not built from what this process held."""
    from search import generation, result_cache

    first, _ = result_cache.cached_search("pothole", record=False)
    assert first.results[0].title == "How do I report a pothole?"
    SearchEntry.objects.filter(key=first.results[0].key).update(
        title="How do I report a road hole?", updated_at=timezone.now())
    generation.bump("reindexed by another process")
    again, reused = result_cache.cached_search("pothole", record=False)
    assert not reused
    assert again.results[0].title == "How do I report a road hole?"


@pytest.mark.django_db
def test_a_word_another_process_indexed_is_searchable_at_once(faqs):
    """A new FAQ's words reach this process's vocabulary with the generation bump, not a
    minute later (VOCABULARY_TTL)."""
    from search import generation, result_cache
    from search.models import SearchTerm

    assert result_cache.cached_search("legionella", record=False)[0].results == []
    # What another process's index write leaves in the tables.
    entry = SearchEntry.objects.create(key="faq:999001", doc_type="faq", object_id=999001,
                                       language="en", title="Is legionella in the tap water?",
                                       url="/faq/legionella/", snippet="No.")
    SearchTerm.objects.create(entry=entry, language="en", term="legionella", weight=3.0)
    generation.bump("indexed by another process")
    found = result_cache.cached_search("legionella", record=False)[0]
    assert [hit.key for hit in found.results] == ["faq:999001"]
