"""Publish, unpublish and delete -> reindex through Celery, after the transaction commits."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, published, unpublished

from alerts.events import alert_changed, ended_alert_checked
from content.models import FAQ, Message

from . import generation
from .indexing import reindex_many
from .models import BestBet, SynonymSet
from .tasks import reindex_objects

logger = logging.getLogger(__name__)


def enqueue_reindex(instance):
    """Reindex after commit. Everything one transaction changes goes out as one task, so
    an import of many FAQs embeds and writes them in batches, not one by one."""
    label, pk = instance._meta.label, instance.pk
    if isinstance(instance, Page):
        label = "wagtailcore.Page"
    connection = transaction.get_connection()  # one per thread
    pending = connection.__dict__.setdefault("_beacon_reindex", [])
    if (label, pk) not in pending:
        pending.append((label, pk))
    transaction.on_commit(lambda: _flush(connection))


def _flush(connection):
    """The first commit hook sends everything pending as one task; the others find nothing.
    (Items left by a rolled-back transaction go out with the next commit: reindexing reads
    the current state, so that is harmless.)"""
    items = connection.__dict__.pop("_beacon_reindex", [])
    if items:
        _send(items)


def _send(items):
    try:
        reindex_objects.delay(items)
    except Exception:  # broker down: index now rather than lose the update
        logger.warning("broker unavailable; indexing %s inline", items, exc_info=True)
        try:
            reindex_many(items)
        except Exception:
            logger.exception("inline indexing of %s failed", items)


def _reindex_for_alert(alert):
    """The alert itself, its message and the FAQs in its topics (crisis boost) change rank."""
    try:
        enqueue_reindex(alert)
        enqueue_reindex(alert.message)
        for translation in alert.message.get_translations():
            enqueue_reindex(translation)
        for faq in FAQ.objects.filter(live=True, topics__in=alert.message.topics.all()).distinct():
            enqueue_reindex(faq)
    except Exception:
        logger.exception("could not enqueue reindex for alert %s", alert.pk)


@receiver(alert_changed)
def _alert_changed(sender, alert, **kwargs):
    generation.bump("alert")  # a crisis change shows in search at once, before the reindex
    transaction.on_commit(lambda: _reindex_for_alert(alert))


@receiver(ended_alert_checked)
def _ended_alert_checked(sender, reason, **kwargs):
    generation.bump(reason)  # the answer box's "has ended" notice goes with held pages


def _search_settings_changed(sender, **kwargs):
    generation.bump(f"{sender.__name__} changed")  # staff synonyms and best bets apply at once


def _on_change(sender, instance, **kwargs):
    if isinstance(instance, (FAQ, Message, Page)):
        enqueue_reindex(instance)


for signal in (page_published, page_unpublished, published, unpublished):
    signal.connect(_on_change, dispatch_uid=f"search-{id(signal)}")
for model in (FAQ, Message):
    post_delete.connect(_on_change, sender=model, dispatch_uid=f"search-delete-{model.__name__}")
post_delete.connect(_on_change, sender=Page, dispatch_uid="search-delete-page")
for model in (BestBet, SynonymSet):
    for signal in (post_save, post_delete):
        signal.connect(_search_settings_changed, sender=model,
                       dispatch_uid=f"search-results-{model.__name__}-{id(signal)}")
