"""The one Celery app. Tasks live in each app's tasks.py and are thin wrappers."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Re-dispatch deliveries left pending by a dead broker or a lost message.
    "sweep-pending-deliveries": {"task": "alerts.tasks.sweep_deliveries", "schedule": 30.0},
    # Scheduled alerts go live within a minute of their time; expired ones come down.
    "activate-and-expire-alerts": {"task": "alerts.tasks.tick_alert_lifecycle", "schedule": 20.0},
    "roll-up-search-events": {"task": "search.tasks.roll_up_and_flag", "schedule": 300.0},
}
