"""Residents' own words: the FAQ's question as the strongest evidence, the answer that
exists only in English, corrections shown only in real words, autocomplete in the reader's
language (issue 22 points 2-4)."""

import pytest
from lxml import etree

from search import service
from search.backends import get_backend
from search.documents import all_documents
from search.models import SearchEvent
from tests.helpers.content import make_faq
from tests.search.test_hybrid import BACKENDS, indexed_on


def _locale(code):
    from wagtail.models import Locale

    return Locale.objects.get_or_create(language_code=code)[0]


@pytest.fixture(params=BACKENDS)
def shelter_faqs(request, settings, site):
    """Pets at shelters exists in English only; trash pickup in English and Spanish."""
    made = {
        "pets": make_faq(question="Can I bring my pet to a shelter?",
                         short_answer="Yes: leashed dogs and cats in carriers are welcome.",
                         answer="<p>Leashed dogs and cats in carriers are welcome at every "
                                "shelter.</p>"),
        "trash": make_faq(question="When is trash picked up?", short_answer="Mondays.",
                          answer="<p>Trash is collected on Mondays.</p>"),
        "water": make_faq(question="Is the tap water safe to drink?",
                          short_answer="Boil it first.", answer="<p>Boil it first.</p>"),
    }
    made["basura"] = make_faq(locale=_locale("es"), question="¿Cuándo se recoge la basura?",
                              short_answer="Los lunes.", answer="<p>Los lunes.</p>",
                              translation_key=made["trash"].translation_key)
    with indexed_on(request.param, settings):
        yield made


@pytest.mark.django_db
def test_an_answer_only_in_english_is_found_from_spanish_and_said_so(client, shelter_faqs):
    data = client.get("/api/v1/search/", {"q": "puedo llevar a mi perro al refugio",
                                          "lang": "es"}).json()
    top = data["results"][0]
    assert (top["id"], top.get("language")) == (shelter_faqs["pets"].pk, "en"), data
    # The translators' queue hears about it, with the resident's words.
    event = SearchEvent.objects.latest("pk")
    assert (event.flag, event.language) == ("translate", "es")
    assert "perro" in event.query
    page = client.get("/es/search/", {"q": "puedo llevar a mi perro al refugio"})
    html = page.content.decode()
    assert "Can I bring my pet to a shelter?" in html
    assert "Esta respuesta solo está en inglés por ahora." in html  # said in the reader's words
    assert 'lang="en"' in html  # the English text is marked as English for screen readers
    tree = etree.HTML(page.content)
    english = tree.xpath("//ol[@class='results']/li[h2[@lang='en']]")
    assert english, "the English answer is in the results"
    for item in english:  # its title and its snippet, read and laid out left to right
        text = [p for p in item.xpath("h2|p") if p.get("class") != "notice"]
        assert len(text) == 2 and all((p.get("lang"), p.get("dir")) == ("en", "ltr")
                                      for p in text)
        # the notice right after the title: a screen reader jumping by headings hears it
        assert item.xpath("h2/following-sibling::*[1]")[0].get("class") == "notice"


@pytest.mark.django_db
def test_one_spanish_word_no_spanish_text_has_still_finds_the_english_answer(client, settings,
                                                                           shelter_faqs):
    """A resident's probe searched /es/ for "generador" and got "0 resultados, llame al 311"
    although "Is it safe to use a generator?" exists in English. With no word in common with
    any Spanish text, only the model's cosine speaks (0.85 here); the floor for such answers
    was set above it. Keyboard mash (0.82 from every question) still finds nothing."""
    generator = make_faq(question="Is it safe to use a generator?",
                         short_answer="Only outdoors, 20 feet from the house.",
                         answer="<p>Run it outdoors, 20 feet from doors and windows.</p>")
    for name in {"database", settings.SEARCH_BACKEND}:  # Elasticsearch keeps both, as live
        get_backend(name).index(all_documents())
    found = client.get("/api/v1/search/", {"q": "generador", "lang": "es"}).json()
    assert [(r["id"], r.get("language")) for r in found["results"][:1]] == [
        (generator.pk, "en")], found
    assert not found["confident"]  # said to be not sure: the reader is offered 311 too
    for mash in ("zzzzqqq", "asdf qwer"):
        nothing = client.get("/api/v1/search/", {"q": mash, "lang": "es"}).json()
        assert nothing["results"] == [], (mash, nothing)


@pytest.mark.django_db
def test_a_translated_answer_is_given_in_the_readers_language(client, shelter_faqs):
    data = client.get("/api/v1/search/", {"q": "que dia pasan por la basura",
                                          "lang": "es"}).json()
    top = data["results"][0]
    assert top["id"] == shelter_faqs["basura"].pk and "language" not in top, data
    assert shelter_faqs["trash"].pk not in [hit["id"] for hit in data["results"]]


