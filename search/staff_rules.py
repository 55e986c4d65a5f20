"""Staff's search rules as each process reads them: synonym sets and the queries that have
a best bet.

Both are small tables read by every search, and both change rarely (staff edit them in
the admin). Every change bumps the search content generation (search.signals), so a
process keeps what it read until the generation moves: a computed search then costs no
query for them, except the one that fetches a best bet whose query matches. What was read
is also read again after HOLD_SECONDS (an edit rolled back after its bump would otherwise
linger; search.held: one thread reads while the others keep the last value). Without a
readable cache (the generation is None) they are read on every search.
"""

from .generation import counter
from .held import HeldByGeneration
from .models import BestBet, SynonymSet

HOLD_SECONDS = 30
_held = HeldByGeneration(HOLD_SECONDS)


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
