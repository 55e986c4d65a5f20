"""Thin Celery wrappers around conversations.services."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def purge_conversations():
    """Daily: conversations past the city's retention period are deleted."""
    return services.purge()
