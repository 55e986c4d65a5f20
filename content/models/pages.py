"""Wagtail page types: home, topic, info and the crisis hub."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from content.blocks import InfoBodyBlock, KeyActionBlock, MessageBlock
from content.localization import localize

from .snippets import FAQ, Message


class HomePage(Page):
    intro = models.CharField(max_length=240, blank=True)
    hero_image = models.ForeignKey("wagtailimages.Image", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   help_text=_("Hidden in crisis mode (lite layout)."))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("hero_image")]
    subpage_types = ["content.TopicPage", "content.InfoPage", "content.CrisisHubPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topic_pages"] = TopicPage.objects.child_of(self).live().in_menu().specific() or \
            TopicPage.objects.child_of(self).live().specific()
        hub = CrisisHubPage.objects.live().descendant_of(self).first()
        context["hub"] = hub.specific if hub else None
        return context


class TopicPage(Page):
    topic = models.ForeignKey("content.Topic", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    intro = models.CharField(max_length=240, blank=True)

    content_panels = Page.content_panels + [FieldPanel("topic"), FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.InfoPage"]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["info_pages"] = self.get_children().live().specific()
        context["faqs"] = (FAQ.objects.filter(live=True, topics=self.topic_id)
                           if self.topic_id else FAQ.objects.none())
        return context


class InfoPage(Page):
    summary = models.CharField(max_length=240, blank=True)
    body = StreamField(InfoBodyBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    subpage_types = []
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]


class CrisisHubPage(Page):
    """Where the banner leads: latest updates newest first, key actions, numbers."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    key_actions = StreamField([("action", KeyActionBlock())], blank=True)
    pinned_messages = StreamField([("message", MessageBlock())], blank=True,
                                  help_text=_("Standing updates shown with the alerts."))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("key_actions"),
                                            FieldPanel("pinned_messages")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.InfoPage"]

    def updates(self):
        """Alerts (active, then recently ended) and pinned messages, newest first."""
        from alerts.selectors import hub_alerts

        items = [HubUpdate.from_alert(alert) for alert in hub_alerts()]
        shown_messages = {item.message_id for item in items}
        for block in self.pinned_messages:
            message = block.value
            if isinstance(message, Message) and message.live and message.pk not in shown_messages:
                items.append(HubUpdate.from_message(message))
        # What is true now first (newest first), then what has ended, marked as such.
        items.sort(key=lambda item: item.updated_at, reverse=True)
        return sorted(items, key=lambda item: item.ended)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        updates = self.updates()
        context["updates"] = updates
        times = [item.updated_at for item in updates] + [self.last_published_at]
        context["last_updated"] = max(t for t in times if t)
        return context


class HubUpdate:
    """One row of the hub's update list, whether it came from an alert or a message."""

    def __init__(self, *, headline, body, updated_at, message_id, status="", severity="",
                 next_update_by=None, alert=None):
        self.headline = headline
        self.body = body
        self.updated_at = updated_at
        self.message_id = message_id
        self.status = status
        self.severity = severity
        self.next_update_by = next_update_by
        self.alert = alert
        self.notice = ""

    @property
    def ended(self):
        """Cancelled or expired: shown for two days, never as current."""
        return bool(self.alert and self.alert.state in ("cancelled", "expired"))

    @property
    def ended_label(self):
        if not self.ended:
            return ""
        return _("Cancelled") if self.alert.state == "cancelled" else _("Expired")

    @property
    def ended_at(self):
        return self.alert.ended_at if self.ended else None

    @classmethod
    def from_alert(cls, alert):
        shown = localize(alert.message)
        update = cls(headline=shown.item.headline, body=shown.item.body,
                     updated_at=alert.sent_at or alert.created_at, message_id=alert.message_id,
                     status="" if alert.state == "active" else alert.get_state_display(),
                     severity=alert.get_severity_display(),
                     next_update_by=alert.next_update_by, alert=alert)
        update.notice = shown.notice
        return update

    @classmethod
    def from_message(cls, message):
        shown = localize(message)
        update = cls(headline=shown.item.headline, body=shown.item.body,
                     updated_at=message.last_published_at or message.first_published_at,
                     message_id=message.pk)
        update.notice = shown.notice
        return update

