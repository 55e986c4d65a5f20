"""Live updates: one push mechanism for the agent console, the conversation queue and
chat threads (Server-Sent Events, alerts/live_views.py).

A *stream* is a name ("console", "queue", "conversation/12") whose state is an ETag, the
same one the polling endpoints answer with; an event's id is that ETag, so a reconnect's
`Last-Event-ID` says exactly what the browser last saw.

Publishers call `publish(stream)` after their change commits. Each process holds ONE
`Hub`: one background thread, one subscription, fanned out to every open connection in
the process. With REDIS_URL the subscription is Redis pub/sub (a change made by any
process shows everywhere at once). Without it (the embedded SQLite default) a publish
wakes the hub of its own process at once, and the hub re-reads the state of the streams
someone watches once a second, so changes made by other processes (the scheduler, the
command line) show within a second too.

It lives in alerts because the console is the first thing it serves and conversations
already builds on alerts; the streams' state functions are plugged in from settings
(LIVE_STREAMS), so this module imports nothing above it.
"""

import logging
import queue
import threading

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0


def publish(stream):
    """Tell every open page watching `stream` that it changed (after the commit)."""
    transaction.on_commit(lambda: _send(stream))


def _send(stream):
    client = _redis()
    if client is not None:
        try:
            client.publish(channel(), stream)
        except Exception:  # noqa: BLE001 - a live update is a courtesy; the page still loads
            log.warning("live: could not publish %s", stream, exc_info=True)
    hub = Hub.current
    if hub is not None and client is None:
        hub.wake(stream)


_client = None


def _redis():
    global _client  # noqa: PLW0603 - one connection pool per process
    if not getattr(settings, "REDIS_URL", ""):
        return None
    if _client is None:
        import redis

        _client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5,
                                       socket_timeout=0.5)
    return _client


def channel():
    """One Redis channel per site (sites sharing a Redis keep apart by key prefix)."""
    return (settings.CACHES["default"].get("KEY_PREFIX") or "beacon") + ":live"


def state(stream):
    """The stream's current ETag, from the function LIVE_STREAMS names for its kind."""
    kind, _, arg = stream.partition("/")
    function = import_string(settings.LIVE_STREAMS[kind])
    return function(arg) if arg else function()


class Watcher:
    """One open connection. `deliver` is called from the hub's thread; `get` is called by
    the connection (a WSGI thread) or awaited (an asyncio task, see AsyncWatcher)."""

    def __init__(self, stream):
        self.stream = stream
        self._queue = queue.Queue()

    def deliver(self, etag):
        self._queue.put(etag)

    def get(self, timeout):
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            return None


class AsyncWatcher(Watcher):
    def __init__(self, stream, loop):
        import asyncio

        super().__init__(stream)
        self._loop = loop
        self._async_queue = asyncio.Queue()

    def deliver(self, etag):
        self._loop.call_soon_threadsafe(self._async_queue.put_nowait, etag)

    async def aget(self, timeout):
        import asyncio

        try:
            return await asyncio.wait_for(self._async_queue.get(), timeout)
        except TimeoutError:
            return None


class Hub:
    """The process's one subscription, fanned out to its watchers."""

    current = None
    _lock = threading.Lock()

    @classmethod
    def get(cls):
        with cls._lock:
            if cls.current is None:
                cls.current = cls()
                cls.current.start()
            return cls.current

    def __init__(self):
        self.watchers = {}  # stream -> set of Watcher
        self.known = {}  # stream -> last ETag sent
        self.lock = threading.Lock()
        self.woken = queue.Queue()
        self.stopped = threading.Event()

    def start(self):
        self.uses_redis = _redis() is not None
        target = self._listen_redis if self.uses_redis else self._poll
        threading.Thread(target=target, name="beacon-live-hub", daemon=True).start()

    def watch(self, watcher):
        with self.lock:
            self.watchers.setdefault(watcher.stream, set()).add(watcher)

    def unwatch(self, watcher):
        with self.lock:
            group = self.watchers.get(watcher.stream, set())
            group.discard(watcher)
            if not group:
                self.watchers.pop(watcher.stream, None)
                self.known.pop(watcher.stream, None)

    def connections(self):
        with self.lock:
            return sum(len(group) for group in self.watchers.values())

    def wake(self, stream):
        self.woken.put(stream)

    def refresh(self, stream):
        """Read the stream's state once for the whole process; tell its watchers if it
        moved on."""
        with self.lock:
            if stream not in self.watchers:
                return
        try:
            etag = state(stream)
        except Exception:  # noqa: BLE001 - a database blip must not kill the hub
            log.warning("live: could not read %s", stream, exc_info=True)
            close_old_connections()
            return
        with self.lock:
            if self.known.get(stream) == etag:
                return
            self.known[stream] = etag
            group = list(self.watchers.get(stream, ()))
        for watcher in group:
            watcher.deliver(etag)

    def _poll(self):
        while not self.stopped.is_set():
            try:
                woken = self.woken.get(timeout=POLL_SECONDS)
            except queue.Empty:
                woken = None
            with self.lock:
                streams = [woken] if woken else list(self.watchers)
            if not streams:
                continue
            try:
                for stream in streams:
                    self.refresh(stream)
                close_old_connections()
            except Exception:  # noqa: BLE001 - keep listening whatever one read did
                log.warning("live: poll failed", exc_info=True)

    def _refresh_all(self):
        with self.lock:
            streams = list(self.watchers)
        for stream in streams:
            self.refresh(stream)
        close_old_connections()

    def _listen_redis(self):
        import time

        import redis

        while not self.stopped.is_set():
            try:
                # Its own connection, without the publisher's short read timeout.
                pubsub = redis.Redis.from_url(settings.REDIS_URL).pubsub(
                    ignore_subscribe_messages=True)
                pubsub.subscribe(channel())
                self._refresh_all()  # what changed while we were not listening
                while not self.stopped.is_set():
                    message = pubsub.get_message(timeout=5.0)
                    if message and message["type"] == "message":
                        self.refresh(message["data"].decode())
                        close_old_connections()
            except Exception:  # noqa: BLE001 - Redis restarted: subscribe again
                log.warning("live: lost the Redis subscription", exc_info=True)
                # Meanwhile, read the watched streams as the embedded hub does.
                try:
                    self._refresh_all()
                except Exception:  # noqa: BLE001
                    log.warning("live: poll failed", exc_info=True)
                time.sleep(POLL_SECONDS)
