"""Resident search: the one function views, the API and the agent console call."""

import time
from dataclasses import dataclass, field, replace

from django.urls import reverse
from django.utils import timezone

from alerts.selectors import public_status, thread_latest
from content.localization import localize, readers_url

from . import arabic, autocomplete, staff_rules
from .analytics import record_search
from .backends import SearchQuery, get_backend
from .backends.base import SearchHit
from .danger import danger_kind
from .embedding import embed_query, embed_question, question_model_name, semantic_language
from .gloss import english_gloss
from .models import BestBet
from .ranking import fallback_languages, tuning
from .text import clean_query, language_codes, words

DEFAULT_LIMIT = 10
MAX_LIMIT = 50
ANSWER_MARGIN = 1.25  # top FAQ must beat the next result by this factor


@dataclass
class SearchResponse:
    query: str
    language: str
    total: int
    results: list
    answer: dict | None = None
    backend: str = ""
    corrected: str = ""
    message: str = ""
    best_bets: list = field(default_factory=list)
    event_id: int | None = None
    confident: bool = True  # False: the results may not answer the question (say so)

    @property
    def answered_elsewhere(self):
        """The best answer exists only in another language (shown with a notice)."""
        return bool(self.results) and bool(self.results[0].language) and (
            self.results[0].language != self.language)

    def as_api(self):
        return {"query": self.query, "total": self.total, "answer": self.answer,
                "results": [hit.as_api() for hit in self.results], "message": self.message or None,
                "confident": self.confident}


def uses_question_view(language):
    """Whether a question in `language` is embedded for the question view too: it costs
    a second model's run (~10-20 ms on one core), paid where it helps: a language that
    weighs the view, or one whose questions are compared across languages."""
    if not question_model_name():
        return False
    return tuning(language)["question"] > 0 or bool(fallback_languages(language))


def semantic_text(text, language):
    """The query as the embedding models read it: Arabic everyday words in standard
    spelling (the models learnt Modern Standard Arabic; search/arabic.py)."""
    return arabic.standard_text(text) if language == "ar" else text


def synonyms_for(text, language, generation=None):
    """Alternative phrasings from staff synonym sets whose member appears in the query."""
    query_words = " " + " ".join(words(text)) + " "
    found = []
    for members in staff_rules.synonym_sets(language, generation):
        if any(f" {' '.join(words(member))} " in query_words for member in members):
            found.extend(m for m in members if f" {' '.join(words(m))} " not in query_words)
    return found


def best_bets_for(text, language="en", generation=None):
    normalized = " ".join(words(text))
    if not staff_rules.may_have_best_bet(normalized, generation):
        return []
    now = timezone.now()
    hits = []
    for bet in BestBet.objects.filter(query__iexact=normalized).select_related("faq", "page",
                                                                                  "alert"):
        if bet.alert_id:
            root, latest = thread_latest(bet.alert)
            if public_status(latest) != "active" or (latest.expires and latest.expires <= now):
                continue  # a best bet tied to an alert ends with it
        if bet.alert_id and not (bet.faq_id or bet.page_id):
            hits.append(_alert_hit(root, latest, language, 1000.0 - bet.sort_order))
        elif bet.faq_id and bet.faq.live:
            hits.append(SearchHit("faq", bet.faq.pk, bet.faq.question, bet.faq.get_absolute_url(),
                                  bet.faq.short_answer, 1000.0 - bet.sort_order,
                                  bet.faq.short_answer, f"faq:{bet.faq.pk}"))
        elif bet.page_id and bet.page.live:
            hits.append(SearchHit("page", bet.page.pk, bet.page.title, bet.page.url or "/",
                                  bet.page.search_description, 1000.0 - bet.sort_order, "",
                                  f"page:{bet.page.pk}"))
    return hits


def _alert_hit(root, latest, language, score):
    """The promoted alert as residents of `language` see it (its live translation)."""
    from wagtail.models import Locale

    locale = Locale.objects.filter(language_code=language).first()
    message = localize(latest.message, locale).item if locale else latest.message
    page = readers_url(reverse("alert_page", kwargs={"pk": latest.pk}), language)
    return SearchHit("alert", latest.pk, message.headline, page, message.plain_body[:200], score,
                     "", f"alert:{root.pk}:{language}", status="active")


def instant_answer(hits, promoted, confident, clear=True):
    """The top FAQ's short answer, boxed, when staff promoted it or Beacon is sure of it
    and (with `clear`) it stands clearly above the next result."""
    if not hits or hits[0].doc_type != "faq" or not hits[0].short_answer:
        return None
    top = hits[0]
    clear_winner = not clear or len(hits) == 1 or top.score >= ANSWER_MARGIN * hits[1].score
    if not (promoted or (confident and clear_winner)):
        return None
    answer = {"type": "faq", "id": top.object_id, "question": top.title,
              "text": top.short_answer, "url": top.url}
    if top.language:
        answer["language"] = top.language  # only in that language for now: said on the page
    return answer


