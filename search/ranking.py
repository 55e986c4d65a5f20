"""Hybrid ranking, the same for both backends: lexical and semantic candidates fused here.

Each backend hands over its candidates: the lexical score (BM25-like, synonyms and typo
correction applied) and the semantic similarity (cosine of the query's vector with the
document's closest passage, search/embedding.py). Beacon fuses them with one
normalised-score blend, applies the crisis boost, and says how sure it is:

    fused = SEMANTIC_WEIGHT * cosine + (1 - SEMANTIC_WEIGHT) * lexical / best lexical
            + COVERAGE_BONUS if every query word matched

The answer is called confident when the top hit's cosine reaches a calibrated threshold
or when it contains every word of the query; otherwise the resident is told plainly and
the search goes to the gap queue (search/analytics.py).

The weight and the thresholds were chosen on the tuning half of the independent set in
bench/ (bench/independent_eval.py --sweep), never on the half that is reported.
"""

from dataclasses import dataclass, field

from django.conf import settings

from .embedding import model_name

CANDIDATES = 50  # from each retriever, before fusion


@dataclass
class Candidate:
    key: str
    lexical: float = 0.0
    semantic: float | None = None  # cosine, -1..1
    boost: float = 1.0
    covered: bool = False  # every word of the query (after typo correction) matched
    fields: dict = field(default_factory=dict)  # what a SearchHit needs (title, url, ...)


def weights(language="en"):
    """(semantic weight, floor, confident cosine) of the model that embeds `language`:
    each model's cosines have their own scale (SEARCH_SEMANTIC_TUNING)."""
    tuning = getattr(settings, "SEARCH_SEMANTIC_TUNING", {}).get(model_name(language), {})
    return (tuning.get("weight", 0.8), tuning.get("floor", 0.3),
            tuning.get("confident_cosine", 0.55))


COVERAGE_BONUS = 0.1  # every word of the query is in the document
BOOST_GATE = (0.4, 0.6)  # cosine from which the crisis boost starts, and is whole


def fuse(candidates, semantic_on, language="en"):
    """[(candidate, fused score)] best first (all of them: the caller takes its page and
    counts the rest), and whether the top one is a confident answer.

    Semantic-only candidates below the floor are dropped, so a query with nothing related
    still gets no results. The crisis boost lifts a document only as far as it is relevant
    to the query (close in meaning, or containing every word): otherwise every crisis page
    would outrank the answer to any unrelated question.
    """
    weight, floor, confident_cosine = weights(language)
    if not semantic_on:
        weight = 0.0
    best_lexical = max((c.lexical for c in candidates), default=0.0) or 1.0
    scored = []
    for candidate in candidates:
        cosine = candidate.semantic if candidate.semantic is not None else 0.0
        if semantic_on and candidate.lexical <= 0 and cosine < floor:
            continue
        fused = (weight * cosine + (1 - weight) * candidate.lexical / best_lexical
                 + COVERAGE_BONUS * candidate.covered)
        scored.append((candidate, fused * _boost(candidate, cosine, semantic_on)))
    scored.sort(key=lambda pair: (-pair[1], pair[0].key))
    if not scored:
        return [], False
    top = scored[0][0]
    # Sure when the meaning is close, or when every word the resident typed is in it.
    confident = top.covered or (semantic_on and (top.semantic or 0.0) >= confident_cosine)
    return scored, confident


def _boost(candidate, cosine, semantic_on):
    boost = max(candidate.boost, 0.01)
    if not semantic_on or candidate.covered or boost <= 1:
        return boost
    low, high = BOOST_GATE
    relevance = min(1.0, max(0.0, (cosine - low) / (high - low)))
    return 1 + (boost - 1) * relevance
