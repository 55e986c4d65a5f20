"""Hybrid search as residents meet it, on both backends: a question in other words finds its
answer; a question the site cannot answer well is said to be so and reaches the gap queue
even though it returned results."""

import contextlib
import os
import uuid

import pytest

from search import service
from search.backends import get_backend
from search.documents import all_documents
from search.models import SearchEvent
from tests.helpers.content import make_faq

# The sentence that answers "where can I get rid of fridge food that went off" comes after
# 200 words about other things: a single vector of the text's opening never sees it.
LONG_CHECKLIST = "".join(f"<p>{sentence}</p>" for sentence in [
    "Stay away from downed lines and report them to Alder Power at once.",
    "Photograph any damage to your home before you begin to clean up.",
    "Call your insurance company and keep every receipt for repairs.",
    "Run generators outdoors only, at least six metres from windows and doors.",
    "Check on older neighbours and anyone living alone on your street.",
    "Do not drive through standing water; half a metre can float a car.",
    "Wear boots and gloves when you move branches or broken glass.",
    "Keep children and pets away from puddles near damaged wiring.",
    "Ask a licensed electrician to inspect appliances that were under water.",
    "Pile tree limbs at the kerb, apart from other debris, for the chipper crews.",
    "Spoiled food from refrigerators and freezers can be dropped off in sealed bags at "
    "the Pier 9 transfer station until Sunday.",
])


