"""Search results reused for the same question, while every search is still counted.

In a crisis thousands of residents ask the same few things ("is the water safe", "where is
the warming center"). The ranked results are the same for everyone, so one computed
answer per (normalised query, language, limit, topic, mode, content generation) is kept
in the Django cache (Redis when several processes share it, local memory in the embedded
default) for SEARCH_RESULT_CACHE_SECONDS. What is per request stays per request: the
analytics event (each search writes its own SearchEvent, so counts, gap flags, clicks and
"was this helpful" stay one resident's), the query as this resident typed it, and the
click links the views build from that event.

The *content generation* makes a change visible at once: it is bumped after every write to
the search indexes (search.indexing) and when an alert changes state (search.signals), and
when staff change synonyms or best bets. An entry computed under an older generation is
never read again. With a shared cache the generation is one counter there; without one
(several embedded processes: the web server and the scheduler that expires alerts) it also
carries the search index's own stamp from the database, so a change another process made
is seen by the next search.
"""

import hashlib
import logging
import threading
import time
from contextlib import contextmanager, nullcontext

from django.conf import settings
from django.core.cache import cache

from . import event_buffer, service
from .analytics import record_search, search_event
from .backends.database_held import change_stamp
from .generation import counter, forget, once
from .models import SearchEntry
from .text import clean_query, language_codes, words

logger = logging.getLogger(__name__)

KEY_PREFIX = "search-results:v1:"


def timeout():
    return getattr(settings, "SEARCH_RESULT_CACHE_SECONDS", 60)


def _shared():
    return getattr(settings, "SHARED_CACHE", False)


def content_generation():
    """A value that changes whenever what a search could return changes."""
    value = counter()
    if value is None or _shared():
        return None if value is None else str(value)
    count, newest, top = change_stamp(SearchEntry.objects.all())
    return f"{value}:{count}:{top}:{newest and newest.timestamp()}"


def result_key(text, language, limit, topic, mode, generation):
    normalised = " ".join(clean_query(text).casefold().split())
    raw = "\x1f".join((normalised, language, str(limit), topic, mode, str(generation)))
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def cached_search(raw_query, language="en", limit=service.DEFAULT_LIMIT, topic="", source="web",
                  record=True, mode="hybrid", compute=None, needs_event_id=True):
    """service.search, reusing a result computed for the same question. Returns
    (response, reused). `compute` wraps the real search (load shedding runs it inside a
    render slot and may raise instead). Without `needs_event_id` (the JSON API) a reused
    answer's event may be written in a batch (search.event_buffer)."""
    started = time.monotonic()
    text, language, limit = _question(raw_query, language, limit)
    generation = content_generation()
    key = result_key(text, language, limit, topic, mode, generation)
    stored = _get(key) if generation is not None else None
    if stored is None and generation is not None:
        stored = _follow(key)  # the same question is being computed here already: wait for it
    if stored is None:
        # The JSON API's computed answers are counted in a batch too (no event id needed).
        buffered = record and not needs_event_id and event_buffer.enabled()

        def run():
            return service.search(text, language=language, limit=limit, topic=topic,
                                  source=source, record=record and not buffered, mode=mode,
                                  generation=generation)
        with _leading(key) if generation is not None else nullcontext():
            response = compute(run) if compute else run()
            if generation is not None:
                _set(key, _shareable(response))
        if buffered and words(text):
            _buffer_event(response, text, started, source)
        return response, False
    return reused(stored, text, started, source, record, needs_event_id), True


def stored_answer(raw_query, language="en", limit=service.DEFAULT_LIMIT, topic="",
                  mode="hybrid"):
    """(cleaned query, stored response) when the result cache has this question's answer
    for the current content, else None. Nothing is computed, waited for or recorded."""
    key = answer_key(raw_query, language, limit, topic, mode)
    stored = None if key is None else _get(key)
    return None if stored is None else (clean_query(raw_query), stored)


def answer_key(raw_query, language="en", limit=service.DEFAULT_LIMIT, topic="", mode="hybrid"):
    """The result cache's key for this question's answer under the current content, or
    None when the content generation cannot be read."""
    text, language, limit = _question(raw_query, language, limit)
    generation = content_generation()
    return None if generation is None else result_key(text, language, limit, topic, mode,
                                                      generation)


def reused(response, text, started, source, record=True, needs_event_id=True):
    """A stored response made this request's own: its words, its analytics event."""
    response.query = text
    if record and words(text):
        if not needs_event_id and event_buffer.enabled():
            _buffer_event(response, text, started, source)
        else:
            latency_ms = (time.monotonic() - started) * 1000
            event = record_search(text, response.language, response.total, response.backend,
                                  latency_ms, source, confident=response.confident,
                                  needs_translation=response.answered_elsewhere, soon=True)
            response.event_id = event.pk if event else None
    return response


def _buffer_event(response, text, started, source):
    latency_ms = (time.monotonic() - started) * 1000
    event_buffer.events.add(search_event(text, response.language, response.total,
                                         response.backend, latency_ms, source,
                                         confident=response.confident,
                                         needs_translation=response.answered_elsewhere))


def _question(raw_query, language, limit):
    language = language if language in language_codes() else "en"
    limit = max(1, min(int(limit or service.DEFAULT_LIMIT), service.MAX_LIMIT))
    return clean_query(raw_query), language, limit


# One computation per question per process at a time. Right after a content change every
# stored result is stale at once, and in a surge the same few questions arrive by the
# dozen: without this each of them would take a search slot (and the excess a 503) to
# compute the same answer. Followers wait up to FOLLOW_WAIT seconds for the leader's result.
FOLLOW_WAIT = 1.5
_computing = {}  # key -> threading.Event set when the leader is done
_computing_lock = threading.Lock()


@contextmanager
def _leading(key):
    done = threading.Event()
    with _computing_lock:
        mine = key not in _computing
        if mine:
            _computing[key] = done
    try:
        yield
    finally:
        if mine:
            with _computing_lock:
                _computing.pop(key, None)
            done.set()


def _follow(key):
    with _computing_lock:
        running = _computing.get(key)
    if running is None or not running.wait(FOLLOW_WAIT):
        return None
    return _read(key)  # stored since this request last looked


def _shareable(response):
    """The response without what belongs to the resident who asked first."""
    from dataclasses import replace

    return replace(response, query="", event_id=None)


def _get(key):
    """The stored answer (read once per search request: the front looks before Django)."""
    return once(key, lambda: _read(key))


def _read(key):
    try:
        return cache.get(key)
    except Exception:
        return None


def _set(key, value):
    forget(key)
    try:
        cache.set(key, value, timeout())
    except Exception:
        logger.warning("could not store a search result", exc_info=True)


def result_header(reused):
    """[("X-Search-Result", "reused" | "computed")] where SEARCH_RESULT_HEADER is on (load
    tests, development), else []: in public it would tell anyone whether somebody else
    asked a question in the last minute."""
    if not getattr(settings, "SEARCH_RESULT_HEADER", False):
        return []
    return [("X-Search-Result", "reused" if reused else "computed")]
