"""Full-page cache for anonymous readers, with publish-time invalidation.

Every cached page is keyed by a *generation* number. Publishing a page or snippet,
changing crisis mode or publishing/cancelling/expiring an alert bumps the generation,
so the very next request renders fresh HTML; nothing has to enumerate URLs.

The generation must be one number for every process, or a change made by the CLI, the
scheduler or another web process would reach pages only when their copies time out.
With a shared cache (Redis) it lives there; with a per-process cache (the embedded
default's local memory) it lives in the database, one primary-key read per request
(PAGE_CACHE_GENERATION_STORE = "cache" | "database" overrides the choice).

Query strings do not split the cache: only parameters in PAGE_CACHE_QUERY_PARAMS are
part of the key, so `?utm_source=...` or `?fbclid=...` on a shared link is a hit.

Each page is also kept as a "last good" copy under a generation-free key. When the
view fails (database down) the last good copy is served instead of an error page.
If the cache itself is down, pages are simply rendered uncached.
"""

import hashlib
import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date

from alerts.feeds import feed_paths
from content.models.pages import crisis_page_paths
from search import generation as generations

from .models import PageCacheGeneration

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
FRESH_TIMEOUT = getattr(settings, "PAGE_CACHE_TIMEOUT", 300)
STALE_TIMEOUT = getattr(settings, "PAGE_CACHE_STALE_TIMEOUT", 7 * 24 * 3600)
# Searches are never page-cached: each one is a resident's question the analytics count.
SKIPPED_PREFIXES = ("/admin", "/django-admin", "/agents", "/api/", "/static/", "/media/",
                    "/documents/", "/healthz", "/readyz", "/search/", "/es/search/",
                    "/ar/search/")
STORABLE_TYPES = ("text/html", "application/atom+xml", "application/xml", "application/cap+xml")


def generation_store():
    configured = getattr(settings, "PAGE_CACHE_GENERATION_STORE", "")
    if configured:
        return configured
    return "cache" if getattr(settings, "SHARED_CACHE", False) else "database"


