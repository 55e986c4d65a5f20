"""The durable outbox: deliveries are rows first, Celery messages second.

`dispatch` may fail (dead broker) without losing anything: the row stays pending and
`sweep` sends it again. `deliver` locks the row and returns at once if the delivery is
already done, so a duplicated or retried task never posts twice.
"""

import logging
import random
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from celery import shared_task

from .channels import PermanentError, RetryableError, get_channel
from .models import Delivery

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BASE_BACKOFF_SECONDS = 5
MAX_BACKOFF_SECONDS = 15 * 60
STUCK_AFTER = timedelta(seconds=60)  # pending and never picked up
RETRY_GRACE = timedelta(seconds=10)  # a retry the broker should have delivered by now


def backoff_seconds(attempts):
    """Exponential backoff with full jitter."""
    ceiling = min(MAX_BACKOFF_SECONDS, BASE_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0))
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not security


@shared_task(name="alerts.outbox.deliver", acks_late=True, reject_on_worker_lost=True,
             ignore_result=True)
def deliver_task(delivery_id):
    """The Celery edge of the outbox, defined beside what it sends: a worker killed mid-way
    leaves the message unacknowledged (acks_late), so it is delivered again, and
    `deliver` is idempotent per delivery row."""
    return deliver(delivery_id)


def dispatch(delivery_id, countdown=None):
    """Hand a delivery to Celery. Returns False when the broker is unreachable."""
    if countdown and settings.CELERY_TASK_ALWAYS_EAGER:
        return True  # eager mode cannot wait; the scheduler loop sends it when it is due
    try:
        deliver_task.apply_async(args=[delivery_id], countdown=countdown, retry=False)
        return True
    except Exception as exc:  # kombu raises many kinds; any of them means "not sent"
        logger.warning("delivery %s not dispatched (%s); the sweeper will resend it",
                       delivery_id, exc)
        return False


def dispatch_on_commit(delivery_ids):
    transaction.on_commit(lambda: [dispatch(pk) for pk in delivery_ids])


def deliver(delivery_id):
    """Run one delivery attempt. Returns the delivery's state afterwards."""
    with transaction.atomic():
        delivery = (Delivery.objects.select_for_update(of=("self",)).select_related("alert__message",
                                                                        "alert__references")
                    .filter(pk=delivery_id).first())
        if delivery is None or delivery.is_done:
            return delivery.state if delivery else None
        channel = get_channel(delivery.channel)
        delivery.attempts += 1
        if not channel.is_enabled():
            delivery.state = Delivery.State.SKIPPED
            delivery.last_error = channel.disabled_reason()
            delivery.save()
            return delivery.state
        try:
            receipt = channel.deliver(delivery)
        except RetryableError as exc:
            _schedule_retry(delivery, str(exc), exc.retry_after)  # keeps a partial receipt
        except PermanentError as exc:
            delivery.state = Delivery.State.FAILED
            delivery.last_error = str(exc)
            delivery.save()
        except Exception as exc:  # a bug in a channel must not lose the delivery
            logger.exception("channel %s crashed on delivery %s", delivery.channel, delivery.pk)
            _schedule_retry(delivery, f"{type(exc).__name__}: {exc}", None)
        else:
            delivery.state = Delivery.State.DELIVERED
            delivery.receipt = receipt or {}
            delivery.delivered_at = timezone.now()
            delivery.last_error = ""
            delivery.save()
    if delivery.state == Delivery.State.RETRYING:
        wait = max((delivery.next_attempt_at - timezone.now()).total_seconds(), 0)
        transaction.on_commit(lambda: dispatch(delivery.pk, countdown=wait))
    return delivery.state


def _schedule_retry(delivery, error, retry_after):
    delivery.last_error = error[:2000]
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.state = Delivery.State.FAILED
        delivery.last_error = f"Gave up after {delivery.attempts} attempts. {error}"[:2000]
    else:
        wait = retry_after if retry_after is not None else backoff_seconds(delivery.attempts)
        delivery.state = Delivery.State.RETRYING
        delivery.next_attempt_at = timezone.now() + timedelta(seconds=wait)
    delivery.save()


def sweep(now=None):
    """Re-dispatch deliveries that are due but were never picked up (dead broker, lost
    message, killed worker). Returns how many were sent."""
    now = now or timezone.now()
    due = list(Delivery.objects.filter(
        Q(state=Delivery.State.PENDING, updated_at__lte=now - STUCK_AFTER)
        | Q(state=Delivery.State.RETRYING, next_attempt_at__lte=now - RETRY_GRACE,
            updated_at__lte=now - RETRY_GRACE)
    ).values_list("pk", flat=True))
    sent = [pk for pk in due if dispatch(pk)]
    # Touch what was sent so the next sweep leaves it alone unless it is stuck again.
    Delivery.objects.filter(pk__in=sent, state__in=[Delivery.State.PENDING,
                                                    Delivery.State.RETRYING]).update(
        updated_at=timezone.now())
    return len(sent)


def retry_now(delivery):
    """Admin "retry" button: a failed or waiting delivery goes back to pending."""
    Delivery.objects.filter(pk=delivery.pk).exclude(state=Delivery.State.DELIVERED).update(
        state=Delivery.State.PENDING, next_attempt_at=timezone.now())
    dispatch_on_commit([delivery.pk])
