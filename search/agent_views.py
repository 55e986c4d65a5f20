"""/agents/gap/: an agent logs "caller asked, no answer" into the gap queue. Served by
search (it owns the queue) under the console's URL prefix and the console's permissions."""

import re

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from alerts.console_views import agents_only

from . import analytics
from .text import language_codes

ARABIC_LETTERS = re.compile(r"[\u0600-\u06ff]")


@require_POST
@agents_only()
def report_gap(request):
    text = request.POST.get("question", "").strip()
    if text:
        analytics.record_gap(text, language=_language(request.POST.get("lang", ""), text))
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"logged": bool(text)})
    console = reverse("agent_console")
    return redirect(f"{console}?gap=1" if text else console)


def _language(chosen, text):
    """The language the agent chose for the caller's question; a question in Arabic letters
    is Arabic whatever was left chosen (a probe's Spanish question was logged as English,
    and "Use this wording" would then have put it on the English FAQ)."""
    if ARABIC_LETTERS.search(text):
        return "ar"
    chosen = (chosen or "").strip().lower()
    return chosen if chosen in language_codes() else "en"


urlpatterns = [
    path("gap/", report_gap, name="agent_gap"),
]
