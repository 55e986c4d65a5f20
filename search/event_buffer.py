"""Search events written in batches.

Every search is counted (search.analytics). A reused answer costs well under a
millisecond apart from its analytics row, and one INSERT per request is then the largest
single cost of a surge (measured with bench/search_surge.py: about a quarter of the
throughput of repeated questions). So events are kept in this process and written with
one bulk INSERT every SEARCH_EVENT_FLUSH_SECONDS (or sooner when EVENT_BATCH have
gathered), by one background thread, and at exit. The JSON API never hands the event id to
the client. A search page does (its click links and "search again" field carry it): on
PostgreSQL its event takes an id reserved from the table's sequence (`reserved_ids`, a
block at a time) and waits for the batch like the API's; a click that arrives before its
event is written is applied once it is (`click_later`). Elsewhere the page's event is
written at once.

What this costs: events of the last fraction of a second are lost if the process is
killed outright (SIGKILL, a crash); nothing is lost on a normal stop. Only used when
SEARCH_EVENTS_BUFFERED is on (the default with a shared cache, i.e. the scale-out set-up;
off in the embedded default and in tests, where every event is written at once).
"""

import atexit
import logging
import threading
import time
from collections import deque

from django.conf import settings
from django.db import close_old_connections, connection

from .models import SearchEvent

logger = logging.getLogger(__name__)

EVENT_BATCH = 200
MAX_PENDING = 50_000  # a database that stays down must not fill the memory: drop beyond
ID_BLOCK = 500  # event ids reserved from the sequence at once
CLICK_PATIENCE = 30.0  # seconds a click waits for its event to be written


def enabled():
    return getattr(settings, "SEARCH_EVENTS_BUFFERED", getattr(settings, "SHARED_CACHE", False))


class EventBuffer:
    def __init__(self):
        self._pending = []
        self._clicks = []  # (event id, rank, give up at)
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread = None
        self.dropped = 0

    def add(self, event):
        with self._lock:
            if len(self._pending) >= MAX_PENDING:
                self.dropped += 1
                return
            self._pending.append(event)
            full = len(self._pending) >= EVENT_BATCH
        self._start()
        if full:
            self._wake.set()

    def _start(self):
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="search-events",
                                                daemon=True)
                self._thread.start()

    def click_later(self, event_id, rank):
        """A click on a search whose event is still in some process's batch: applied when
        the event is written (tried at each flush for CLICK_PATIENCE seconds)."""
        with self._lock:
            if len(self._clicks) < MAX_PENDING:
                self._clicks.append((event_id, rank, time.monotonic() + CLICK_PATIENCE))
        self._start()

    def flush(self):
        """Write what is pending now; returns how many were written."""
        with self._lock:
            batch, self._pending = self._pending, []
        written = 0
        if batch:
            try:
                SearchEvent.objects.bulk_create(batch, batch_size=500)
                written = len(batch)
            except Exception:  # analytics must never take the site down; keep them for later
                logger.warning("could not write %d search events; retrying", len(batch),
                               exc_info=True)
                with self._lock:
                    self._pending[:0] = batch[: max(0, MAX_PENDING - len(self._pending))]
                close_old_connections()
        self._apply_clicks()
        return written

    def _apply_clicks(self):
        with self._lock:
            clicks, self._clicks = self._clicks, []
        waiting, now = [], time.monotonic()
        for event_id, rank, deadline in clicks:
            try:
                done = SearchEvent.mark_clicked(event_id, rank)
            except Exception:
                done = 0
            if not done and now < deadline:
                waiting.append((event_id, rank, deadline))
        if waiting:
            with self._lock:
                self._clicks.extend(waiting)

    def _run(self):
        interval = getattr(settings, "SEARCH_EVENT_FLUSH_SECONDS", 0.5)
        while True:
            self._wake.wait(interval)
            self._wake.clear()
            self.flush()
            if not connection.in_atomic_block:
                close_old_connections()  # honours CONN_MAX_AGE like a request would


class ReservedIds:
    """Event ids taken ahead from the table's sequence, ID_BLOCK in one query: an event
    that must give its id at once can still wait for the batch. PostgreSQL only (None
    elsewhere: the caller writes the event at once)."""

    def __init__(self):
        self._ids = deque()
        self._lock = threading.Lock()

    def take(self):
        with self._lock:
            if not self._ids and connection.vendor == "postgresql":
                try:
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                                       "FROM generate_series(1, %s)",
                                       [SearchEvent._meta.db_table, ID_BLOCK])
                        self._ids.extend(row[0] for row in cursor.fetchall())
                except Exception:  # the database is away: the caller writes at once (or not)
                    logger.warning("could not reserve search event ids", exc_info=True)
            return self._ids.popleft() if self._ids else None

    def clear(self):
        """Forget the ids taken (tests: a flushed database may hand them out again)."""
        with self._lock:
            self._ids.clear()


def write_soon(event):
    """`event` with its id, written in the next batch when an id could be reserved, else
    at once (SearchEvent.save: may raise like it)."""
    if enabled():
        event.pk = reserved_ids.take()
        if event.pk is not None:
            events.add(event)
            return event
    event.save(force_insert=True)
    return event


events = EventBuffer()
reserved_ids = ReservedIds()
atexit.register(events.flush)
