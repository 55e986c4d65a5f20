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
def faqs(site):
    found = [
        make_faq(question="Where is the nearest warming shelter?",
                 short_answer="Millbrook Community Center is open 24 hours."),
        make_faq(question="When is garbage collected?", short_answer="Mondays."),
        make_faq(question="How do I report a pothole?", short_answer="Call 311."),
    ]
    get_backend("database").index(all_documents())
    return found


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
def test_an_entry_another_process_changed_shows_once_the_stamp_is_checked(faqs, monkeypatch):
    backend = get_backend("database")
    first = service.search("pothole", backend=backend).results[0]
    assert first.title == "How do I report a pothole?"
    # Another process reindexed it: the row changes under this process's memo.
    SearchEntry.objects.filter(key=first.key).update(title="How do I report a road hole?",
                                                     updated_at=timezone.now())
    monkeypatch.setattr(database_held, "MATRIX_CHECK_SECONDS", 0.0)
    assert service.search("pothole", backend=backend).results[0].title == (
        "How do I report a road hole?")
