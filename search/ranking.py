"""Hybrid ranking, the same for both backends: lexical and semantic candidates fused here.

Each backend hands over its candidates with up to three kinds of evidence:

- ``question``: the cosine of the resident's question with the FAQ's closest question (its
  own question or a wording staff approved from the gap queue). Residents ask questions and
  FAQs are questions: this is the strongest evidence there is.
- ``semantic``: the cosine with the document's closest passage (title and a few sentences).
- ``lexical``: the BM25-like score (synonyms and typo correction applied).

A model's cosines live on its own scale (multilingual-e5 puts unrelated texts near 0.7),
so each is first mapped onto 0..1 from the model's ``origin`` (the question view and the
passage view may use different models: search/embedding.py). Then, with per-language
weights:

    fused = w_question * question + w_passage * passage + w_lexical * lexical / best lexical
            + COVERAGE_BONUS if every query word matched

A document without questions (pages, messages, alerts) uses its passage cosine for both.
Candidates found in another language (cross-language fallback: a Spanish question that
only an English FAQ answers) carry ``foreign``. Only the question view compares across
languages, and a question's cosine with the same need asked in another language runs a few
hundredths lower than within one, so such an answer is scored on its question alone:
``foreign_factor * scaled(cosine + foreign_shift)``, shown from ``foreign_floor``. (Scored
like the reader's own answers, it never came first: with half the Spanish translations
missing, 1 of 136 Spanish questions whose answer was only in English got it first.)

The answer is called confident when the top hit's question (or passage) similarity reaches
the language's threshold *and* it stands clear of the next different answer, or when it
contains every word of the query; otherwise the resident is told plainly and the search
goes to the gap queue (search/analytics.py).

All numbers were chosen on the tune halves of the sets in bench/data
(bench/independent_eval.py --sweep), never on the halves that are reported.
"""

from dataclasses import dataclass, field

from django.conf import settings

from .embedding import model_name, question_model_name

CANDIDATES = 50  # from each retriever, before fusion


@dataclass
class Candidate:
    key: str
    lexical: float = 0.0
    semantic: float | None = None  # closest passage, raw cosine
    question: float | None = None  # closest question, raw cosine (FAQs)
    translated: float | None = None  # closest question of its versions in other languages
    boost: float = 1.0
    covered: bool = False  # every word of the query (after typo correction) matched
    foreign: str = ""  # the candidate's language when it is not the query's
    fields: dict = field(default_factory=dict)  # what a SearchHit needs (title, url, ...)


DEFAULTS = {"question": 0.6, "passage": 0.25, "lexical": 0.15, "floor": 0.4,
            "passage_floor": 0.3,
            "confident": 0.6, "margin": 0.02, "foreign_factor": 0.9, "translations": 0.5,
            "agree": 0.0, "foreign_shift": 0.0, "foreign_floor": 0.4,
            "foreign_doubt": 0.0, "gloss": 0.0}
MODEL_ORIGIN = {"e5": 0.7}  # a model's cosine for unrelated texts, mapped to 0


def tuning(language="en"):
    """This language's fusion numbers: SEARCH_RANKING[language] over the defaults."""
    chosen = dict(DEFAULTS)
    chosen.update(getattr(settings, "SEARCH_RANKING", {}).get(language, {}))
    chosen["origin"] = MODEL_ORIGIN.get(model_name(language), 0.0)
    chosen["question_origin"] = MODEL_ORIGIN.get(question_model_name() or model_name(language),
                                                 0.0)
    return chosen


def fallback_languages(language):
    """Languages whose documents a question in `language` is also compared with: English,
    the language content is written in first (SEARCH_CROSS_LANGUAGE=0 turns it off)."""
    if not getattr(settings, "SEARCH_CROSS_LANGUAGE", True):
        return []
    return [code for code in getattr(settings, "SEARCH_FALLBACK_LANGUAGES", ["en"])
            if code != language]


def scaled(cosine, origin):
    if cosine is None:
        return None
    return max(0.0, (cosine - origin) / (1.0 - origin))


UNMATCHED = 0.5  # foreign floor when the query shares no word with its own language's text
COVERAGE_BONUS = 0.1  # every word of the query is in the document
FOREIGN_RESULTS = 3  # answers only in another language shown at most
BOOST_GATE = (0.4, 0.6)  # similarity from which the crisis boost starts, and is whole


