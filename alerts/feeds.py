"""Public alert feeds: CAP per alert, the CAP Atom index and an Atom feed for people."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from . import cap
from .models import Alert
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
    return HttpResponse(cap.render_alert(alert), content_type="application/cap+xml; charset=utf-8")


def cap_index(request):
    body = cap.render_atom_index(
        _feed_alerts(), "Port Alder CAP alerts", absolute(reverse("alerts_cap_index")),
        lambda a: {"href": absolute(reverse("alerts_cap", args=[a.pk])),
                   "type": "application/cap+xml"})
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")


def people_feed(request):
    body = cap.render_atom_index(
        _feed_alerts(), "Port Alder alerts and updates", absolute(reverse("alerts_feed")),
        lambda a: {"href": a.web or absolute("/")})
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")
