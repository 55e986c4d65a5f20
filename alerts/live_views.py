"""/events/: Server-Sent Events for the live pages (alerts/live.py has the hub).

An event says only "this stream changed" (its id and data are the stream's new ETag); the
page then fetches its partial HTML the way polling did, so permissions and rendering stay
in one place. Served from an async generator on the ASGI events process
(`python -m portal.serve --events`), and from a plain generator under WSGI, so `make run`
(runserver, one thread per connection) has live pages too.
"""

import asyncio

from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.db import connections
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import path

from asgiref.sync import sync_to_async

from . import live
from .console_views import AGENT_GROUPS, _in_groups

# How long the browser waits before reconnecting after a dropped connection.
RETRY_MS = 2000


def _frame(etag):
    return f"id: {etag}\ndata: {etag}\n\n"


def _opening(since, etag):
    """How long to wait before reconnecting; a `ready` event (no id: it does not move
    Last-Event-ID) that tells the page events really arrive (a buffering proxy would hold
    it back, and the page falls back to polling); the catch-up event if the state moved on."""
    return (f"retry: {RETRY_MS}\nevent: ready\ndata: \n\n"
            + (_frame(etag) if etag != since else ""))


def _state_and_hang_up(stream):
    """The stream's state, read on a pooled thread whose database connection is closed
    again: an open stream holds no database connection (PostgreSQL allows a few hundred)."""
    try:
        return live.state(stream)
    finally:
        connections.close_all()


def _sync_events(stream, since):
    hub = live.Hub.get()
    watcher = live.Watcher(stream)
    hub.watch(watcher)  # before reading the state: nothing published after it is missed
    try:
        last = live.state(stream)
        yield _opening(since, last)
        while True:
            etag = watcher.get(settings.LIVE_HEARTBEAT_SECONDS)
            if etag is None:
                yield ": keep-alive\n\n"
            elif etag != last:
                last = etag
                yield _frame(etag)
    finally:
        hub.unwatch(watcher)


async def _async_events(stream, since):
    hub = live.Hub.get()
    watcher = live.AsyncWatcher(stream, asyncio.get_running_loop())
    hub.watch(watcher)
    try:
        last = await sync_to_async(_state_and_hang_up, thread_sensitive=False)(stream)
        yield _opening(since, last)
        while True:
            etag = await watcher.aget(settings.LIVE_HEARTBEAT_SECONDS)
            if etag is None:
                yield ": keep-alive\n\n"
            elif etag != last:
                last = etag
                yield _frame(etag)
    finally:
        hub.unwatch(watcher)


def stream_response(request, stream):
    """The event stream for `stream`; the caller has checked who may watch it. A
    reconnect's Last-Event-ID (or the page's own ETag in ?since=) that is no longer the
    stream's state gets a catch-up event at once."""
    since = request.headers.get("Last-Event-ID") or request.GET.get("since", "")
    if not isinstance(request, ASGIRequest) and not settings.LIVE_STREAMS_ON_WSGI:
        return HttpResponse(status=204)  # not here: the page polls instead
    if isinstance(request, ASGIRequest):
        # This thread is the request's own (Django runs sync middleware and views on one
        # per request) and lives as long as the stream: let go of its database connection.
        connections.close_all()
        events = _async_events(stream, since)
    else:
        events = _sync_events(stream, since)
    response = StreamingHttpResponse(events, content_type="text/event-stream")
    response["Cache-Control"] = "private, no-cache, no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


def refuse_unless_agent(request):
    """403 (not a login redirect: an EventSource cannot follow one) unless an agent."""
    if not request.user.is_authenticated or not _in_groups(request.user, AGENT_GROUPS):
        return HttpResponse("Live updates are for contact-centre staff.", status=403)
    return None


def console_events(request):
    return refuse_unless_agent(request) or stream_response(request, "console")


urlpatterns = [
    path("console", console_events, name="events_console"),
]
