"""Searches rationed per process: the excess is told "busy, try again" at once.

A search that is not already answered from the result cache costs tens of milliseconds of
CPU (embedding the query, scoring). Let 64 of them run at once on two cores and every one
of them takes seconds and some time out; a resident waiting on a spinning page learns
nothing. So each process runs at most SEARCH_CONCURRENCY of them at a time; a request that
finds every slot taken waits at most SEARCH_SLOT_WAIT seconds, then gets a small 503 page
(or JSON) with Retry-After, in the reader's language, with the 311 and 911 numbers. Reused
results need no search slot; whole search pages are rationed too (SEARCH_PAGE_RENDER_SLOTS),
as the page-cache front rations page renders. Before any of this, the WSGI front
(portal.wsgi_front.SearchLine) lets only SEARCH_CONCURRENCY + SEARCH_QUEUE searches per
process (API requests and search pages that would compute) into Django and tells the rest
"busy" itself (search.api_front, search.page_front), after a short wait: a 503 through
Django's middleware costs nearly as much as a search.
"""

import threading

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template import engines
from django.utils.html import escape

from .held import ANY, HeldByGeneration

RETRY_AFTER = 5  # seconds; a cached answer is usually there by then


class Busy(Exception):
    """Every search slot of this process stayed taken for SEARCH_SLOT_WAIT seconds."""


class Slots:
    """A bounded number of concurrent runs per process; sized and timed from settings."""

    def __init__(self, size_setting, default_size, wait_setting, default_wait):
        self._lock = threading.Lock()
        self._size = None
        self._semaphore = None
        self._settings = (size_setting, default_size, wait_setting, default_wait)

    def semaphore(self):
        size_setting, default_size, _wait, _default = self._settings
        size = max(0, int(getattr(settings, size_setting, default_size)))
        if size != self._size:  # first use, or a test changed the setting
            with self._lock:
                if size != self._size:
                    self._semaphore, self._size = threading.BoundedSemaphore(size or 1), size
                    if size == 0:  # zero slots: every search is shed (tests, an emergency)
                        self._semaphore.acquire()
        return self._semaphore

    def run(self, function):
        semaphore = self.semaphore()
        _size, _default, wait_setting, default_wait = self._settings
        if not semaphore.acquire(timeout=max(0.0, getattr(settings, wait_setting, default_wait))):
            raise Busy
        try:
            return function()
        finally:
            semaphore.release()


search_slots = Slots("SEARCH_CONCURRENCY", 2, "SEARCH_SLOT_WAIT", 0.25)
# Whole search pages (the page around a result, reused or not: about 25 ms of template and
# queries each). 32 server threads rendering at once on two cores all finish late and some
# time out; a few at a time finish quickly and the excess is told "busy" at once.
page_slots = Slots("SEARCH_PAGE_RENDER_SLOTS", 4, "SEARCH_PAGE_RENDER_WAIT", 0.5)

# The busy message in each language. It lives here, next to the one place that sends it,
# rather than in the shared .po catalogues: it must read right even when a catalogue was
# not compiled, because it is what a resident sees when the site is under most pressure.
BUSY_TEXT = {
    "en": {"title": "Search is very busy", "try": "Please try again in a few seconds.",
           "call": "Questions: call {info}. Emergency: call {emergency}.",
           "browse": "Browse all questions"},
    "es": {"title": "La búsqueda está muy ocupada",
           "try": "Vuelva a intentarlo en unos segundos.",
           "call": "Preguntas: llame al {info}. Emergencias: llame al {emergency}.",
           "browse": "Ver todas las preguntas"},
    "ar": {"title": "البحث مشغول جدًا الآن", "try": "يرجى المحاولة مرة أخرى بعد بضع ثوانٍ.",
           "call": "للأسئلة: اتصل بالرقم {info}. في حالة الطوارئ: اتصل بالرقم {emergency}.",
           "browse": "تصفح جميع الأسئلة"},
}
RTL = {"ar"}


def busy_text(language):
    return BUSY_TEXT.get(language, BUSY_TEXT["en"])


NUMBERS_SECONDS = 5  # at most, as the crisis state (portal.crisis)
_numbers = HeldByGeneration(NUMBERS_SECONDS)  # per host
_NUMBERS_TEMPLATE = "{{ crisis.emergency_number|default:'911' }}\n{{ crisis.info_number|default:'311' }}"


def contact_numbers(request, generation=ANY):
    """(emergency, information) numbers as the site's contact settings give them, through
    the template context every page gets (search sits below the portal and does not import
    it). Kept per host for a few seconds, one thread reading them again at a time
    (search.held): a busy or reused answer must stay cheap. A caller that has read the
    site's page-cache generation (the search page, whose danger box is held with the page)
    passes it: numbers kept under another one are read again, so a changed number shows at
    once there."""
    return _numbers.get(request.get_host(), generation, lambda: _read_numbers(request))


def _read_numbers(request):
    try:
        text = engines["django"].from_string(_NUMBERS_TEMPLATE).render({}, request)
        emergency, info = (part.strip() for part in text.split("\n", 1))
    except Exception:  # the settings cannot be read: the national defaults
        emergency, info = "911", "311"
    return emergency or "911", info or "311"


def busy_page(request, language, browse_url="/", danger=None):
    """A small page that costs no database work (the numbers are kept for a few seconds);
    a danger box (search.danger) comes first when the question was about one."""
    emergency, info = contact_numbers(request)
    text = busy_text(language)
    direction = "rtl" if language in RTL else "ltr"
    first = (f'<section class="danger-box" role="alert"><h2>{escape(danger.title)}</h2>'
             f'<p>{escape(danger.text)}</p>'
             + "".join(f'<p><a href="{escape(href)}">{escape(label)}</a></p>'
                       for href, label in danger.actions)
             + '</section>' if danger else "")
    body = (f'<!doctype html><html lang="{escape(language)}" dir="{direction}"><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width">'
            f'<title>{escape(text["title"])}</title><main>{first}<h1>{escape(text["title"])}</h1>'
            f'<p>{escape(text["try"])}</p>'
            f'<p><strong>{escape(text["call"].format(info=info, emergency=emergency))}</strong></p>'
            f'<p><a href="{escape(browse_url)}">{escape(text["browse"])}</a></p></main></html>')
    response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    return _no_store(response)


def busy_json(request, language, danger=None):
    emergency, info = contact_numbers(request)
    text = busy_text(language)
    response = JsonResponse({
        "danger": danger.as_api() if danger else None, "error": "busy",
        "message": f"{text['title']}. {text['try']}",
        "call": text["call"].format(info=info, emergency=emergency),
        "info_number": info, "emergency_number": emergency, "retry_after": RETRY_AFTER,
    }, status=503, json_dumps_params={"ensure_ascii": False})
    return _no_store(response)


def _no_store(response):
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    # Shedding is the plan working, not a server error: no ERROR line (and its cost) for
    # each of thousands of shed requests in Django's request log.
    response._has_been_logged = True
    return response

