"""Semantic search: which model embeds which language, the query's vector and the
passages each document is embedded as.

The models (search/embedders.py) ship inside PyPI packages (measured in bench/RESULTS.md).
Two views, each with its model:

- the question view (an FAQ's question and approved wordings against the resident's
  question): SEARCH_QUESTION_MODEL, multilingual-e5-small for every language, so a Spanish
  question also meets the English FAQs' questions (cross-language fallback);
- the passage view (title and sentences of the answer): SEARCH_SEMANTIC_MODELS per
  language, all-MiniLM-L6-v2 for English and Google's multilingual Universal Sentence
  Encoder for Spanish and Arabic by default: four to five times cheaper per passage than
  e5, which keeps a 10k-document reindex inside its budget. Languages outside
SEARCH_SEMANTIC_LANGUAGES, or whose model is not installed, keep lexical search only:
``semantic_language`` says which.

A document is embedded as passages (``passages``): its title with each run of whole
sentences that fits the model's window. Both backends score a document by its closest
passage, so the answer to a question may sit anywhere in a long text. An FAQ is also
embedded by its questions (its question and the wordings staff approved): residents ask
questions, and the closest question is the strongest evidence (search/ranking.py).
"""

import functools
import logging
import os
import re
import threading
from collections import OrderedDict

from django.conf import settings

from .embedders import MAX_TOKENS, MODELS

logger = logging.getLogger(__name__)

MAX_PASSAGES = 16  # a long page is searched semantically by its first ~1,000 words
QUERY_CACHE_SIZE = 4096
# Passage and question vectors kept per process (~6 MB at 384 dimensions): republishing a
# page, or rebuilding the index, embeds again only the texts that changed.
REMEMBERED_VECTORS = 4096
DEFAULT_MODEL = "e5"


def model_name(language):
    """The model that embeds `language`, or "" when that language keeps lexical search."""
    if language not in getattr(settings, "SEARCH_SEMANTIC_LANGUAGES", ()):
        return ""
    return getattr(settings, "SEARCH_SEMANTIC_MODELS", {}).get(language, DEFAULT_MODEL)


@functools.cache
def load_model(name):
    model = MODELS.get(name)
    if model is None:
        logger.warning("semantic search off for model %r: no such model", name)
        return None
    workers = getattr(settings, "SEARCH_EMBEDDING_THREADS", 0) or os.cpu_count() or 1
    embedder = model.installed(workers=workers)
    if embedder is None:
        logger.warning("semantic search off for model %r: its package is not installed", name)
    return embedder


def question_model_name():
    """The model for the question view, the same for every language: questions in
    different languages are compared in one space (cross-language fallback)."""
    if not getattr(settings, "SEARCH_SEMANTIC_LANGUAGES", ()):
        return ""
    return getattr(settings, "SEARCH_QUESTION_MODEL", "e5")


def get_question_embedder():
    name = question_model_name()
    return load_model(name) if name else None


def embed_question(text):
    """A resident's question in the question view's model (cached like embed_query)."""
    return _query_vector(question_model_name(), text)


def get_embedder(language="en"):
    """The embedder of `language`, or None when it has no semantic search here."""
    name = model_name(language)
    return load_model(name) if name else None


def semantic_language(language):
    return get_embedder(language) is not None


@functools.lru_cache(maxsize=QUERY_CACHE_SIZE)
def _query_vector(name, text):
    vector = load_model(name).embed([text], query=True)[0]
    vector.flags.writeable = False
    return vector


def embed_query(text, language="en"):
    """One query's vector in its language's model (cached: a surge repeats the same few
    questions)."""
    return _query_vector(model_name(language), text)


