"""Reused search answers for the JSON API, given before Django's request cycle.

In a crisis the same few questions arrive thousands of times (issue 22 point 8: >= 2,000
repeated searches/s on 2 cores). Once an answer is in the result cache
(search.result_cache), what is left of a request is the per-client rate limit, the danger
check, one analytics event and the JSON; Django's middleware, URL resolving and REST
framework's dispatch cost more than all of that together (bench/search_surge.py measured
about 1,000 answers/s through Django against ~2,000/s for Django's bare 429). So the WSGI
front (portal.wsgi_front) asks `answer` first, as it answers page-cache hits itself.

`answer` only ever answers a plain, valid GET that the cache can answer as Django would
(same JSON, same rate limit counter, same event); anything else (a miss, a parameter that
needs validating, a bad host) returns None and goes to Django unchanged. The headers every
response gets from Django's middleware (security headers, CSP) are learned by the front
from Django's own answer to this path and repeated.
"""

import re
import time

from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest

from rest_framework.renderers import JSONRenderer

from . import danger
from .api import SEARCH_API_RATE, api_body
from .load_shedding import busy_json, contact_numbers
from .ratelimit import over_limit, too_many_requests
from .result_cache import result_header, reused, stored_answer
from .text import language_codes

PATH = "/api/v1/search/"
_WHOLE_NUMBER = re.compile(r"\d{1,3}")
_renderer = JSONRenderer()


def answer(environ, admit=None):
    """(status, [(header, value)], body) for a search the result cache already answers, or
    None: Django then handles the request as it always did. When the cache has no answer,
    `admit()` (if given) must grant the search a place in this process's line; if it does
    not, the answer is "busy, try again" (503 + Retry-After, the danger box first), as
    Django's view gives when no search slot frees in time, without Django's cost."""
    started = time.monotonic()
    request = WSGIRequest(environ)
    params = request.GET
    query = params.get("q", "").strip()
    limit = params.get("limit")
    if (not query or (limit is not None and not _WHOLE_NUMBER.fullmatch(limit))
            or "\x00" in environ.get("QUERY_STRING", "") or "%00" in environ.get("QUERY_STRING", "")):
        return None  # missing or to be validated: REST framework says what is wrong
    try:
        request.get_host()
    except DisallowedHost:
        return None
    found = stored_answer(query, params.get("lang", "en").strip(), int(limit) if limit else None,
                          params.get("topic", "").strip()[:80])
    if found is None:
        if admit is not None and not admit():
            return _busy(request, query, params.get("lang", "en").strip())
        return None
    text, response = found
    if over_limit(request, *SEARCH_API_RATE):
        refused = too_many_requests()
        return refused.status_code, list(refused.items()), refused.content
    emergency = danger.detect(query, response.language, number=contact_numbers(request)[0])
    response = reused(response, text, started, "api", needs_event_id=False)
    body = _renderer.render(api_body(response, emergency))
    return 200, [("Content-Type", "application/json"), *result_header(reused=True)], body


def _busy(request, query, language):
    """What search.api.SearchAPI answers when no search slot frees in time: no search, no
    event (nothing was answered), no rate-limit count; the danger box is never shed."""
    language = language if language in language_codes() else "en"
    emergency = danger.detect(query, language, number=contact_numbers(request)[0])
    refused = busy_json(request, language, danger=emergency)
    return refused.status_code, list(refused.items()), refused.content
