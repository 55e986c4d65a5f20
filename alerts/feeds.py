"""Public alert feeds: CAP per alert, the CAP Atom index (custom XML: CAP's own rules) and
an Atom feed for people (Django's syndication framework)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext, pgettext_lazy

from wagtail.models import Locale

from content.localization import localize, site_name

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


# An entry's title begins with what kind of message it is ("Update: ..."), in the feed's
# language; a cancel is a noun here, not the Cancel button.
KINDS = {Alert.MsgType.ALERT: pgettext_lazy("feed entry", "Alert"),
         Alert.MsgType.UPDATE: pgettext_lazy("feed entry", "Update"),
         Alert.MsgType.CANCEL: pgettext_lazy("feed entry", "Cancel")}


def feed_paths():
    """The people's feed in every language: /alerts/feed.atom, /es/alerts/feed.atom, ..."""
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.append(reverse("alerts_feed"))
    return paths


class PeopleFeed(Feed):
    """Alerts, updates and cancels as people read them, newest first, in the language of
    the address (/es/alerts/feed.atom: each message's Spanish text where it has one, else
    the English with the notice the pages show); an ended alert says so in its title."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return Locale.get_active()  # the language of the address (LocaleMiddleware)

    def title(self, locale):
        return gettext("%(site)s: alerts and updates") % {"site": site_name()}

    def link(self, locale):
        return absolute(_home())

    def feed_url(self, locale):
        return absolute(reverse("alerts_feed"))

    def author_name(self, locale):
        return site_name()

    def items(self, locale):
        # One entry per alert thread: its newest version (an update replaces, a cancel ends).
        alerts = _latest_versions()[:FEED_SIZE]
        for alert in alerts:
            alert.shown = localize(alert.message, locale)
            alert.ended_headline = (localize(alert.references.message, locale).item.headline
                                    if alert.ends_with_closing_words else "")
        return alerts

    def item_title(self, alert):
        if alert.ended_headline:
            # closing words: "Cancel: All clear ... (Cancelled)" read as if the all-clear
            # were cancelled
            return gettext("%(headline)s (ends “%(ended)s”)") % {
                "headline": alert.shown.item.headline, "ended": alert.ended_headline}
        state = "" if alert.is_live else f" ({alert.get_state_display()})"
        return f"{KINDS.get(alert.msg_type, alert.msg_type)}: {alert.shown.item.headline}{state}"

    def item_description(self, alert):
        if alert.ends_without_new_words:  # never the ended alert's instructions again
            return gettext("This alert is no longer in force.")
        notice = alert.shown.notice
        return ((notice + " ") if notice else "") + alert.shown.item.plain_body[:500]

    def item_link(self, alert):
        """The alert's resident page in the feed's language (a cancel links the version it
        ended, which the page shows as cancelled)."""
        shown = alert.references_id if alert.ends_without_new_words else alert.pk
        return absolute(reverse("alert_page", kwargs={"pk": shown or alert.pk}))

    def item_guid(self, alert):
        # One id per thread: a feed reader replaces the entry when an update arrives.
        return f"urn:beacon:alert:{thread_root(alert).identifier}"

    item_guid_is_permalink = False

    def item_pubdate(self, alert):
        return alert.sent_at or alert.created_at

    def item_updateddate(self, alert):
        return alert.ended_at or alert.sent_at or alert.created_at


def _home():
    code = translation.get_language() or settings.LANGUAGE_CODE
    return "/" if code == settings.LANGUAGE_CODE else f"/{code}/"


people_feed = PeopleFeed()
