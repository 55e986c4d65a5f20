"""The search page seen from the WSGI front (portal.wsgi_front), before Django's request
cycle: which page requests would compute a search, and the busy page the front gives when
this process already has as many of those as it may (as search.api_front does for the
JSON API).

A first results page this process has rendered for the same address, answer and crisis
state is served from here with the request's own analytics event and tokens
(search.page_reuse): no render, no Django. Another whose answer the result cache holds
costs a render and needs no search; one that would compute waits for a place in the
process's line (SearchLine) and is otherwise told "busy" here, with the danger box first
and the contact numbers, as the view says it when no search slot frees in time. Anything
else (later result pages, the offline page, a bad host) goes to Django unchanged.
"""

import time

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.urls import reverse
from django.utils import translation

from . import danger, page_reuse
from .load_shedding import busy_page, contact_numbers
from .page_reuse import PER_PAGE
from .ratelimit import over_limit, too_many_requests
from .result_cache import stored_answer


def paths():
    """Path -> language of the search page in each language (i18n URL prefixes)."""
    default = settings.LANGUAGE_CODE
    return {("/search/" if code == default else f"/{code}/search/"): code
            for code, _name in settings.LANGUAGES}


def answer(environ, language, admit):
    """(status, [(header, value)], body) for what the front answers itself, else None:
    Django renders the page. A first page this process holds rendered for the same
    address, answer and crisis state is served with this search's own event and tokens
    (search.page_reuse). A request that would compute a search (a first page of a question
    whose answer the result cache does not hold) when `admit()` finds no place for it gets
    the busy page in `language`, the danger box first."""
    started = time.monotonic()
    request = WSGIRequest(environ)
    params = request.GET
    query = params.get("q", "")
    if not query.strip() or params.get("offline") == "1" or params.get("page", "1") != "1":
        return None
    try:
        request.get_host()
    except DisallowedHost:
        return None
    held = page_reuse.held_pages.get(page_reuse.page_key(environ, language))
    if held is not None:
        if over_limit(request, "search-page", settings.SEARCH_PAGE_PER_MINUTE):
            refused = too_many_requests()
            return refused.status_code, list(refused.items()), refused.content
        headers, body = page_reuse.serve(held, query, started)
        return 200, headers, body
    if stored_answer(query, params.get("lang") or language, PER_PAGE,
                     params.get("topic", "")[:80]) is not None or admit():
        return None
    with translation.override(language):
        browse = reverse("faq_index")
    emergency = danger.detect(query, language, number=contact_numbers(request)[0])
    refused = busy_page(request, language, browse_url=browse, danger=emergency)
    return refused.status_code, list(refused.items()), refused.content
