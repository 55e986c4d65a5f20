"""How a document is cut into the passages it is embedded as (search/embedding.py)."""

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
