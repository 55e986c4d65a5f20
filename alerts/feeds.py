"""Public alert feeds: CAP per alert, the CAP Atom index (custom XML: CAP's own rules) and
an Atom feed for people (Django's syndication framework)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed

from . import cap
from .models import Alert
from .selectors import searchable_threads, thread_root
from .urls_helpers import absolute

FEED_SIZE = 50


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


class PeopleFeed(Feed):
    """Alerts, updates and cancels as people read them, newest first; an ended alert says
    so in its title."""

    feed_type = Atom1Feed

    def title(self):
        return f"{settings.WAGTAIL_SITE_NAME}: alerts and updates"

    def link(self):
        return absolute("/")

    def feed_url(self):
        return absolute(reverse("alerts_feed"))

    def author_name(self):
        return settings.WAGTAIL_SITE_NAME

    def items(self):
        # One entry per alert thread: its newest version (an update replaces, a cancel ends).
        return _latest_versions()[:FEED_SIZE]

    def item_title(self, alert):
        state = "" if alert.is_live else f" ({alert.get_state_display()})"
        return f"{alert.msg_type}: {alert.headline}{state}"

    def item_description(self, alert):
        return alert.message.plain_body[:500]

    def item_link(self, alert):
        """The alert's resident page (a cancel links the version it ended, which the page
        shows as cancelled)."""
        shown = alert.references_id if alert.msg_type == Alert.MsgType.CANCEL else alert.pk
        with translation.override(settings.LANGUAGE_CODE):  # the feed is in English
            return absolute(reverse("alert_page", kwargs={"pk": shown or alert.pk}))

    def item_guid(self, alert):
        # One id per thread: a feed reader replaces the entry when an update arrives.
        return f"urn:beacon:alert:{thread_root(alert).identifier}"

    item_guid_is_permalink = False

    def item_pubdate(self, alert):
        return alert.sent_at or alert.created_at

    def item_updateddate(self, alert):
        return alert.ended_at or alert.sent_at or alert.created_at


people_feed = PeopleFeed()
