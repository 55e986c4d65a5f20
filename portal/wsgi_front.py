"""What a surge meets first: cache hits answered before Django, renders rationed.

- A page-cache hit costs one cache round trip (generation and page in one MGET) and no
  Django request cycle (no URL resolving, no middleware, no template context): the same
  keys and entries as portal.page_cache.AnonymousPageCacheMiddleware, which still stores
  every page. Only with a shared cache (Redis). A page hit again within
  PAGE_CACHE_LOCAL_SECONDS is answered from this process's memory (page_cache.RecentPages).
- Anonymous page renders are limited per process (PAGE_RENDER_SLOTS). Past that a request
  waits at most PAGE_RENDER_WAIT seconds, then gets the last good copy of the page at once
  or a 503 with Retry-After: a surge degrades into slightly stale pages instead of every
  thread thrashing and timing out.
Anything signed in, any admin, agent, API or search request goes straight to Django, except
- a search through the JSON API whose answer the result cache already holds: answered here
  by search.api_front (same JSON, rate limit and analytics event as Django's), with the
  headers Django's middleware gave this path's last answer (learned, never made up). A
  search the cache cannot answer goes to Django only when this process has a place in its
  search line (SearchLine: SEARCH_CONCURRENCY computing + SEARCH_QUEUE waiting); past
  SEARCH_QUEUE_WAIT without one, the front answers it "busy" (503 + Retry-After) itself.
- a search page that would compute a search (a first page the result cache has no answer
  for, search.page_front) waits for a place in the same line; without one, the front gives
  the busy page in the page's language itself. Pages with a reused answer only render.
- Django never sees the process environment in request.META: some servers (Granian, like
  CGI) start every WSGI environ from os.environ, which holds SECRET_KEY, DATABASE_URL and
  the like; an error report or a debug dump of META would carry them.
"""

import os
import threading
from urllib.parse import parse_qs

from django.conf import settings
from django.core.cache import cache
from django.http.cookie import parse_cookie

from search import api_front, page_front
from search.generation import read_once

from . import page_cache

CGI_NAMES = frozenset((  # what a server sets for the request itself; never stripped
    "REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "CONTENT_TYPE",
    "CONTENT_LENGTH", "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL", "REMOTE_ADDR",
    "REMOTE_PORT", "REMOTE_HOST", "GATEWAY_INTERFACE", "SERVER_SOFTWARE", "RAW_URI",
))
STATUS_TEXT = {200: "200 OK", 304: "304 Not Modified", 429: "429 Too Many Requests",
               503: "503 Service Unavailable"}
# What belongs to one search answer, not to every answer of the path (search API fast path).
PER_ANSWER_HEADERS = frozenset(("content-length", "content-type", "content-language",
                                "x-search-result", "set-cookie", "retry-after"))
BUSY_PAGE = (b"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><meta name=\"viewport\" "
             b"content=\"width=device-width\"><title>Busy</title><h1>The site is very busy</h1>"
             b"<p>Please try again in a few seconds. Emergency: call 911.</p></html>")


