"""The embedded default's stand-in for Celery beat: every 20 s, send due deliveries and
move alerts through their lifecycle. With a broker, run `celery -A portal beat` instead."""

import time

from django.core.management.base import BaseCommand

from alerts.tasks import sweep_deliveries, tick_alert_lifecycle
from search.tasks import roll_up_and_flag


class Command(BaseCommand):
    help = "Run the alert scheduler loop (scheduled alerts, expiry, delivery retries)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=20.0)
        parser.add_argument("--once", action="store_true")

    def handle(self, interval, once=False, **options):
        ticks = 0
        while True:
            tick_alert_lifecycle()
            sweep_deliveries()
            if ticks % 15 == 0:  # every ~5 minutes: analytics roll-up and gap spikes
                roll_up_and_flag()
            ticks += 1
            if once:
                return
            time.sleep(interval)
