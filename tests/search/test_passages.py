"""How a document is cut into the passages it is embedded as (search/embedding.py)."""

import numpy
import pytest

from search.backends.base import SearchDocument
from search.embedding import MAX_PASSAGES, MAX_TOKENS, get_embedder, passages

pytestmark = pytest.mark.skipif(get_embedder() is None, reason="embedding model not installed")


def _document(body, title="How do I report a downed power line?"):
    return SearchDocument(key="faq:1", doc_type="faq", object_id=1, title=title, url="/x/",
                          body=body, short_answer="Call Alder Power.")


def test_every_sentence_is_in_one_passage_and_each_passage_fits_the_model():
    embedder = get_embedder()
    sentences = [f"Sentence number {n} says something about crews, lines and safety."
                 for n in range(30)]
    document = _document(" ".join(sentences))
    views = passages(document, embedder.count_tokens)
    assert len(views) > 3
    assert all(view.startswith(document.title) for view in views)
    assert all(embedder.count_tokens(view) + 2 <= MAX_TOKENS for view in views)
    joined = " ".join(view.removeprefix(document.title) for view in views)
    for sentence in sentences:
        assert joined.count(sentence) == 1
    assert views[0].startswith(f"{document.title} Call Alder Power.")  # short answer first


def test_a_sentence_longer_than_a_passage_is_cut_by_words_and_a_long_page_is_capped():
    embedder = get_embedder()
    run_on = " ".join(f"word{n}" for n in range(400))  # no sentence end at all
    views = passages(_document(run_on), embedder.count_tokens)
    assert all(embedder.count_tokens(view) + 2 <= MAX_TOKENS for view in views)
    assert "word0 " in views[1] and len(views) == MAX_PASSAGES  # [0]: the short answer


def test_a_document_without_text_is_its_title():
    embedder = get_embedder()
    document = SearchDocument(key="page:1", doc_type="page", object_id=1, title="Contact us",
                              url="/contact/")
    assert passages(document, embedder.count_tokens) == ["Contact us"]


def test_a_long_title_is_a_passage_of_its_own_and_leaves_the_others_room_for_text():
    """A real FAQ question can run to hundreds of words: repeated whole in every passage,
    it would leave no room for the answer's sentences."""
    embedder = get_embedder()
    title = " ".join(["If my basement flooded during the storm and the sump pump failed"] * 8)
    sentences = [f"Step {n}: photograph the water line before you pump it out." for n in range(6)]
    views = passages(_document(" ".join(sentences), title=title), embedder.count_tokens)
    assert views[0] == title
    head = views[1].split(" Call Alder Power.")[0]
    assert title.startswith(head) and embedder.count_tokens(head) <= MAX_TOKENS // 2
    assert all(embedder.count_tokens(view) + 2 <= MAX_TOKENS for view in views[1:])
    joined = " ".join(views[1:])
    assert all(joined.count(sentence) == 1 for sentence in sentences)


def test_spanish_and_arabic_are_cut_by_the_multilingual_models_pieces(settings):
    arabic = get_embedder("ar")
    assert arabic is not None and arabic.name == "multilingual"
    assert get_embedder("es") is arabic and get_embedder("en").name == "minilm"
    sentences = [f"الجملة رقم {n} تتحدث عن الطواقم والخطوط والسلامة في الحي." for n in range(20)]
    document = SearchDocument(key="faq:2", doc_type="faq", object_id=2, language="ar",
                              title="كيف أبلغ عن خط كهرباء ساقط؟", url="/ar/x/",
                              body=" ".join(sentences))
    views = passages(document, arabic.count_tokens)
    assert len(views) > 2
    assert all(arabic.count_tokens(view) + 2 <= MAX_TOKENS for view in views)
    settings.SEARCH_SEMANTIC_LANGUAGES = ["en"]
    assert get_embedder("ar") is None  # a language taken off keeps lexical search


class CountingEmbedder:
    """The real e5 model, counting the texts it is given."""

    def __init__(self):
        from search.embedders import E5Embedder

        self.model = E5Embedder(workers=1)
        self.name, self.dimensions = self.model.name, self.model.dimensions
        self.embedded = []

    def embed(self, texts, query=False):
        self.embedded += texts
        return self.model.embed(texts, query=query)


def test_texts_embedded_lately_are_not_embedded_again():
    from search.embedding import _embed_remembered

    embedder = CountingEmbedder()
    first = _embed_remembered(embedder, ["boil water notice", "trash pickup", "boil water notice"])
    assert embedder.embedded == ["boil water notice", "trash pickup"]  # a repeat is embedded once
    assert numpy.array_equal(first[0], first[2]) and not numpy.array_equal(first[0], first[1])
    again = _embed_remembered(embedder, ["trash pickup", "warming center"])
    assert embedder.embedded[2:] == ["warming center"]
    assert numpy.array_equal(again[0], first[1]) and again.shape == (2, embedder.dimensions)
    asked = _embed_remembered(embedder, ["trash pickup"], query=True)  # a question reads apart
    assert embedder.embedded[3:] == ["trash pickup"] and not numpy.array_equal(asked[0], first[1])
