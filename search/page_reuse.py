"""Search pages of a reused answer: rendered once per process, each request's own tokens
filled in.

In a crisis the same few questions arrive thousands of times, and most residents ask them
through the search page, not the JSON API. A first results page is the same for everyone
who asks the same thing the same way, except for what ties it to one resident's search:
the analytics event its click links and its "search again" field carry (signed tokens).
So the view renders those places as markers, keeps the rendered page in this process and
fills in the tokens of the request's own event; the WSGI front (search.page_front) serves
the next request for that page from here, without Django's request cycle, the same bytes
the view would give, with its own event and its own tokens.

A held page is keyed by everything that decides what it shows: scheme, host, path (the
language) and query string as the resident sent them, the result cache's key for the
answer (the content generation is part of it: a publish, an alert change or a staff rule
shows at once) and the page-cache generation the crisis banner was read under. It is
held at most HOLD_SECONDS, as long as the crisis state is (portal.crisis), for what no
change announces. The page-cache generation is the site's (SEARCH_PAGE_GENERATION names
the function that reads it: search does not depend on the portal). Only anonymous first
pages without other parameters are held (no session, not the static mirror's render, no
"after" to note as a repeat), asked with GET, of a query with words to search and no longer
than the search reads (a longer one would hold its whole text for the same answer).
Markers are unguessable per process (a query shown on the page cannot take a token), and
no answer says in public whether it was reused (search.result_cache.result_header).
"""

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import quote_plus

from django.conf import settings
from django.core.signing import Signer
from django.db import close_old_connections
from django.http.cookie import parse_cookie

from .analytics import record_search
from .generation import page_generation
from .result_cache import answer_key, result_header
from .text import MAX_QUERY_LENGTH, clean_query, words

click_signer = Signer(salt="search-click")
after_signer = Signer(salt="search-after")

PER_PAGE = 10  # results on a search page; a first page's result-cache key
PARAMETERS = frozenset(("q", "lang", "topic"))  # all a held page's address may carry
HELD_PAGES = 500  # per process; a page is ~10-20 kB
HOLD_SECONDS = 5
STATIC_MIRROR_HEADER = "HTTP_X_BEACON_STATIC_MIRROR"  # rendered without forms
# Where a page's tokens go, unguessable per process: a query that contains a marker (it is
# shown in the title and the search field) must not take a result link's token.
_MARK = secrets.token_hex(8)
CLICK_MARK = "beacon-click-{}-" + _MARK
AFTER_MARK = "beacon-after-" + _MARK
HELD_PAGE_BYTES = 64_000  # larger pages (a very long query shown three times) are not held


def click_url(rank):
    """A result's link as the template renders it: the token is filled in per request."""
    return "/search/click?t=" + CLICK_MARK.format(rank)


def click_token(event_id, rank, url):
    return click_signer.sign(f"{event_id}:{rank}:{url}")


def fill(body, links, event_id):
    """The rendered page with this search's tokens: `links` are the (rank, url) of its
    results. A search that recorded no event gets links that count no click."""
    for rank, url in links:
        body = body.replace(CLICK_MARK.format(rank).encode(),
                            quote_plus(click_token(event_id, rank, url)).encode(), 1)
    after = after_signer.sign(str(event_id)) if event_id else ""
    return body.replace(AFTER_MARK.encode(), after.encode())


@dataclass(frozen=True)
class HeldPage:
    body: bytes  # with markers
    links: tuple  # (rank, url) of the results shown
    content_language: str
    # what the analytics event of a search answered by this page records
    language: str
    total: int
    backend: str
    confident: bool
    answered_elsewhere: bool
    made: float


class HeldPages:
    def __init__(self, size=HELD_PAGES):
        self._pages = OrderedDict()
        self._lock = threading.Lock()
        self.size = size

    def get(self, key):
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                return None
            if time.monotonic() - page.made >= HOLD_SECONDS:
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key, page):
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def clear(self):
        with self._lock:
            self._pages.clear()


held_pages = HeldPages()


def page_key(environ, language):
    """The key a held first page of this request would have, or None when the request is
    not one whose page is held (see the module's docstring) or a generation is unknown.
    Read before the search and the render, so a change meanwhile only makes it stale."""
    params = _parameters(environ)
    query = params.get("q", "") if params is not None else ""
    # Not held: a query with nothing to search (Django records no search for it), one longer
    # than the search reads (each such page would hold the whole text for the same answer),
    # a HEAD (Django's view answers it 405 and counts no search).
    if not words(clean_query(query)) or len(query) > MAX_QUERY_LENGTH:
        return None
    if (environ.get("REQUEST_METHOD") != "GET" or STATIC_MIRROR_HEADER in environ
            or settings.SESSION_COOKIE_NAME in parse_cookie(environ.get("HTTP_COOKIE", ""))):
        return None
    answer = answer_key(params["q"], params.get("lang") or language, PER_PAGE,
                        params.get("topic", "")[:80])
    generation = page_generation() if answer is not None else None
    if generation is None:
        return None
    secure = environ.get("wsgi.url_scheme") == "https" or _proxied_https(environ)
    return (secure, environ.get("HTTP_HOST", ""), environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""), answer, str(generation))


def hold(key, body, links, content_language, response):
    if len(body) > HELD_PAGE_BYTES:
        return
    held_pages.put(key, HeldPage(
        body=body, links=tuple(links), content_language=content_language,
        language=response.language, total=response.total, backend=response.backend,
        confident=response.confident, answered_elsewhere=response.answered_elsewhere,
        made=time.monotonic()))


def serve(page, query, started):
    """(headers, body) of a held page for this request: its own event, its own tokens."""
    text = clean_query(query)
    try:
        event = record_search(text, page.language, page.total, page.backend,
                              (time.monotonic() - started) * 1000, "web",
                              confident=page.confident,
                              needs_translation=page.answered_elsewhere, soon=True)
    finally:
        # Outside Django's request cycle nobody else drops a connection that broke (a
        # database restart): the next search here then opens a new one.
        close_old_connections()
    body = fill(page.body, page.links, event.pk if event else None)
    return [("Content-Type", "text/html; charset=utf-8"),
            ("Content-Language", page.content_language),
            *result_header(reused=True)], body


def _parameters(environ):
    """The query string as {name: value} when it has only a held page's parameters, each
    once; else None."""
    from urllib.parse import parse_qsl

    try:
        pairs = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True,
                          strict_parsing=False, max_num_fields=len(PARAMETERS))
    except ValueError:
        return None
    names = [name for name, _value in pairs]
    if len(set(names)) != len(names) or not set(names) <= PARAMETERS:
        return None
    if any("\x00" in value for _name, value in pairs):
        return None
    return dict(pairs)


def _proxied_https(environ):
    header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    return bool(header and environ.get(header[0]) == header[1])