def _read_generation_from_cache():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = int(time.time() * 1000)
        cache.add(GENERATION_KEY, generation, None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def _bump_generation_in_cache():
    try:
        return cache.incr(GENERATION_KEY)
    except ValueError:
        generation = int(time.time() * 1000)
        cache.set(GENERATION_KEY, generation, None)
        return generation


def _read_generation_from_database():
    value = PageCacheGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
    return 0 if value is None else value


def _bump_generation_in_database():
    if not PageCacheGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        PageCacheGeneration.objects.get_or_create(pk=1, defaults={"value": 1})
    return _read_generation_from_database()


def current_generation():
    """The page-cache generation (read once per search request: search.generation)."""
    return generations.once(GENERATION_KEY, _current_generation)


def _current_generation():
    try:
        if generation_store() == "database":
            return _read_generation_from_database()
        return _read_generation_from_cache()
    except Exception:  # a down cache or database must never take pages down with it
        logger.warning("page cache generation unavailable; serving uncached", exc_info=True)
        return None


def invalidate(reason=""):
    """Make every cached page stale at once, for every process, and purge the CDN.

    In the database the bump is part of the caller's transaction, so no process can see
    the new generation with the old content. A cache cannot join the transaction, so
    there the bump waits for the commit (otherwise a request in between would store the
    old page under the new generation). The CDN purge always waits for the commit."""
    if generation_store() == "database":
        _bump("database", reason)
        transaction.on_commit(_purge_frontend_cache)
    else:
        transaction.on_commit(lambda: (_bump("cache", reason), _purge_frontend_cache()))


def _bump(store, reason):
    recent_pages.clear()  # this process sees its own change at once; others within seconds
    generations.forget(GENERATION_KEY)
    try:
        if store == "database":
            generation = _bump_generation_in_database()
        else:
            generation = _bump_generation_in_cache()
        logger.info("page cache invalidated (%s) -> generation %s", reason, generation)
        return generation
    except Exception:
        logger.warning("could not invalidate page cache (%s)", reason, exc_info=True)
        return None


def crisis_urls():
    """Pages a crisis change alters everywhere: what the CDN must drop at once. (Wagtail
    itself purges a page's own URL when that page is published.)"""
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    paths = crisis_page_paths() + feed_paths() + [reverse("alerts_cap_index")]
    return [base + path for path in dict.fromkeys(paths)]


def _purge_frontend_cache():
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    try:
        purge_urls_from_cache(crisis_urls())
    except Exception:
        logger.warning("frontend cache purge failed", exc_info=True)


def anonymous_page_read(method, path, cookies, query_names, meta):
    """The one rule for what the page cache (and the WSGI front) may answer: an anonymous
    GET or HEAD of a resident page, not a preview, not the static mirror's render."""
    return (
        method in ("GET", "HEAD")
        and not path.startswith(SKIPPED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in cookies
        and "preview" not in query_names
        and "HTTP_X_BEACON_STATIC_MIRROR" not in meta  # rendered without forms
    )


def _cacheable_request(request):
    return (
        getattr(settings, "PAGE_CACHE_ENABLED", True)
        and not getattr(request, "is_dummy", False)  # Wagtail's preview render
        and anonymous_page_read(request.method, request.path, request.COOKIES, request.GET,
                                request.META)
    )


def cache_path(path, query_lists):
    """The path plus only the query parameters pages use (tracking tags dropped).
    `query_lists`: (name, [values]) pairs, as QueryDict.lists() gives them."""
    wanted = getattr(settings, "PAGE_CACHE_QUERY_PARAMS", ("page",))
    kept = sorted((name, values) for name, values in query_lists if name in wanted)
    if not kept:
        return path
    return f"{path}?{urlencode(kept, doseq=True)}"


def page_key(host, path):
    """One cache entry per page: (generation, stored at, (body, status, headers)). It is
    the fresh copy while its generation is current and it is younger than FRESH_TIMEOUT,
    and the last good copy (kept STALE_TIMEOUT) for when rendering fails or sheds load."""
    digest = hashlib.sha256(f"{host}|{path}".encode()).hexdigest()[:32]
    return f"page-cache:page:{digest}"


def request_page_key(request):
    return page_key(request.get_host(), cache_path(request.path, request.GET.lists()))


def fresh_entry(stored, generation):
    """The page to serve as current, or None."""
    if not stored or generation is None:
        return None
    stored_generation, stored_at, entry = stored
    if stored_generation != generation or time.time() - stored_at > FRESH_TIMEOUT:
        return None
    return entry


def lookup(key):
    """(generation, stored page) in one cache round trip when the generation is in the
    cache too (one MGET); the database read otherwise."""
    if generation_store() == "database":
        return current_generation(), _safe_get(key)
    try:
        found = cache.get_many([GENERATION_KEY, key])
    except Exception:
        return None, None
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = current_generation()
    return generation, found.get(key)


class RecentPages:
    """Pages this process took from the shared cache in the last PAGE_CACHE_LOCAL_SECONDS,
    kept in its own memory so a surge on one page costs no cache round trip per request.

    The price is that long of staleness in the *other* processes after a publish (the
    publishing process drops its copies at once), the same as the nginx front's
    1-second microcache. 0 turns it off. Bounded: past MAX pages it starts again empty."""

    MAX = 512

    def __init__(self):
        self.pages = {}

    def get(self, key):
        found = self.pages.get(key)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def put(self, key, entry):
        seconds = getattr(settings, "PAGE_CACHE_LOCAL_SECONDS", 0)
        if seconds <= 0:
            return
        if len(self.pages) >= self.MAX:
            self.pages = {}
        self.pages[key] = (time.monotonic() + seconds, entry)

    def clear(self):
        self.pages = {}


recent_pages = RecentPages()


def _safe_get(key):
    try:
        return cache.get(key)
    except Exception:
        return None


def _store(key, generation, entry):
    try:
        cache.set(key, (generation, time.time(), entry), STALE_TIMEOUT)
    except Exception:
        logger.warning("could not store page in cache", exc_info=True)


def _finish(request, response_body, status, headers, cache_state):
    from django.http import HttpResponse, HttpResponseNotModified

    etag = headers.get("ETag")
    if etag and request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
        response["ETag"] = etag
    else:
        response = HttpResponse(response_body, status=status)
        for name, value in headers.items():
            response[name] = value
    response["X-Page-Cache"] = cache_state
    return response


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = request_page_key(request)
        generation, stored = lookup(key)
        hit = fresh_entry(stored, generation)
        if hit is not None:
            return _finish(request, *hit, cache_state="hit")

        response = self.get_response(request)
        if response.status_code >= 500:
            if stored is not None:
                logger.error("serving last good copy of %s after %s", request.path,
                             response.status_code)
                return _finish(request, *stored[2], cache_state="stale")
            return response
        if generation is None or not self._storable(request, response):
            return response

        body = response.content
        headers = {
            "Content-Type": response["Content-Type"],
            "ETag": '"%s"' % hashlib.md5(body, usedforsecurity=False).hexdigest(),
            "Last-Modified": http_date(),
            "Cache-Control": getattr(
                settings,
                "PAGE_CACHE_CONTROL",
                "public, max-age=0, s-maxage=60, stale-while-revalidate=30, stale-if-error=86400",
            ),
            "Vary": "Cookie, Accept-Language",
        }
        for name in ("Content-Language", "Content-Security-Policy", "Referrer-Policy",
                     "X-Content-Type-Options", "X-Frame-Options", "Cross-Origin-Opener-Policy",
                     "Permissions-Policy"):  # set inside this middleware: stored with the page
            if response.has_header(name):
                headers[name] = response[name]
        entry = (body, response.status_code, headers)
        _store(key, generation, entry)
        for name, value in headers.items():
            response[name] = value
        patch_vary_headers(response, ("Cookie",))
        response["X-Page-Cache"] = "miss"
        if request.headers.get("If-None-Match") == headers["ETag"]:
            return _finish(request, *entry, cache_state="miss")
        return response

    @staticmethod
    def _storable(request, response):
        return (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith(STORABLE_TYPES)
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-cache" not in response.get("Cache-Control", "")
            and not getattr(request, "_page_cache_skip", False)
        )
