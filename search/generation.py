"""The search content generation: one counter that changes whenever what a search could
return changes (an index write, an alert changing state, staff editing synonyms or best
bets). Kept in the Django cache, so every process sharing it sees a change at once.

search.result_cache keys reused answers on it; search.staff_rules keeps staff's synonym
sets and best-bet queries in each process until it changes.
"""

import logging
import time

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

GENERATION_KEY = "search-results:generation"


def counter():
    """The counter, or None when the cache cannot be read (then nothing is reused)."""
    try:
        value = cache.get(GENERATION_KEY)
        if value is None:
            cache.add(GENERATION_KEY, int(time.time() * 1000), None)
            value = cache.get(GENERATION_KEY, 0)
        return value
    except Exception:
        return None


def bump(reason=""):
    """Everything keyed on the generation is stale from now on (in every process sharing
    the cache). Inside a transaction it bumps again at the commit: a search in between could
    otherwise store the old results under the new generation."""
    _bump(reason)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(reason))


def _bump(reason):
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not there yet (or evicted): any new value will do
            cache.set(GENERATION_KEY, int(time.time() * 1000), None)
        logger.debug("search content generation bumped (%s)", reason)
    except Exception:
        logger.warning("could not bump the search content generation (%s)", reason,
                       exc_info=True)
