"""Wagtail page types: home, topic, info and the crisis hub."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from content.blocks import InfoBodyBlock, KeyActionBlock, MessageBlock
from content.localization import localize

from .snippets import FAQ, Message

HUB_UPDATES_HOOK = "beacon_hub_updates"


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
        context["faqs"], context["untranslated_faqs"] = self.questions()
        return context

    def questions(self):
        """This topic's live FAQs in the page's language, and the ones written in the
        default language that have no version in it yet (translations lag in a crisis: the
        reader still sees that an answer exists, marked as not in their language)."""
        if not self.topic_id:
            return [], []
        return topic_questions(self.topic_id, self.locale_id)


def topic_questions(topic_id, locale_id):
    """A topic's live FAQs in a language, and those in the default language with no version
    in it yet (by question; both lists)."""
    own = list(FAQ.objects.filter(live=True, topics=topic_id, locale=locale_id)
               .select_related("locale").order_by("question"))
    return own, list(untranslated_faqs(locale_id).filter(topics=topic_id)
                     .select_related("locale").order_by("question"))


def untranslated_faqs(locale_id):
    """Live FAQs in the default language with no live version in `locale_id` yet (none
    when it is the default language)."""
    default = Locale.get_default()
    if locale_id == default.pk:
        return FAQ.objects.none()
    translated = FAQ.objects.filter(live=True, locale=locale_id).values("translation_key")
    return FAQ.objects.filter(live=True, locale=default).exclude(translation_key__in=translated)


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
        """Alerts (active, then recently ended) and pinned messages, newest first.

        Alerts sit above content, so they are asked through the `beacon_hub_updates`
        Wagtail hook (alerts/wagtail_hooks.py registers one): each hook returns HubUpdates."""
        items = [item for fn in hooks.get_hooks(HUB_UPDATES_HOOK) for item in fn()]
        shown_messages = {item.message_id for item in items}
        for block in self.pinned_messages:
            message = block.value
            if isinstance(message, Message) and message.live and message.pk not in shown_messages:
                items.append(HubUpdate.from_message(message))
        # What is true now first (newest first; an all-clear is true now), then what no
        # longer holds, marked as such.
        items.sort(key=lambda item: item.updated_at, reverse=True)
        return sorted(items, key=lambda item: item.no_longer_holds)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        updates = self.updates()
        context["updates"] = updates
        times = [item.updated_at for item in updates] + [self.last_published_at]
        context["last_updated"] = max(t for t in times if t)
        return context


def crisis_page_paths():
    """The pages a crisis changes everywhere (the banner and the hub show on them), in every
    language: the home pages, the crisis hubs and the FAQ index. The CDN purge and the
    banner check both use this one list."""
    paths = ["/"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.append(reverse("faq_index"))
    paths += [home.url for home in HomePage.objects.live() if home.url]
    paths += [hub.url for hub in CrisisHubPage.objects.live() if hub.url]
    return list(dict.fromkeys(paths))


@dataclass
class HubUpdate:
    """One row of the hub's update list, whether it came from an alert or a message."""

    headline: str
    body: str
    updated_at: datetime
    message_id: int
    status: str = ""
    severity: str = ""
    next_update_by: datetime | None = None
    ended_state: str = ""  # "cancelled", "expired" or "ended" (an all-clear's words):
    # shown for two days, never as current
    ended_at: datetime | None = None
    notice: str = ""  # "not translated yet", in the reader's language
    url: str = ""  # the update's own page, where it has one (an alert's)
    key: str = ""  # unique among the hub's rows: its anchor there

    @property
    def anchor(self):
        return f"update-{self.key or self.message_id}"

    @property
    def ended(self):
        return bool(self.ended_state)

    @property
    def no_longer_holds(self):
        """Cancelled or expired: what it said is kept for reference, not to be followed."""
        return self.ended_state in ("cancelled", "expired")

    @property
    def ended_label(self):
        return {"cancelled": _("Cancelled"), "expired": _("Expired"),
                "ended": _("Ended")}.get(self.ended_state, "")

    @classmethod
    def from_message(cls, message):
        shown = localize(message)
        return cls(headline=shown.item.headline, body=shown.item.body,
                   updated_at=message.last_published_at or message.first_published_at,
                   message_id=message.pk, notice=shown.notice, key=f"m{message.pk}")