@pytest.mark.django_db
def test_an_approved_wording_is_searched_as_a_question_of_its_faq(settings, site):
    """A resident's wording, once staff publish it on the FAQ, answers that phrasing."""
    from content.models import FAQWording

    boil = make_faq(question="Is the tap water safe to drink?", short_answer="Boil it first.",
                    answer="<p>Boil it first.</p>")
    make_faq(question="Why is my water brown?", short_answer="Run the cold tap.",
             answer="<p>Run the cold tap for five minutes.</p>")
    query = "my kid drank from the sink during the notice"
    FAQWording.objects.create(faq=boil, text="my kid drank from the sink during the notice is "
                                             "he ok")
    boil.save_revision().publish()
    assert query[:20] in " ".join(boil.search_questions())
    with indexed_on("database", settings):
        response = service.search(query, record=False)
    assert response.results[0].object_id == boil.pk


@pytest.mark.django_db
def test_corrections_are_shown_in_real_words_or_not_at_all(site, settings):
    make_faq(question="Where is the nearest warming center?", short_answer="Millbrook.",
             answer="<p>Millbrook Community Center is open all night.</p>")
    make_faq(question="Is it safe to use a generator indoors?", short_answer="Never.",
             answer="<p>Never run a generator inside.</p>")
    with indexed_on("database", settings):
        fixed = service.search("warming centr", record=False)
        unsure = service.search("generatr safty tips", record=False)
    assert fixed.corrected == "warming center"
    # Whatever is claimed is made of words residents can read, never stems like "safeti".
    for word in unsure.corrected.split():
        assert word in {"generator", "safety", "safe", "tips", "generatr", "safty"}, unsure.corrected


@pytest.mark.django_db
def test_autocomplete_completes_question_starts_in_the_readers_language(client, shelter_faqs):
    def suggestions(q, lang="en"):
        return [s["text"] for s in client.get("/api/v1/suggest/",
                                              {"q": q, "lang": lang}).json()["suggestions"]]

    assert suggestions("can i") == ["Can I bring my pet to a shelter?"]
    assert suggestions("is the") == ["Is the tap water safe to drink?"]
    assert suggestions("trsh") == ["When is trash picked up?"]  # one typo allowed
    assert suggestions("wter") == ["Is the tap water safe to drink?"]
    # two letters swapped count as one typo (a resident's probe: "calentamineto")
    assert suggestions("wtaer") == ["Is the tap water safe to drink?"]
    assert suggestions("basrua", "es") == ["¿Cuándo se recoge la basura?"]
    assert suggestions("cuando", "es") == ["¿Cuándo se recoge la basura?"]  # accent aside
    assert suggestions("when is", "es") == []  # the Spanish page asks the Spanish titles


@pytest.mark.django_db
def test_arabic_autocomplete_finds_a_word_typed_without_its_article(client, site, settings):
    make_faq(locale=_locale("ar"), question="بمن أتصل عند انقطاع الكهرباء؟",
             short_answer="اتصل بشركة الكهرباء.", answer="<p>اتصل بشركة الكهرباء.</p>")
    make_faq(locale=_locale("ar"), question="هل يمكنني الذهاب إلى الملجأ مع حيواني؟",
             short_answer="نعم.", answer="<p>نعم.</p>")
    with indexed_on("database", settings):
        def suggestions(q):
            return [s["text"] for s in client.get("/api/v1/suggest/", {"q": q, "lang": "ar"})
                    .json()["suggestions"]]

        assert suggestions("كهرب") == ["بمن أتصل عند انقطاع الكهرباء؟"]
        assert suggestions("الكهرب") == ["بمن أتصل عند انقطاع الكهرباء؟"]
        assert suggestions("ملج") == ["هل يمكنني الذهاب إلى الملجأ مع حيواني؟"]


@pytest.mark.django_db
def test_of_two_titles_matched_through_a_typo_the_closer_word_comes_first(client, site,
                                                                           settings):
    """A resident's probe typed ملجا (a shelter) on /ar/: the free bottled water came first
    (ملجا is one letter from the start of مجانية), above the shelters (الملاجئ)."""
    make_faq(locale=_locale("ar"), question="مياه معبأة مجانية؟",  # the shorter title
             short_answer="من المكتبة.", answer="<p>من المكتبة.</p>")
    make_faq(locale=_locale("ar"), question="أين الملاجئ المفتوحة الليلة؟",
             short_answer="في المدارس.", answer="<p>في المدارس.</p>")
    with indexed_on("database", settings):
        found = [s["text"] for s in client.get("/api/v1/suggest/", {"q": "ملجا", "lang": "ar"})
                 .json()["suggestions"]]
        assert found == ["أين الملاجئ المفتوحة الليلة؟", "مياه معبأة مجانية؟"]


@pytest.mark.django_db
def test_autocomplete_never_offers_an_ended_alert(client, site, settings):
    from search.backends import get_backend
    from search.backends.base import SearchDocument

    make_faq(question="Is the harbor bridge open?", short_answer="Yes.", answer="<p>Yes.</p>")
    with indexed_on("database", settings):
        get_backend("database").index([SearchDocument(
            key="alert:99:en", doc_type="alert", object_id=99, title="Harbor bridge closed",
            url="/alerts/99/", status="cancelled")])
        found = [s["text"] for s in client.get("/api/v1/suggest/", {"q": "harbor b"}).json()[
            "suggestions"]]
    assert found == ["Is the harbor bridge open?"]