def one_answer(response):
    """The answer for a channel that gives one (Ask Beacon, a text message): the boxed one,
    or, when Beacon is sure, its top FAQ even where a guide page stands close behind it (the
    page lists both; a third probe's "Where is the nearest warming center?", the FAQ's own
    words, got "not sure" from Ask Beacon)."""
    if response.answer is not None or not response.confident:
        return response.answer
    if danger_kind(response.query):
        return None
    return instant_answer(response.results, response.best_bets, True, clear=False)


def search(raw_query, language="en", limit=DEFAULT_LIMIT, topic="", source="web", backend=None,
           record=True, mode="hybrid", generation=None):
    """`generation`: the search content generation the caller already read (staff rules are
    held per generation; search.staff_rules)."""
    text = clean_query(raw_query)
    language = language if language in language_codes() else "en"
    limit = max(1, min(int(limit or DEFAULT_LIMIT), MAX_LIMIT))
    if not words(text):
        return SearchResponse(query=text, language=language, total=0, results=[],
                              message="Type a few words, for example “trash pickup”.")
    started = time.monotonic()
    backend = backend or get_backend()
    semantic = mode != "lexical" and semantic_language(language)
    meaning = semantic_text(text, language) if semantic else text
    vector = embed_query(meaning, language) if semantic else None
    asked = embed_question(meaning) if semantic and uses_question_view(language) else None
    results = backend.search(SearchQuery(text=text, language=language, limit=limit, topic=topic,
                                         synonyms=synonyms_for(text, language, generation),
                                         vector=vector,
                                         question_vector=asked, mode=mode,
                                         generation=generation,
                                         gloss=_gloss_scores(text, language, topic, mode, backend,
                                                             generation)))
    promoted = best_bets_for(text, language, generation) if not topic else []
    promoted_keys = {hit.key for hit in promoted}
    hits = (promoted + [hit for hit in results.hits if hit.key not in promoted_keys])[:limit]
    # An answer only in English opens inside the reader's own pages (content.views.faq_detail)
    hits = [replace(hit, url=readers_url(hit.url, language))
            if hit.language and hit.doc_type == "faq" else hit for hit in hits]
    total = results.total + len([h for h in promoted if h.key not in {r.key for r in results.hits}])
    confident = bool(promoted) or (bool(hits) and results.confident)
    taught = False
    if not confident and hits and hits[0].doc_type == "faq" and not hits[0].language:
        # The resident typed the FAQ's question, or a wording staff taught it from the gap
        # queue, and it came first: sure, whatever the views say (a probe taught "se me fue
        # la luz que hago" and still read "not sure": the answer's text shares few words).
        taught = confident = staff_rules.asked_as_published(text, language, hits[0].object_id,
                                                            generation)
    latency_ms = (time.monotonic() - started) * 1000
    only_elsewhere = bool(hits) and bool(hits[0].language) and hits[0].language != language
    event = (record_search(text, language, total, results.backend, latency_ms, source,
                           confident=confident, needs_translation=only_elsewhere, soon=True)
             if record else None)
    return SearchResponse(query=text, language=language, total=total, results=hits,
                          # Where the words speak of danger the answer is "call 911" (the
                          # danger box, search.danger), not a question the ranking was sure
                          # of: a sure wrong answer beside it could send someone the wrong
                          # way. Staff's best bets still answer.
                          answer=instant_answer(hits, promoted,
                                                confident and not danger_kind(text),
                                                clear=not taught),
                          backend=results.backend, corrected=results.corrected,
                          best_bets=promoted, event_id=event.pk if event else None,
                          confident=confident)


GLOSS_CANDIDATES = 20


def _gloss_scores(text, language, topic, mode, backend, generation):
    """{translation group: score} of the question read in English and searched among the
    English documents (search.gloss), for a language that weighs it; hybrid search only (the
    single views are measured as they are)."""
    if mode != "hybrid" or not tuning(language)["gloss"]:
        return {}
    english = english_gloss(text, language)
    if not english or not semantic_language("en"):
        return {}
    meaning = semantic_text(english, "en")
    found = backend.search(SearchQuery(
        text=english, language="en", limit=GLOSS_CANDIDATES, topic=topic,
        synonyms=synonyms_for(english, "en", generation), vector=embed_query(meaning, "en"),
        question_vector=embed_question(meaning) if uses_question_view("en") else None,
        generation=generation))
    return {hit.group: hit.score for hit in found.hits if hit.group}


def suggest(prefix, language="en", limit=6):
    """Autocomplete in the reader's language: whole questions as they start to be typed,
    one typo allowed, never an ended alert (search/autocomplete.py)."""
    text = clean_query(prefix)[:60]
    return autocomplete.suggest(text, language if language in language_codes() else "en",
                                limit)
