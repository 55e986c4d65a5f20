"""The one Celery app. Tasks live in each app's tasks.py and are thin wrappers.

Sending a task goes through a circuit breaker: when the broker cannot be reached, the
first send fails after one short connection attempt and every send in the next
BROKER_CIRCUIT_SECONDS fails at once, so a publish during a broker outage returns in well
under a second instead of waiting out a timeout per delivery. Nothing is lost: callers
keep the work (outbox rows stay pending for the sweeper; search indexes inline).
"""

import logging
import os
import threading
import time

from celery import Celery, Task
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
logger = logging.getLogger(__name__)


class BrokerCircuit:
    """Open for a few seconds after a failed send; sends while open fail immediately."""

    def __init__(self):
        self._open_until = 0.0
        self._lock = threading.Lock()

    def is_open(self):
        return time.monotonic() < self._open_until

    def trip(self, seconds):
        with self._lock:
            if not self.is_open():
                logger.warning("broker unreachable: sends fail fast for %s s", seconds)
            self._open_until = time.monotonic() + seconds

    def reset(self):
        self._open_until = 0.0


broker_circuit = BrokerCircuit()


class BreakerTask(Task):
    def apply_async(self, *args, **kwargs):
        if self.app.conf.task_always_eager:
            return super().apply_async(*args, **kwargs)
        if broker_circuit.is_open():
            raise OperationalError("broker unavailable (circuit open); not sent")
        try:
            return super().apply_async(*args, **kwargs)
        except (OperationalError, ConnectionError, OSError):
            from django.conf import settings

            broker_circuit.trip(getattr(settings, "BROKER_CIRCUIT_SECONDS", 10))
            raise


app = Celery("portal", task_cls=BreakerTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Scheduled alerts go live within 20 s of their time; expired ones come down.
    "activate-and-expire-alerts": {"task": "alerts.tasks.tick_alert_lifecycle", "schedule": 20.0},
    # Re-dispatch deliveries left pending by a dead broker or a lost message.
    "sweep-pending-deliveries": {"task": "alerts.tasks.sweep_deliveries", "schedule": 30.0},
    "roll-up-search-events": {"task": "search.tasks.roll_up_and_flag", "schedule": 300.0},
    # Sign-ups nobody confirmed within 48 hours are deleted.
    "purge-unconfirmed-subscriptions": {
        "task": "alerts.tasks.purge_unconfirmed_subscriptions", "schedule": 3600.0},
    "purge-old-conversations": {"task": "conversations.tasks.purge_conversations", "schedule": 86400.0},
}
