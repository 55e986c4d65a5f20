"""What gets indexed: FAQs, live pages, live messages and alerts, as SearchDocuments.

An alert is indexed as one document per chain (the alert, its updates and its cancel) and
language, keyed by the chain's first alert, built from the newest version and carrying
its status: residents never see an outdated version as a separate current result, and a
cancelled or expired alert says so and loses its crisis boost. A message that an alert
speaks is found through its alert, not as a second result with the same text.

The Elasticsearch Document class lives in backends/elasticsearch.py beside its mappings.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext

from wagtail.models import Page

from alerts.models import Alert
from alerts.selectors import (
    active_alerts,
    is_searchable,
    public_status,
    searchable_threads,
    thread_latest,
)
from content.models import FAQ, InfoPage, Message, TopicPage

from .backends.base import SearchDocument
from .text import language_codes

ALERT_BOOST = 4.0
ALERT_TOPIC_BOOST = 3.0
# An ended (cancelled or expired) alert goes under current content for the same question:
# its fused score is multiplied by the ranking's floor (search.ranking._boost applies a
# boost at or under 1 as it is, floored at 0.01), so anything current scoring more than a
# hundredth of it comes first; it is still found, marked as ended, when nothing current is.
ENDED_ALERT_BOOST = 0.3


def _snippet(text, words=30):
    return Truncator(" ".join(strip_tags(text or "").split())).words(words)


def _language(item):
    return item.locale.language_code if getattr(item, "locale_id", None) else "en"


@dataclass(frozen=True)
class CrisisContext:
    """Read once per indexing run: what is boosted, and which messages are found through
    their alert."""

    boosted_messages: frozenset  # translation keys of messages used by active alerts
    boosted_topics: frozenset
    alert_messages: frozenset = frozenset()  # translation keys found through their alert


def crisis_context():
    alerts = active_alerts()
    topic_ids = Message.topics.through.objects.filter(
        message_id__in=[alert.message_id for alert in alerts]).values_list("topic_id", flat=True)
    spoken = Message.objects.filter(
        pk__in=Alert.objects.exclude(state__in=[Alert.State.DRAFT, Alert.State.SCHEDULED])
        .values("message_id")).values_list("translation_key", flat=True)
    return CrisisContext(frozenset(alert.message.translation_key for alert in alerts),
                         frozenset(topic_ids), frozenset(spoken))


def faq_document(faq, context):
    topics = list(faq.topics.all())
    boost = ALERT_TOPIC_BOOST if any(t.pk in context.boosted_topics for t in topics) else 1.0
    return SearchDocument(
        key=f"faq:{faq.pk}", doc_type="faq", object_id=faq.pk, title=faq.question,
        url=faq.get_absolute_url(), body=faq.plain_answer,
        snippet=faq.short_answer or _snippet(faq.answer), short_answer=faq.short_answer,
        keywords=faq.keyword_list, topics=[t.slug for t in topics], boost=boost,
        language=_language(faq), questions=faq_questions(faq),
        group=f"faq:{faq.translation_key}",
    )


def faq_questions(faq):
    """The question view: the FAQ's question and the wordings staff approved for it."""
    own = getattr(faq, "search_questions", None)
    return list(own()) if callable(own) else [faq.question]


def message_document(message, context):
    language = _language(message)
    return SearchDocument(
        key=f"message:{message.pk}", doc_type="message", object_id=message.pk,
        # its own page: the hub lists only the updates pinned there or carried by an alert
        title=message.headline, url=_url_in("message_page", message.pk, language),
        body=message.plain_body,
        snippet=_snippet(message.body), topics=[t.slug for t in message.topics.all()],
        boost=ALERT_BOOST if message.translation_key in context.boosted_messages else 1.0,
        language=language, group=f"message:{message.translation_key}",
    )


def _url_in(name, pk, language):
    with translation.override(language):
        return reverse(name, kwargs={"pk": pk})


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
        language=_language(page), group=f"page:{page.translation_key}",
    )


def thread_key(root, language):
    return f"alert:{root.pk}:{language}"