class PageCacheFront:
    def __init__(self, application):
        self.application = application
        self.slots = threading.BoundedSemaphore(getattr(settings, "PAGE_RENDER_SLOTS", 4))
        self.wait = getattr(settings, "PAGE_RENDER_WAIT", 2.0)
        self.process_env = {name: value for name, value in os.environ.items()
                            if name not in CGI_NAMES}
        self.search_headers = {}  # https? -> headers Django's middleware gives search answers
        # One line for the API's searches and the search page's: they share the slots.
        self.search_line = SearchLine(getattr(settings, "SEARCH_CONCURRENCY", 2)
                                      + getattr(settings, "SEARCH_QUEUE", 2),
                                      getattr(settings, "SEARCH_QUEUE_WAIT", 0.1))
        self.search_pages = page_front.paths()
        self.search_page_headers = {}  # https? -> headers Django gives a search page

    def __call__(self, environ, start_response):
        if (environ.get("PATH_INFO") == api_front.PATH
                and environ.get("REQUEST_METHOD") in ("GET", "HEAD")):
            return self._search_api(self._request_only(environ), start_response)
        language = self.search_pages.get(environ.get("PATH_INFO"))
        if language and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            return self._search_page(self._request_only(environ), start_response, language)
        target = self._cacheable(environ)
        if target is None:
            return self.application(self._request_only(environ), start_response)
        key = page_cache.page_key(*target)
        stored = None
        if getattr(settings, "SHARED_CACHE", False) and settings.PAGE_CACHE_ENABLED:
            hit = page_cache.recent_pages.get(key)  # no round trip at all
            if hit is not None:
                return self._answer(environ, start_response, hit, "hit-local")
            generation, stored = page_cache.lookup(key)  # one round trip to the cache
            hit = page_cache.fresh_entry(stored, generation)
            if hit is not None:
                page_cache.recent_pages.put(key, hit)
                return self._answer(environ, start_response, hit, "hit")
        if not self.slots.acquire(timeout=self.wait):
            return self._shed(environ, start_response, key, stored)
        try:  # Django renders the whole page inside this call; sending happens after
            return self.application(self._request_only(environ), start_response)
        finally:
            self.slots.release()

    def _search_api(self, environ, start_response):
        return self._search(environ, start_response, self.search_headers,
                            lambda admit: api_front.answer(environ, admit=admit))

    def _search_page(self, environ, start_response, language):
        return self._search(environ, start_response, self.search_page_headers,
                            lambda admit: page_front.answer(environ, language, admit=admit))

    def _search(self, environ, start_response, headers_of, answer_here):
        """A search request (API or page): `answer_here(admit)` gives what the front answers
        itself (a reused API answer, a busy answer when `admit()` finds no place in this
        process's search line) or None; Django answers the rest, and the place it was given,
        if any, is freed when it has. The front answers only once it has learned, from
        Django's own 200, the headers this path gets (`headers_of`, per https or not)."""
        with read_once():  # the generations are read once for the front and Django both
            return self._search_once(environ, start_response, headers_of, answer_here)

    def _search_once(self, environ, start_response, headers_of, answer_here):
        secure = _secure(environ)
        learned = headers_of.get(secure)
        redirect = getattr(settings, "SECURE_SSL_REDIRECT", False) and not secure
        admitted = []
        found = (answer_here(lambda: self.search_line.enter(admitted))
                 if learned is not None and not redirect else None)
        if found is not None:
            return _respond(environ, start_response, learned, *found)
        try:
            return self.application(environ, _learning(start_response, headers_of, secure))
        finally:
            if admitted:
                self.search_line.leave()

    def _request_only(self, environ):
        """`environ` without what the server copied in from the process environment."""
        for name, value in self.process_env.items():
            if environ.get(name) == value:
                del environ[name]
        return environ

    @staticmethod
    def _cacheable(environ):
        """(host, cache path) when the request is an anonymous page read, else None."""
        try:
            path = (environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "/")).encode(
                "latin-1").decode("utf-8")
        except UnicodeError:
            return None
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if not page_cache.anonymous_page_read(environ.get("REQUEST_METHOD"), path,
                                              parse_cookie(environ.get("HTTP_COOKIE", "")),
                                              query, environ):
            return None
        if getattr(settings, "SECURE_SSL_REDIRECT", False) and not _secure(environ):
            return None  # Django redirects it to https
        host = environ.get("HTTP_HOST")
        if not host:
            return None
        return host, page_cache.cache_path(path, query.items())

    def _answer(self, environ, start_response, entry, state):
        body, status, headers = entry
        headers = dict(headers)
        etag = headers.get("ETag")
        if etag and environ.get("HTTP_IF_NONE_MATCH") == etag:
            status, body, headers = 304, b"", {"ETag": etag}
        headers["X-Page-Cache"] = state
        headers["Content-Length"] = str(len(body))
        coop = getattr(settings, "SECURE_CROSS_ORIGIN_OPENER_POLICY", None)
        if coop and status != 304:
            headers.setdefault("Cross-Origin-Opener-Policy", coop)
        if _secure(environ) and getattr(settings, "SECURE_HSTS_SECONDS", 0):
            value = f"max-age={settings.SECURE_HSTS_SECONDS}"
            if getattr(settings, "SECURE_HSTS_INCLUDE_SUBDOMAINS", False):
                value += "; includeSubDomains"
            if getattr(settings, "SECURE_HSTS_PRELOAD", False):
                value += "; preload"
            headers["Strict-Transport-Security"] = value
        start_response(STATUS_TEXT.get(status, f"{status} OK"), list(headers.items()))
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else body]

    def _shed(self, environ, start_response, key, stored):
        stored = stored or _get(key)
        if stored is not None:
            return self._answer(environ, start_response, stored[2], "stale-busy")
        start_response("503 Service Unavailable", [
            ("Content-Type", "text/html; charset=utf-8"), ("Retry-After", "5"),
            ("Cache-Control", "no-store"), ("Content-Length", str(len(BUSY_PAGE)))])
        return [BUSY_PAGE]


def _learning(start_response, learned, secure):
    """start_response that keeps, in `learned[secure]`, the headers Django's middleware
    gives this path's answers (a 200's, without what belongs to the one answer)."""
    def learn(status, headers, exc_info=None):
        if status.startswith("200 "):
            learned[secure] = [(name, value) for name, value in headers
                               if name.lower() not in PER_ANSWER_HEADERS]
        return start_response(status, headers, exc_info)
    return learn


def _respond(environ, start_response, learned, status, headers, body):
    """An answer made here, with the learned headers its own headers do not replace."""
    own = {name.lower() for name, _value in headers}
    headers = ([(name, value) for name, value in learned if name.lower() not in own]
               + headers + [("Content-Length", str(len(body)))])
    start_response(STATUS_TEXT.get(status, f"{status} Too Many Requests"), headers)
    return [b"" if environ["REQUEST_METHOD"] == "HEAD" else body]


class SearchLine:
    """The searches a process hands to Django to compute (API requests and search pages
    the result cache cannot answer): at most `places` at once, those computing plus those
    waiting for a search slot. One more waits up to `wait` seconds for a place, then is
    told "busy" by the front. In a long line every answer is late; answered at once, a
    client that ignores Retry-After (a load tester, a retry loop) asks again at once and
    burns the CPU the searches need; a short wait bounds both."""

    def __init__(self, places, wait):
        self._places = threading.BoundedSemaphore(max(1, places))
        self.wait = wait

    def enter(self, admitted):
        """True, noted in `admitted`, when a place was free within the wait."""
        if self._places.acquire(timeout=self.wait):
            admitted.append(True)
            return True
        return False

    def leave(self):
        self._places.release()


def _get(key):
    return cache.get(key)  # a Redis outage reads as a miss (portal/cache_backends.py)


def _secure(environ):
    if environ.get("wsgi.url_scheme") == "https":
        return True
    header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    return bool(header and environ.get(header[0]) == header[1])