BACKENDS = ["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]


@contextlib.contextmanager
def indexed_on(backend_name, settings):
    """Everything published so far, indexed on `backend_name` (throwaway Elasticsearch
    indexes, deleted afterwards)."""
    if backend_name == "elasticsearch":
        from search.backends.elasticsearch import ElasticsearchBackend, client

        settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
        settings.SEARCH_BACKEND = "elasticsearch"
        settings.SEARCH_INDEX_PREFIX = prefix = f"beacontest-{uuid.uuid4().hex[:8]}"
        ElasticsearchBackend().rebuild(all_documents())
        get_backend("database").rebuild(all_documents())  # always indexed too, as in production
        try:
            yield
        finally:
            client(os.environ["ELASTICSEARCH_URL"]).indices.delete(index=f"{prefix}-*",
                                                                   ignore_unavailable=True)
    else:
        settings.SEARCH_BACKEND = "database"
        get_backend("database").rebuild(all_documents())
        yield


@pytest.fixture(params=BACKENDS)
def faqs(request, settings, site):
    made = [
        make_faq(question="Where is the nearest warming shelter?",
                 short_answer="Millbrook Community Center is open 24 hours."),
        make_faq(question="When is garbage collected?", short_answer="Mondays."),
        make_faq(question="Is the tap water safe to drink?", short_answer="Boil it first."),
        make_faq(question="After the storm: a checklist", short_answer="What to do, in order.",
                 answer=LONG_CHECKLIST),
    ]
    with indexed_on(request.param, settings):
        yield made


@pytest.mark.django_db
@pytest.mark.parametrize("query, expected", [
    ("somewhere heated to sleep tonight", 0),  # not one word in common with the FAQ
    ("which day do they take the bins", 1),
])
def test_a_paraphrase_without_a_shared_word_finds_its_answer(client, faqs, query, expected):
    assert service.search(query, mode="lexical", record=False).total == 0  # words alone fail
    data = client.get("/api/v1/search/", {"q": query}).json()
    assert data["results"][0]["id"] == faqs[expected].pk, data
    assert SearchEvent.objects.latest("pk").backend == get_backend().name  # no fallback


@pytest.mark.django_db
def test_nothing_related_still_gets_no_results(client, faqs):
    data = client.get("/api/v1/search/", {"q": "quarterly bond auction prospectus"}).json()
    assert data["total"] == 0 and data["confident"] is False
    assert SearchEvent.objects.latest("pk").flag == "no_results"


@pytest.mark.django_db
def test_results_without_a_good_answer_are_flagged_and_said_plainly(client, admin_client, faqs):
    query = "garbage disposal repair under my kitchen sink"
    page = client.get("/search/", {"q": query}).content.decode()
    assert "When is garbage collected?" in page  # it returned something...
    assert "We are not sure these answer your question" in page  # ...and says it may not help
    assert "Ask us: call" in page
    event = SearchEvent.objects.latest("pk")
    assert event.result_count > 0 and event.flag == "low_confidence"
    report = admin_client.get("/admin/reports/search-gaps/?period=24h")
    row = next(r for r in report.context["rows"] if r["query"] == query)
    assert row["reasons"] == [("Results, but none close enough", 1)]
    assert "Results, but none close enough: 1" in report.content.decode()


@pytest.mark.django_db
def test_a_confident_answer_is_not_flagged_and_shows_no_doubt(client, faqs):
    page = client.get("/search/", {"q": "is tap water safe to drink"}).content.decode()
    assert "We are not sure" not in page and "Boil it first." in page  # the instant answer
    assert SearchEvent.objects.latest("pk").flag == ""


@pytest.mark.django_db
def test_an_answer_deep_in_a_long_faq_is_found_by_its_passage(faqs):
    """Semantic only, so the words cannot help: the checklist is found by the meaning of
    its last paragraph."""
    results = service.search("where can I throw out fridge food that went bad", mode="semantic",
                             record=False)
    assert results.results[0].object_id == faqs[3].pk, [hit.title for hit in results.results]



# The same FAQs in Spanish and Arabic, embedded by the multilingual model: a resident's
# question in other words, sharing no word with the answer, still finds it.
TRANSLATED = {
    "es": [("¿Dónde está el refugio de calefacción más cercano?",
            "El Centro Comunitario Millbrook abre las 24 horas."),
           ("¿Cuándo se recoge la basura?", "Los lunes."),
           ("¿Es segura el agua del grifo para beber?", "Hiérvala primero.")],
    "ar": [("أين يقع أقرب ملجأ للتدفئة؟", "مركز ميلبروك المجتمعي مفتوح على مدار الساعة."),
           ("متى يتم جمع القمامة؟", "أيام الاثنين."),
           ("هل مياه الصنبور آمنة للشرب؟", "اغلها أولاً.")],
}


@pytest.fixture(params=BACKENDS)
def translated_faqs(request, settings, site):
    from wagtail.models import Locale

    made = {}
    for language, pairs in TRANSLATED.items():
        locale, _ = Locale.objects.get_or_create(language_code=language)
        made[language] = [make_faq(locale=locale, question=question, short_answer=answer,
                                   answer=f"<p>{answer}</p>") for question, answer in pairs]
    with indexed_on(request.param, settings):
        yield made


@pytest.mark.django_db
@pytest.mark.parametrize("language, query, expected", [
    ("es", "qué día pasa el camión de los desechos", 1),  # which day does the waste truck come
    # which day does the street sweeper come (الزبالة would now meet القمامة lexically:
    # search/arabic.py's everyday words)
    ("ar", "في أي نهار يمر عامل النظافة", 1),
])
def test_spanish_and_arabic_paraphrases_find_their_answer(client, translated_faqs, language,
                                                          query, expected):
    assert service.search(query, language=language, mode="lexical", record=False).total == 0
    data = client.get("/api/v1/search/", {"q": query, "lang": language}).json()
    assert data["results"][0]["id"] == translated_faqs[language][expected].pk, data
    assert SearchEvent.objects.latest("pk").backend == get_backend().name


@pytest.mark.django_db
def test_arabic_question_words_and_spelling_variants_do_not_stop_a_confident_answer(
        translated_faqs):
    """"What is / is the tap water safe", typed as residents type it: question words
    ("ما هي") carry nothing to match, and آمنة is often typed امنه (no hamza, ه for ة)."""
    tap_water = translated_faqs["ar"][2]
    for query in ("ما هي مياه الصنبور", "هل مياه الصنبور امنه"):
        response = service.search(query, language="ar", mode="lexical", record=False)
        assert response.results[0].object_id == tap_water.pk, query
        assert response.confident, query  # every word that means something matched


@pytest.mark.django_db
def test_vectors_of_another_model_are_never_compared_with_a_query(settings, site):
    """After SEARCH_SEMANTIC_MODELS changes and before `search_reindex`, the stored vectors
    are another model's (other dimensions, other space): they are left out, not compared
    with the query's vector, and lexical search still answers."""
    from wagtail.models import Locale

    from search.backends import database_held
    from search.models import SearchVector

    locale, _ = Locale.objects.get_or_create(language_code="es")
    faq = make_faq(locale=locale, question="¿Cuándo se recoge la basura?",
                   short_answer="Los lunes.", answer="<p>Los lunes.</p>")
    query = "qué día pasa el camión de los desechos"
    with indexed_on("database", settings):
        assert service.search(query, language="es", mode="semantic",
                              record=False).results[0].object_id == faq.pk
        assert SearchVector.objects.filter(language="es", model="multilingual").count() == 1
        SearchVector.objects.filter(language="es").update(model="minilm")  # as if made by it
        database_held.forget_held()
        assert service.search(query, language="es", mode="semantic", record=False).total == 0
        assert service.search("basura", language="es",
                              record=False).results[0].object_id == faq.pk
