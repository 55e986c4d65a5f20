"""Resident search page, JSON API, autocomplete, click tracking and "Was this helpful?"."""

from django.conf import settings
from django.core.cache import cache
from django.core.signing import BadSignature
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from wagtail.models import Locale, Page

from content.localization import name_order
from content.models import FAQ, Topic
from content.templatetags.content_tags import localized_name

from . import danger, event_buffer, page_reuse, service, site_places
from .analytics import record_click, record_not_helpful, record_repeat
from .generation import page_generation
from .load_shedding import Busy, busy_page, contact_numbers, page_slots, search_slots
from .models import HelpfulVote
from .page_reuse import PER_PAGE, after_signer, click_signer
from .ratelimit import rate_limited
from .result_cache import cached_search, result_header
from .staff_rules import notices_over
from .text import scrub_comment

LAST_SEARCH_COOKIE = "beacon-last-search"  # set by a click, read by a "not helpful" vote


@require_GET
@never_cache  # each search is one resident's question: counted as such (results may be reused)
@rate_limited("search-page", per_minute=settings.SEARCH_PAGE_PER_MINUTE)
def search_page(request):
    if request.GET.get("offline") == "1":
        return offline_search_page(request)
    try:
        return page_slots.run(lambda: _search_page(request))
    except Busy:
        query = request.GET.get("q", "")
        return busy_page(request, request.LANGUAGE_CODE, browse_url=reverse("faq_index"),
                         danger=danger.detect(query, request.LANGUAGE_CODE,
                                              number=contact_numbers(request)[0])
                         if query else None)


def _search_page(request):
    query = request.GET.get("q", "")
    topic = request.GET.get("topic", "")[:80]
    if "\x00" in topic:  # no topic has one, and PostgreSQL refuses it in a query
        topic = ""
    response, results, page, reused, held_as = None, [], None, None, None
    # Checked before anything else can fail or be shed: a resident in danger reads "call
    # 911" first, even on the busy page.
    emergency = danger.detect(query, request.LANGUAGE_CODE, number=contact_numbers(
        request, page_generation())[0]) if query else None
    if query:
        number = _page_number(request)
        if number == 1:  # read before the search: a change meanwhile only makes it stale
            held_as = page_reuse.page_key(request.META, request.LANGUAGE_CODE)
        try:
            response, reused = cached_search(
                query, language=request.GET.get("lang") or request.LANGUAGE_CODE, topic=topic,
                limit=number * PER_PAGE, record=number == 1, compute=search_slots.run)
        except Busy:
            return busy_page(request, request.LANGUAGE_CODE, browse_url=reverse("faq_index"),
                             danger=emergency)
        _note_repeat(request, query)
        page = ResultPage(request, number, response.total)
        results = response.results[page.first - 1:page.last]
        for rank, hit in enumerate(results, start=page.first):
            hit.click_url = page_reuse.click_url(rank)  # this search's token: filled below
    page_response = render(request, "search/search_page.html", {
        "query": query, "response": response, "results": results, "page": page,
        "topics": _topic_choices(), "topic": topic, "danger": emergency,
        "places": site_places.places(query),
        "notices": notices_over(response.answer["id"]) if response and response.answer
        else [],
        "after": page_reuse.AFTER_MARK if response else "",
    })
    if response is not None:
        links = [(rank, hit.url) for rank, hit in enumerate(results, start=page.first)]
        if held_as is not None:
            page_reuse.hold(held_as, page_response.content, links,
                            translation.get_language(), response)
        page_response.content = page_reuse.fill(page_response.content, links,
                                                response.event_id)
    for name, value in result_header(reused) if reused is not None else ():
        page_response[name] = value
    return page_response


TOPIC_CHOICES_SECONDS = 60


def _topic_choices():
    """(slug, name in the reader's language) for the topic filter: kept a minute per
    language, as one topic name each cost a query per page (most of a reused page's)."""
    key = f"search-page:topics:{translation.get_language()}"
    choices = cache.get(key)
    if choices is None:
        choices = sorted(((topic.slug, localized_name(topic))
                          for topic in Topic.objects.originals()),
                         key=lambda choice: name_order(choice[1]))  # in the reader's letters
        cache.set(key, choices, TOPIC_CHOICES_SECONDS)
    return choices


