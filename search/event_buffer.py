"""Search events written in batches, for answers that need no event id back.

Every search is counted (search.analytics). A reused API answer costs well under a
millisecond apart from its analytics row, and one INSERT per request is then the largest
single cost of a surge (measured with bench/search_surge.py: about a quarter of the
throughput of repeated questions). The JSON API never hands the event id to the client, so
its events can wait a moment: they are kept in this process and written with one
bulk INSERT every SEARCH_EVENT_FLUSH_SECONDS (or sooner when EVENT_BATCH have gathered),
by one background thread, and at exit. The search page still writes its event at once: its
click links and "was this helpful" carry the event id.

What this costs: events of the last fraction of a second are lost if the process is
killed outright (SIGKILL, a crash); nothing is lost on a normal stop. Only used when
SEARCH_EVENTS_BUFFERED is on (the default with a shared cache, i.e. the scale-out set-up;
off in the embedded default and in tests, where every event is written at once).
"""

import atexit
import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection

from .models import SearchEvent

logger = logging.getLogger(__name__)

EVENT_BATCH = 200
MAX_PENDING = 50_000  # a database that stays down must not fill the memory: drop beyond


def enabled():
    return getattr(settings, "SEARCH_EVENTS_BUFFERED", getattr(settings, "SHARED_CACHE", False))


class EventBuffer:
    def __init__(self):
        self._pending = []
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
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="search-events",
                                                daemon=True)
                self._thread.start()
        if full:
            self._wake.set()

    def flush(self):
        """Write what is pending now; returns how many were written."""
        with self._lock:
            batch, self._pending = self._pending, []
        if not batch:
            return 0
        try:
            SearchEvent.objects.bulk_create(batch, batch_size=500)
            return len(batch)
        except Exception:  # analytics must never take the site down; keep them for later
            logger.warning("could not write %d search events; retrying", len(batch),
                           exc_info=True)
            with self._lock:
                self._pending[:0] = batch[: max(0, MAX_PENDING - len(self._pending))]
            close_old_connections()
            return 0

    def _run(self):
        interval = getattr(settings, "SEARCH_EVENT_FLUSH_SECONDS", 0.5)
        while True:
            self._wake.wait(interval)
            self._wake.clear()
            self.flush()
            if not connection.in_atomic_block:
                close_old_connections()  # honours CONN_MAX_AGE like a request would


events = EventBuffer()
atexit.register(events.flush)