def thread_documents(root, latest, status, context):
    """One document per language the newest version's message has (live translations)."""
    from wagtail.models import Locale

    documents = []
    for locale in Locale.objects.filter(language_code__in=language_codes()):
        if locale.language_code == _language(latest.message):
            message = latest.message
        else:  # findable in the translation's words, even while it is being brought up to date
            message = latest.message.get_translation_or_none(locale)
            if message is None or not message.live:
                continue
        snippet = _snippet(message.body)
        if status != "active":  # say it ended, and when, in the result itself
            snippet = f"{ended_label(latest, status, locale.language_code)}. {snippet}"
        documents.append(SearchDocument(
            key=thread_key(root, locale.language_code), doc_type="alert", object_id=latest.pk,
            # the alert's own page (areas, map, in force or not), which a cancel is shown on
            title=message.headline, url=_url_in("alert_page", (
                latest.references_id if latest.msg_type == Alert.MsgType.CANCEL
                and latest.references_id else latest.pk), locale.language_code),
            body=f"{latest.event} {latest.area_desc} {message.plain_body}",
            snippet=snippet, topics=[t.slug for t in message.topics.all()],
            boost=ALERT_BOOST if status == "active" else ENDED_ALERT_BOOST, status=status,
            language=locale.language_code, group=f"alert:{root.pk}",
        ))
    return documents


def ended_label(latest, status, language):
    """'Cancelled Nov 23, 3:14 PM' in the document's language and its date format
    ('Cancelada 23 nov, 15:14'; portal/formats)."""
    ended = latest.ended_at or latest.sent_at or latest.created_at
    with translation.override(language):
        label = gettext("Cancelled") if status == "cancelled" else gettext("Expired")
        return f"{label} {date_format(timezone.localtime(ended), 'SHORT_DATETIME_FORMAT')}"


def alert_documents(alert, context):
    """(documents, keys to delete) for the chain `alert` belongs to."""
    root, latest = thread_latest(alert)
    status = public_status(latest)
    searchable = is_searchable(root, latest, status)  # this chain only, not every chain
    documents = thread_documents(root, latest, status, context) if searchable else []
    produced = {d.key for d in documents}
    stale = [thread_key(root, code) for code in language_codes()
             if thread_key(root, code) not in produced]
    return documents, stale


def all_documents():
    context = crisis_context()
    for faq in FAQ.objects.filter(live=True).select_related("locale").prefetch_related(
            "topics", "wordings"):
        yield faq_document(faq, context)
    for message in Message.objects.filter(live=True).select_related("locale").prefetch_related(
            "topics"):
        if message.translation_key not in context.alert_messages:
            yield message_document(message, context)
    for page in Page.objects.live().public().type(InfoPage, TopicPage).specific():
        yield page_document(page)
    for root, latest, status in searchable_threads():
        yield from thread_documents(root, latest, status, context)


def count_documents():
    """An estimate for progress bars."""
    return (FAQ.objects.filter(live=True).count() + Message.objects.filter(live=True).count()
            + Page.objects.live().public().type(InfoPage, TopicPage).count()
            + Alert.objects.filter(state=Alert.State.ACTIVE).count())


def documents_for(instance):
    """(documents to index, keys to delete) when `instance` changed."""
    if isinstance(instance, Alert):
        return alert_documents(instance, crisis_context())
    key = key_for(instance)
    if isinstance(instance, FAQ):
        return ([faq_document(instance, crisis_context())], []) if instance.live else ([], [key])
    if isinstance(instance, Message):
        context = crisis_context()
        if instance.live and instance.translation_key not in context.alert_messages:
            return [message_document(instance, context)], []
        return [], [key]
    if isinstance(instance, Page):
        specific = instance.specific
        if isinstance(specific, (InfoPage, TopicPage)) and specific.live:
            return [page_document(specific)], []
    return [], [key]


def key_for(instance):
    prefix = {FAQ: "faq", Message: "message"}.get(type(instance), "page")
    return f"{prefix}:{instance.pk}"
