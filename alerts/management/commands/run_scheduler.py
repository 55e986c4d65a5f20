"""The embedded default's stand-in for Celery beat: every 20 s, send due deliveries and
move alerts through their lifecycle. With a broker, run `celery -A portal beat` instead."""

import time

from django.core.management.base import BaseCommand

from alerts.tasks import sweep_deliveries, tick_alert_lifecycle


class Command(BaseCommand):
    help = "Run the alert scheduler loop (scheduled alerts, expiry, delivery retries)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=20.0)
        parser.add_argument("--once", action="store_true")

    def handle(self, interval, once=False, **options):
        while True:
            tick_alert_lifecycle()
            sweep_deliveries()
            if once:
                return
            time.sleep(interval)