def _note_repeat(request, query):
    """The results page's form carries its (signed) event: a new search from it within a
    minute, without a click, says the first one did not answer."""
    try:
        previous = int(after_signer.unsign(request.GET.get("after", "")))
    except (BadSignature, ValueError):
        return
    record_repeat(previous, service.clean_query(query))


def offline_search_page(request):
    """The static mirror's stand-in for search: says plainly that search is offline and
    lists every answer in the reader's language, so the page still helps."""
    faqs = FAQ.objects.filter(live=True, locale=Locale.get_active()).order_by("question")
    return render(request, "search/offline.html", {"faqs": faqs})


MAX_PAGES = service.MAX_LIMIT // PER_PAGE


def _page_number(request):
    try:
        return max(1, min(int(request.GET.get("page", "1")), MAX_PAGES))
    except ValueError:
        return 1


class ResultPage:
    """Which slice of the results this page shows, and links to its neighbours."""

    def __init__(self, request, number, total):
        reachable = min(total, MAX_PAGES * PER_PAGE)
        self.count = max(1, -(-reachable // PER_PAGE))
        self.number = min(number, self.count)
        self.first = (self.number - 1) * PER_PAGE + 1
        self.last = min(self.number * PER_PAGE, reachable)
        self.previous = self._link(request, self.number - 1) if self.number > 1 else ""
        self.next = self._link(request, self.number + 1) if self.number < self.count else ""

    @staticmethod
    def _link(request, number):
        params = request.GET.copy()
        params["page"] = str(number)
        return params.urlencode()


@require_GET
def click(request):
    try:
        event_id, rank, url = click_signer.unsign(request.GET.get("t", "")).split(":", 2)
    except (BadSignature, ValueError):
        return HttpResponseBadRequest("This link is not valid.")
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        url = "/"
    response = HttpResponseRedirect(url)
    if event_id != "None":
        if not record_click(int(event_id), int(rank)) and event_buffer.enabled():
            event_buffer.events.click_later(int(event_id), int(rank))  # not written yet
        # A "not helpful" vote on the page this leads to is evidence against this search.
        response.set_cookie(LAST_SEARCH_COOKIE, click_signer.sign(event_id), max_age=900,
                            path="/search/", samesite="Lax", httponly=True)
    return response


def _note_not_helpful(request):
    try:
        event_id = int(click_signer.unsign(request.COOKIES.get(LAST_SEARCH_COOKIE, "")))
    except (BadSignature, ValueError):
        return
    record_not_helpful(event_id)


@csrf_exempt  # anonymous vote on cached pages; no session, rate-limited
@require_POST
@rate_limited("helpful", per_minute=settings.HELPFUL_VOTES_PER_MINUTE)
def helpful(request):
    target_type = request.POST.get("target_type")
    try:
        target_id = int(request.POST.get("target_id", ""))
    except ValueError:
        return HttpResponseBadRequest("Missing page.")
    if target_type not in ("faq", "page") or request.POST.get("helpful") not in ("yes", "no"):
        return HttpResponseBadRequest("Please choose yes or no.")
    target_model = FAQ if target_type == "faq" else Page
    if not 0 < target_id < 2**31 or not target_model.objects.filter(pk=target_id).exists():
        return HttpResponseBadRequest("That page does not exist.")
    token = f"voted-{target_type}-{target_id}"
    if token not in request.COOKIES:  # one vote per page per reader per hour
        if request.POST["helpful"] == "no":
            _note_not_helpful(request)
        HelpfulVote.objects.create(target_type=target_type, target_id=target_id,
                                   helpful=request.POST["helpful"] == "yes",
                                   comment=scrub_comment(request.POST.get("comment", "")))
    back = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    response = render(request, "search/helpful_thanks.html", {"back": back})
    response.set_cookie(token, "1", max_age=3600, samesite="Lax", httponly=True)
    return response
