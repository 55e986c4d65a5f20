"""Public alert feeds: CAP per alert, the CAP Atom index and an Atom feed for people."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from . import cap
from .models import Alert
from .selectors import searchable_threads
from .urls_helpers import absolute

FEED_SIZE = 50


def _feed_alerts():
    return list(Alert.objects.exclude(state__in=[Alert.State.DRAFT, Alert.State.SCHEDULED])
                .filter(scope=Alert.Scope.PUBLIC).select_related("message", "references")
                .order_by("-sent_at")[:FEED_SIZE])


def cap_alert(request, pk):
    alert = get_object_or_404(Alert.objects.exclude(state__in=[Alert.State.DRAFT,
                                                               Alert.State.SCHEDULED]), pk=pk,
                              scope=Alert.Scope.PUBLIC)
    document = alert.cap_document or cap.render_alert(alert)  # as sent, never re-rendered
    return HttpResponse(document, content_type="application/cap+xml; charset=utf-8")


def _latest_versions():
    """The newest version of each alert chain (an update replaces, a cancel ends)."""
    latest = {}
    for root, newest, _status in searchable_threads():
        latest[root.pk] = newest
    return sorted(latest.values(), key=lambda a: a.sent_at or a.created_at, reverse=True)


def cap_index(request):
    body = cap.render_atom_index(
        _latest_versions(), "Port Alder CAP alerts", absolute(reverse("alerts_cap_index")),
        lambda a: {"href": absolute(reverse("alerts_cap", args=[a.pk])),
                   "type": "application/cap+xml"})
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")


def people_feed(request):
    body = cap.render_atom_index(
        _feed_alerts(), "Port Alder alerts and updates", absolute(reverse("alerts_feed")),
        lambda a: {"href": a.web or absolute("/")})
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")
