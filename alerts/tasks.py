"""Thin Celery wrappers around the outbox and lifecycle services. (The delivery task itself
is `alerts.outbox.deliver_task`, beside the dispatcher that sends it.)"""

from django.utils import timezone

from celery import shared_task

from . import fanout, notifications, outbox, publishing, subscriptions


@shared_task(ignore_result=True)
def sweep_deliveries():
    """Deliveries and per-subscriber notifications a dead broker or worker left behind."""
    return {"deliveries": outbox.sweep(), "notifications": fanout.sweep()}


@shared_task(ignore_result=True)
def purge_unconfirmed_subscriptions():
    return subscriptions.purge_unconfirmed()


@shared_task(ignore_result=True)
def tick_alert_lifecycle():
    """Every 20 s: scheduled alerts go live, expired ones come down, stale ones are flagged."""
    now = timezone.now()
    started = publishing.activate_due(now)
    expired = publishing.expire_due(now)
    notifications.notify_overdue_updates(now)
    notifications.notify_unconfirmed_break_glass(now)
    return {"started": len(started), "expired": len(expired)}
