"""Thin Celery wrappers around the outbox and lifecycle services."""

from django.utils import timezone

from celery import shared_task

from . import notifications, outbox, publishing


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver(delivery_id):
    return outbox.deliver(delivery_id)


@shared_task(ignore_result=True)
def sweep_deliveries():
    return outbox.sweep()


@shared_task(ignore_result=True)
def tick_alert_lifecycle():
    """Every 20 s: scheduled alerts go live, expired ones come down, stale ones are flagged."""
    now = timezone.now()
    started = publishing.activate_due(now)
    expired = publishing.expire_due(now)
    notifications.notify_overdue_updates(now)
    notifications.notify_unconfirmed_break_glass(now)
    return {"started": len(started), "expired": len(expired)}
