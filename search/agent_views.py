"""/agents/gap/: an agent logs "caller asked, no answer" into the gap queue. Served by
search (it owns the queue) under the console's URL prefix and the console's permissions."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from alerts.console_views import agents_only

from . import analytics


@require_POST
@agents_only()
def report_gap(request):
    text = request.POST.get("question", "").strip()
    if text:
        analytics.record_gap(text, language=request.POST.get("lang", "en"))
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"logged": bool(text)})
    console = reverse("agent_console")
    return redirect(f"{console}?gap=1" if text else console)


urlpatterns = [
    path("gap/", report_gap, name="agent_gap"),
]
