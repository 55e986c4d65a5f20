"""The search content generation: one counter that changes whenever what a search could
return changes (an index write, an alert changing state, staff editing synonyms or best
bets). Kept in the Django cache, so every process sharing it sees a change at once.

search.result_cache keys reused answers on it; search.staff_rules keeps staff's synonym
sets and best-bet queries in each process until it changes.

Inside `read_once()` (a search request, from the WSGI front) each generation, this one and
the page cache's, is read from the cache once: a search page asked for them seven times,
each a round trip, and one request then sees one state.
"""

import contextvars
import logging
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

GENERATION_KEY = "search-results:generation"


_reads = contextvars.ContextVar("generation_reads", default=None)


@contextmanager
def read_once():
    """Inside, `once` reads each value a single time."""
    token = _reads.set({})
    try:
        yield
    finally:
        _reads.reset(token)


def once(name, read):
    """read(), or what it gave the first time inside the current `read_once()`."""
    reads = _reads.get()
    if reads is None:
        return read()
    if name not in reads:
        reads[name] = read()
    return reads[name]


def forget(name):
    """A value changed: the next `once(name, ...)` reads it again."""
    reads = _reads.get()
    if reads is not None:
        reads.pop(name, None)


def counter():
    """The counter, or None when the cache cannot be read (then nothing is reused)."""
    return once(GENERATION_KEY, _read_counter)


def _read_counter():
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
    forget(GENERATION_KEY)
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not there yet (or evicted): any new value will do
            cache.set(GENERATION_KEY, int(time.time() * 1000), None)
        logger.debug("search content generation bumped (%s)", reason)
    except Exception:
        logger.warning("could not bump the search content generation (%s)", reason,
                       exc_info=True)


def page_generation():
    """The site's page-cache generation (every publish, alert change and crisis-settings
    change moves it), through the function SEARCH_PAGE_GENERATION names (search does not
    depend on the portal), or None."""
    path = getattr(settings, "SEARCH_PAGE_GENERATION", None)
    return import_string(path)() if path else None
