"""Thin Celery wrappers: index on publish, roll up analytics."""

from celery import shared_task

from . import analytics, indexing


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5,
             acks_late=True)
def reindex_object(model_label, pk):
    return indexing.reindex_by_label(model_label, pk)


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5,
             acks_late=True)
def reindex_objects(items):
    """[(model label, pk)] changed in one transaction: indexed as one batch."""
    return indexing.reindex_many(items)


@shared_task
def roll_up_and_flag():
    analytics.roll_up()
    analytics.flag_spikes()
    analytics.purge_old_events()
    analytics.purge_old_comments()