def embed_passages(documents):
    """For each document, (question vectors, passage vectors): float32 arrays (n, the
    model's dimensions), or None when its language has no semantic search. Batched per
    model. The questions (an FAQ's question and its staff-approved wordings) are embedded
    the way a resident's question is, the passages as answers."""
    out = [None] * len(documents)
    by_model = {}
    for i, document in enumerate(documents):
        embedder = get_embedder(document.language)
        if embedder is not None:
            by_model.setdefault(embedder, []).append(i)
    for embedder, positions in by_model.items():
        texts, counts, questions = [], [], []
        for i in positions:
            views = passages(documents[i], embedder.count_tokens)
            texts += views
            counts.append(len(views))
            questions.append([" ".join(q.split()) for q in documents[i].questions if q.strip()])
        vectors = _embed_remembered(embedder, texts)
        flat = [q for group in questions for q in group]
        asker = get_question_embedder() or embedder
        asked = _embed_remembered(asker, flat, query=True) if flat else None
        start = asked_start = 0
        for i, count, group in zip(positions, counts, questions, strict=True):
            own = (asked[asked_start:asked_start + len(group)] if group
                   else numpy_empty(asker.dimensions))
            out[i] = (own, vectors[start:start + count])
            start += count
            asked_start += len(group)
    return out


_remembered = OrderedDict()  # (model, query?, text) -> vector, least recently used first
_remembered_lock = threading.Lock()


def _embed_remembered(embedder, texts, query=False):
    """embedder.embed(texts, query), embedding only the texts not embedded lately."""
    import numpy

    if not texts:
        return embedder.embed(texts, query=query)
    model = (embedder.name, id(embedder))
    keys = [(model, query, text) for text in texts]
    with _remembered_lock:
        known = {key: _remembered[key] for key in keys if key in _remembered}
        for key in known:
            _remembered.move_to_end(key)
    missing = list(dict.fromkeys(text for key, text in zip(keys, texts, strict=True)
                                 if key not in known))
    if missing:
        fresh = embedder.embed(missing, query=query)
        with _remembered_lock:
            for text, vector in zip(missing, fresh, strict=True):
                vector = numpy.array(vector, dtype=numpy.float32)
                vector.flags.writeable = False
                known[(model, query, text)] = vector
                _remembered[(model, query, text)] = vector
            while len(_remembered) > REMEMBERED_VECTORS:
                _remembered.popitem(last=False)
    return numpy.stack([known[key] for key in keys])


def numpy_empty(dimensions):
    import numpy

    return numpy.zeros((0, dimensions), dtype=numpy.float32)


SENTENCE_END = re.compile(r"(?<=[.!?;\u061f\u3002])\s+")


def passages(document, count_tokens):
    """The texts a document is embedded as: its title with each consecutive run of whole
    sentences of its text that fits in MAX_TOKENS, at most MAX_PASSAGES of them.

    A resident's question is usually answered by one or two sentences somewhere in the
    answer, not by its opening: one vector for the whole text is cut at MAX_TOKENS and
    misses the rest, so each passage gets a vector and the closest one counts. A title
    longer than half the window (a real FAQ question can run to hundreds of words) is its
    own first passage, and the others carry only its opening, so they keep room for text.
    """
    title = " ".join(document.title.split())
    text = document.text
    head = _opening(title, MAX_TOKENS // 2, count_tokens)
    budget = max(8, MAX_TOKENS - 2 - count_tokens(head))  # 2: [CLS] and [SEP]
    views = [title] if head != title else []
    chunks, current, used = [], [], 0
    for piece, size in _pieces(text, budget, count_tokens):
        if current and used + size > budget:
            chunks.append(" ".join(current))
            current, used = [], 0
            if len(views) + len(chunks) == MAX_PASSAGES:
                break
        current.append(piece)
        used += size
    if current and len(views) + len(chunks) < MAX_PASSAGES:
        chunks.append(" ".join(current))
    return views + [f"{head} {chunk}".strip() for chunk in chunks] or [title]


def _opening(title, limit, count_tokens):
    """The title's first words that fit in `limit` word pieces (all of it when it fits)."""
    if count_tokens(title) <= limit:
        return title
    kept = []
    for word in title.split():
        if kept and count_tokens(" ".join([*kept, word])) > limit:
            break
        kept.append(word)
    return " ".join(kept)


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
        # Both models split on spaces before cutting words into pieces, so a run's pieces
        # are the sum of its words': each word is counted once, not the run again per word.
        run, size = [], 0
        for word in sentence.split():
            pieces = count_tokens(word)
            if run and size + pieces > budget:
                yield " ".join(run), size
                run, size = [], 0
            run.append(word)
            size += pieces
        if run:
            yield " ".join(run), size
