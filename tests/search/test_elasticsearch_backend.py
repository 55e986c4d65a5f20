"""Against the real Elasticsearch node that `make test` provisions."""

import os
import uuid

import pytest

from search import service
from search.backends import FallbackBackend, SearchQuery, get_backend
from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import ElasticsearchBackend, alias_name, client
from search.documents import all_documents
from search.models import SynonymSet
from tests.helpers.content import make_faq

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


@pytest.fixture
def es_settings(settings):
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.SEARCH_INDEX_PREFIX = prefix = f"beacontest-{uuid.uuid4().hex[:8]}"
    yield settings
    client(os.environ["ELASTICSEARCH_URL"]).indices.delete(index=f"{prefix}-*",
                                                           ignore_unavailable=True)


@pytest.fixture
def faqs(site, es_settings):
    made = [
        make_faq(question="Where is the nearest warming shelter?",
                 short_answer="Millbrook Community Center is open 24 hours."),
        make_faq(question="When is garbage collected?", short_answer="Mondays."),
        make_faq(question="Is the tap water safe to drink?", short_answer="Boil it first."),
    ]
    ElasticsearchBackend().rebuild(all_documents())
    return made


def test_typo_and_hunspell_stemming(faqs):
    backend = ElasticsearchBackend()
    assert backend.search(SearchQuery("shleter")).hits[0].object_id == faqs[0].pk
    assert backend.search(SearchQuery("shelters")).hits[0].object_id == faqs[0].pk
    assert backend.search(SearchQuery("collecting garbage")).hits[0].object_id == faqs[1].pk


def test_same_result_shape_as_the_database_backend(faqs):
    DatabaseBackend().rebuild(all_documents())
    es = ElasticsearchBackend().search(SearchQuery("tap water safe")).hits[0]
    db = DatabaseBackend().search(SearchQuery("tap water safe")).hits[0]
    assert set(es.as_api()) == set(db.as_api())
    assert (es.doc_type, es.object_id, es.title) == (db.doc_type, db.object_id, db.title)


def test_synonyms_and_instant_answer_through_the_service(faqs):
    SynonymSet.objects.create(terms="trash, garbage, refuse collection")
    response = service.search("trash pickup")
    assert response.backend == "elasticsearch"
    assert response.results[0].object_id == faqs[1].pk
    assert service.search("is the water safe").answer["text"] == "Boil it first."


def test_rebuild_swaps_the_alias_and_drops_the_old_index(faqs, es_settings):
    es = client(es_settings.ELASTICSEARCH_URL)
    before = set(es.indices.get_alias(name=alias_name("en")))
    make_faq(question="Are libraries open as warming spots?")
    ElasticsearchBackend().rebuild(all_documents())
    after = set(es.indices.get_alias(name=alias_name("en")))
    assert before.isdisjoint(after) and len(after) == 1
    assert not es.indices.exists(index=list(before)[0])
    assert ElasticsearchBackend().search(SearchQuery("libraries")).total == 1


def test_publish_and_unpublish_reindex_incrementally(faqs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        faq = make_faq(question="How do I recycle batteries?")  # publish -> Celery (eager)
    assert ElasticsearchBackend().search(SearchQuery("batteries")).hits[0].object_id == faq.pk
    with django_capture_on_commit_callbacks(execute=True):
        faq.unpublish()
    assert ElasticsearchBackend().search(SearchQuery("batteries")).total == 0


def test_down_elasticsearch_falls_back_to_the_database(faqs, caplog):
    DatabaseBackend().rebuild(all_documents())
    dead = FallbackBackend(ElasticsearchBackend("http://127.0.0.1:1"), DatabaseBackend())
    results = dead.search(SearchQuery("warming shelter"))
    assert results.backend == "database (fallback)"
    assert results.hits[0].object_id == faqs[0].pk
    assert "falling back to the database" in caplog.text
    assert dead.suggest("warm")[0]["text"].startswith("Where is the nearest warming")


def test_api_keeps_answering_when_elasticsearch_is_unreachable(client, faqs, es_settings):
    DatabaseBackend().rebuild(all_documents())
    es_settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    data = client.get("/api/v1/search/", {"q": "warming shelter"}).json()
    assert data["results"][0]["title"] == "Where is the nearest warming shelter?"
    from search.models import SearchEvent

    assert SearchEvent.objects.latest("id").backend == "database (fallback)"


def test_autocomplete_suggests_titles_by_prefix(faqs):
    titles = [s["text"] for s in get_backend().suggest("when is g")]
    assert titles == ["When is garbage collected?"]
    assert [s["text"] for s in get_backend().suggest("is the tap")] == [
        "Is the tap water safe to drink?"]


def test_an_index_from_before_vectors_answers_lexically_not_from_the_fallback(site, es_settings):
    """After an upgrade and before `search_reindex`, the live index has no vector fields:
    kNN fails, search still answers from Elasticsearch with BM25."""
    faq = make_faq(question="When is garbage collected?", short_answer="Mondays.")
    es = client(es_settings.ELASTICSEARCH_URL)
    name = f"{alias_name('en')}-old"
    es.indices.create(index=name, mappings={"properties": {
        "key": {"type": "keyword"}, "doc_type": {"type": "keyword"},
        "object_id": {"type": "long"}, "title": {"type": "text"}, "body": {"type": "text"},
        "short_answer": {"type": "text"}, "keywords": {"type": "text"},
        "topics": {"type": "keyword"}, "boost": {"type": "float"},
        "status": {"type": "keyword"}, "url": {"type": "keyword", "index": False}}})
    es.indices.put_alias(index=name, name=alias_name("en"))
    es.index(index=name, id=f"faq:{faq.pk}", refresh=True, document={
        "key": f"faq:{faq.pk}", "doc_type": "faq", "object_id": faq.pk,
        "title": faq.question, "body": "", "short_answer": "Mondays.", "keywords": "",
        "topics": [], "boost": 1.0, "status": "", "url": "/faq/x/"})
    response = service.search("when is garbage collected", record=False)
    assert response.backend == "elasticsearch"  # not "database (fallback)"
    assert response.results[0].object_id == faq.pk
