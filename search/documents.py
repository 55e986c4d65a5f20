"""What gets indexed: FAQs, live pages, live messages and active alerts, as SearchDocuments.

The Elasticsearch Document class lives in backends/elasticsearch.py beside its mappings.
"""

from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.text import Truncator

from wagtail.models import Page

from alerts.models import Alert
from alerts.selectors import active_alerts
from content.models import FAQ, InfoPage, Message, TopicPage

from .backends.base import SearchDocument

ALERT_BOOST = 4.0
ALERT_TOPIC_BOOST = 3.0


def _snippet(text, words=30):
    return Truncator(" ".join(strip_tags(text or "").split())).words(words)


def _language(item):
    return item.locale.language_code if getattr(item, "locale_id", None) else "en"


@dataclass(frozen=True)
class CrisisContext:
    """Read once per indexing run: what is boosted, and where crisis messages link to."""

    boosted_messages: frozenset  # translation keys of messages used by active alerts
    boosted_topics: frozenset
    hub_urls: dict  # language code -> crisis hub URL in that language

    def hub_url(self, language):
        return self.hub_urls.get(language) or self.hub_urls.get("en") or "/"


def crisis_context():
    from portal.models import CrisisSettings

    alerts = active_alerts()
    topic_ids = Message.topics.through.objects.filter(
        message_id__in=[alert.message_id for alert in alerts]).values_list("topic_id", flat=True)
    setting = CrisisSettings.objects.select_related("hub_page").first()
    hub_urls = {}
    if setting and setting.hub_page_id:
        for hub in setting.hub_page.get_translations(inclusive=True).live().select_related(
                "locale"):
            hub_urls[hub.locale.language_code] = hub.url or "/"
    return CrisisContext(frozenset(alert.message.translation_key for alert in alerts),
                         frozenset(topic_ids), hub_urls)


def faq_document(faq, context):
    topics = list(faq.topics.all())
    boost = ALERT_TOPIC_BOOST if any(t.pk in context.boosted_topics for t in topics) else 1.0
    return SearchDocument(
        key=f"faq:{faq.pk}", doc_type="faq", object_id=faq.pk, title=faq.question,
        url=faq.get_absolute_url(), body=faq.plain_answer,
        snippet=faq.short_answer or _snippet(faq.answer), short_answer=faq.short_answer,
        keywords=faq.keyword_list, topics=[t.slug for t in topics], boost=boost,
        language=_language(faq),
    )


def message_document(message, context):
    language = _language(message)
    return SearchDocument(
        key=f"message:{message.pk}", doc_type="message", object_id=message.pk,
        title=message.headline, url=context.hub_url(language), body=message.plain_body,
        snippet=_snippet(message.body), topics=[t.slug for t in message.topics.all()],
        boost=ALERT_BOOST if message.translation_key in context.boosted_messages else 1.0,
        language=language,
    )


def page_document(page):
    page = page.specific
    body = ""
    if isinstance(page, InfoPage):
        body = " ".join([page.summary] + [strip_tags(str(block.render())) for block in page.body])
    elif isinstance(page, TopicPage):
        body = page.intro
    summary = getattr(page, "summary", "") or getattr(page, "intro", "") or page.search_description
    return SearchDocument(
        key=f"page:{page.pk}", doc_type="page", object_id=page.pk, title=page.title,
        url=page.url or "/", body=body, snippet=_snippet(summary or body),
        topics=[page.topic.slug] if getattr(page, "topic_id", None) else [],
        language=_language(page),
    )


def alert_document(alert, context):
    return SearchDocument(
        key=f"alert:{alert.pk}", doc_type="alert", object_id=alert.pk, title=alert.headline,
        url=context.hub_url(_language(alert.message)), body=f"{alert.event} {alert.area_desc} "
        f"{alert.message.plain_body}", snippet=_snippet(alert.message.body),
        boost=ALERT_BOOST,
    )


def all_documents():
    context = crisis_context()
    for faq in FAQ.objects.filter(live=True).select_related("locale").prefetch_related("topics"):
        yield faq_document(faq, context)
    for message in Message.objects.filter(live=True).select_related("locale").prefetch_related(
            "topics"):
        yield message_document(message, context)
    for page in Page.objects.live().public().type(InfoPage, TopicPage).specific():
        yield page_document(page)
    for alert in Alert.objects.filter(state=Alert.State.ACTIVE).select_related("message"):
        yield alert_document(alert, context)


def count_documents():
    return (FAQ.objects.filter(live=True).count() + Message.objects.filter(live=True).count()
            + Page.objects.live().public().type(InfoPage, TopicPage).count()
            + Alert.objects.filter(state=Alert.State.ACTIVE).count())


def document_for(instance):
    """The document for one object, or None when it should not be in the index."""
    if isinstance(instance, FAQ):
        return faq_document(instance, crisis_context()) if instance.live else None
    if isinstance(instance, Message):
        return message_document(instance, crisis_context()) if instance.live else None
    if isinstance(instance, Alert):
        return (alert_document(instance, crisis_context())
                if instance.state == Alert.State.ACTIVE else None)
    if isinstance(instance, Page):
        specific = instance.specific
        if isinstance(specific, (InfoPage, TopicPage)) and specific.live:
            return page_document(specific)
    return None


def key_for(instance):
    prefix = {FAQ: "faq", Message: "message", Alert: "alert"}.get(type(instance), "page")
    return f"{prefix}:{instance.pk}"
