"""Staff's search rules as each process reads them: synonym sets, the queries that have
a best bet, the questions staff published for FAQs (each FAQ's question and wordings), and
the notices over answers that staff have still to check after an alert ended.

Both are small tables read by every search, and both change rarely (staff edit them in
the admin). Every change bumps the search content generation (search.signals), so a
process keeps what it read until the generation moves: a computed search then costs no
query for them, except the one that fetches a best bet whose query matches. What was read
is also read again after HOLD_SECONDS (an edit rolled back after its bump would otherwise
linger; search.held: one thread reads while the others keep the last value). Without a
readable cache (the generation is None) they are read on every search.
"""

from django.utils import translation

from content.answer_notices import answer_notices
from content.models import FAQ, wording_key

from .generation import counter
from .held import HeldByGeneration
from .models import BestBet, SynonymSet

HOLD_SECONDS = 30
_held = HeldByGeneration(HOLD_SECONDS)


def forget_held():
    """Drop what this process holds (tests: a rollback can bring a generation round again)."""
    _held.clear()


def _per_generation(name, load, generation=None):
    generation = counter() if generation is None else generation
    if generation is None:
        return load()
    return _held.get(name, generation, load)


def synonym_sets(language, generation=None):
    """[[member, ...], ...] of the staff synonym sets in `language`. `generation`: the
    content generation if the caller has read it already (else it is read here)."""
    return _per_generation(f"synonyms:{language}", lambda: [
        synonym_set.term_list for synonym_set in SynonymSet.objects.filter(language=language)],
        generation)


def may_have_best_bet(normalized_query, generation=None):
    """False when no best bet has this query (compared case-blind, as the lookup is)."""
    queries = _per_generation("best-bet-queries", lambda: frozenset(
        query.casefold() for query in BestBet.objects.values_list("query", flat=True)),
        generation)
    return normalized_query.casefold() in queries


def asked_as_published(query, language, faq_pk, generation=None):
    """Whether the query's words (content.models.wording_key) are the question of the live
    FAQ `faq_pk` in `language`, or a wording staff published for it, and of no other FAQ
    there. Without a readable cache only that FAQ is read (not every FAQ, on every search)."""
    key = wording_key(query)
    generation = counter() if generation is None else generation
    if generation is None:
        faq = (FAQ.objects.filter(pk=faq_pk, live=True, locale__language_code=language)
               .prefetch_related("wordings").first())
        return faq is not None and faq.asks(query)

    def load():
        owners = {}
        for faq in (FAQ.objects.filter(live=True, locale__language_code=language)
                    .prefetch_related("wordings")):
            for text in faq.search_questions():
                asked = wording_key(text)
                owners[asked] = faq.pk if owners.get(asked, faq.pk) == faq.pk else None
        return owners

    return _held.get(f"questions:{language}", generation, load).get(key) == faq_pk


def notices_over(faq_id, generation=None):
    """content.answer_notices for the FAQ, in the active language: read once per FAQ and
    language while the generation stays (an alert ending and a check marked done both move
    it), not on every computed search page with an answer box."""
    if not faq_id:
        return []
    return _per_generation(f"notices:{translation.get_language()}:{faq_id}",
                           lambda: answer_notices(faq_id), generation)
