"""Publish, unpublish and delete -> reindex through Celery, after the transaction commits."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, published, unpublished

from content.models import FAQ, Message

logger = logging.getLogger(__name__)


def enqueue_reindex(instance):
    from .tasks import reindex_object

    label, pk = instance._meta.label, instance.pk
    if isinstance(instance, Page):
        label = "wagtailcore.Page"

    def send():
        try:
            reindex_object.delay(label, pk)
        except Exception:  # broker down: index now rather than lose the update
            logger.warning("broker unavailable; indexing %s:%s inline", label, pk, exc_info=True)
            from .indexing import reindex_by_label

            try:
                reindex_by_label(label, pk)
            except Exception:
                logger.exception("inline indexing of %s:%s failed", label, pk)

    transaction.on_commit(send)


def _on_change(sender, instance, **kwargs):
    if isinstance(instance, (FAQ, Message, Page)):
        enqueue_reindex(instance)


for signal in (page_published, page_unpublished, published, unpublished):
    signal.connect(_on_change, dispatch_uid=f"search-{id(signal)}")
for model in (FAQ, Message):
    post_delete.connect(_on_change, sender=model, dispatch_uid=f"search-delete-{model.__name__}")
post_delete.connect(_on_change, sender=Page, dispatch_uid="search-delete-page")