def fuse(candidates, semantic_on, language="en", lexical_on=True, gloss=None):
    """[(candidate, fused score)] best first (all of them: the caller takes its page and
    counts the rest), and whether the top one is a confident answer.

    Semantic-only candidates below both views' floors are dropped, so a query with nothing
    related still gets no results. The crisis boost lifts a document only as far as it is relevant
    to the query (close in meaning, or containing every word): otherwise every crisis page
    would outrank the answer to any unrelated question. `gloss`: {translation group: score}
    of the question read in English (search.gloss), added with the language's weight.
    """
    numbers = tuning(language)
    if semantic_on:
        w_question, w_passage, w_lexical = (numbers["question"], numbers["passage"],
                                            numbers["lexical"])
    else:
        w_question = w_passage = 0.0
        w_lexical = 1.0
    best_lexical = max((c.lexical for c in candidates), default=0.0) or 1.0
    scored, foreign = [], []
    unshown = 0.0  # the best score of the reader's own answers left out below
    for candidate in candidates:
        passage = scaled(candidate.semantic, numbers["origin"]) or 0.0
        question = _question(candidate, numbers)
        question = passage if question is None else question
        if candidate.foreign:
            foreign.append((candidate, passage, question))
            continue
        fused = (w_question * question + w_passage * passage
                 + w_lexical * candidate.lexical / best_lexical
                 + COVERAGE_BONUS * candidate.covered + _glossed(candidate, gloss, numbers))
        # The crisis boost is gated by the passage view: the question view's model finds
        # short phrases with a shared word close ("water plant road" / "water plant pressure").
        fused *= _boost(candidate, passage, semantic_on)
        if semantic_on and candidate.lexical <= 0 and question < numbers["floor"] and (
                passage < numbers["passage_floor"]):
            # Nothing in common, and neither view finds it close: not shown, but still a
            # rival when Beacon decides whether it is sure of its top answer.
            unshown = max(unshown, fused)
            continue
        scored.append((candidate, fused, question, passage))
    # A query that shares no word with anything in its own language ("zzzzqqq") is still
    # close to every question in a multilingual model: an answer in another language then
    # needs the ordinary floor, not the lower one for answers only in another language.
    floor = numbers["foreign_floor"]
    if lexical_on and not any(c.lexical > 0 for c in candidates):
        floor = max(floor, UNMATCHED)
    for candidate, passage, question in foreign:
        fused = _foreign(candidate, passage, numbers, floor)
        if fused is None:
            continue
        fused += _glossed(candidate, gloss, numbers)
        scored.append((candidate, fused * _boost(candidate, passage, semantic_on), question,
                       passage))
    scored.sort(key=lambda item: (-item[1], item[0].key))
    # A few answers in another language help while translations lag; a page of them buries
    # the reader's own.
    dropped = {id(item) for item in [item for item in scored if item[0].foreign][FOREIGN_RESULTS:]}
    scored = [item for item in scored if id(item) not in dropped]
    if not scored:
        return [], False
    top, top_score, top_similarity, top_passage = scored[0]
    # Measured against every other answer, shown or not: a resident's probe saw a wrong
    # answer called sure because its only rivals fell just under the floors ("the pipes
    # froze" -> "who do I call when the power is out", the one Arabic result left).
    runner_up = max(scored[1][1] if len(scored) > 1 else 0.0, unshown)
    clear = top_score - runner_up >= numbers["margin"]
    # Sure when the question is close in meaning, no other answer is as close, and the
    # answer itself agrees (its text is close too, or holds every word the resident typed):
    # one view alone is fooled by shared words ("garbage disposal" is not "garbage pickup").
    agrees = top.covered or top_passage >= numbers["agree"]
    confident = (top.covered and not semantic_on) or (
        semantic_on and top_similarity >= numbers["confident"] and clear and agrees
        and not _outdone_in_english(top, [c for c, *_ in foreign], numbers))
    return [(candidate, score) for candidate, score, *_ in scored], confident


def _outdone_in_english(top, foreign, numbers):
    """Whether an answer only in another language (`foreign`: all of them, shown or not) is
    closer to the query, compared in that language, than the top answer's own version
    there: then the top answer may well not be the one the resident needs, however clear it
    stands among the reader's own."""
    if top.foreign:
        return False
    own = top.translated if top.translated is not None else -1.0
    return any(c.question is not None and c.question > own + numbers["foreign_doubt"]
               for c in foreign)


def _foreign(candidate, passage, numbers, floor):
    """The score of an answer that exists only in another language, or None when it is not
    close enough to show. Only the question view compares across languages (the lexical
    view cannot, and the passage view only within one model), and a question's cosine with
    its own wording in another language runs lower than within one: judged on the question
    view alone, the cosine lifted by ``foreign_shift``, with its own floor."""
    if candidate.question is None:
        evidence = passage
    else:
        evidence = scaled(candidate.question + numbers["foreign_shift"],
                          numbers["question_origin"])
    if evidence < floor:
        return None
    return numbers["foreign_factor"] * evidence


def _question(candidate, numbers):
    """The question view: the FAQ's own questions, blended with how close the resident's
    question is to the same FAQ's questions in its other languages (two readings of one
    need; a misspelt or dialect question is often closer to one of them)."""
    own = scaled(candidate.question, numbers["question_origin"])
    other = scaled(candidate.translated, numbers["question_origin"])
    if other is None:
        return own
    if own is None:
        return other
    share = numbers["translations"]
    return (own + share * other) / (1 + share)


def _glossed(candidate, gloss, numbers):
    """The gloss's English score of the candidate's translation group, weighted."""
    if not gloss or not numbers["gloss"]:
        return 0.0
    fields = candidate.fields
    group = fields.get("group") if isinstance(fields, dict) else getattr(fields, "group", "")
    return numbers["gloss"] * gloss.get(group, 0.0) if group else 0.0


def _boost(candidate, similarity, semantic_on):
    boost = max(candidate.boost, 0.01)
    if not semantic_on or candidate.covered or boost <= 1:
        return boost
    low, high = BOOST_GATE
    relevance = min(1.0, max(0.0, (similarity - low) / (high - low)))
    return 1 + (boost - 1) * relevance
