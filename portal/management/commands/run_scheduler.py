"""The embedded default's stand-in for Celery beat: runs the tasks of the one beat
schedule (portal/celery.py, `app.conf.beat_schedule`) in this process, each at its own
interval. With a broker, run `celery -A portal beat` instead; both read the same table."""

import time

from django.core.management.base import BaseCommand

from portal.celery import app


class Command(BaseCommand):
    help = "Run the beat schedule in this process (scheduled alerts, expiry, delivery " \
           "retries, search analytics), without a broker."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=0,
                            help="Seconds between checks (default: the shortest schedule).")
        parser.add_argument("--once", action="store_true", help="Run every task once, then stop.")

    def handle(self, interval=0, once=False, **options):
        app.loader.import_default_modules()  # registers every app's tasks (autodiscovery)
        entries = [(name, app.tasks[entry["task"]], float(entry["schedule"]))
                   for name, entry in app.conf.beat_schedule.items()]
        tick = interval or min(every for _, _, every in entries)
        last_run = {}
        while True:
            now = time.monotonic()
            for name, task, every in entries:
                if name not in last_run or now - last_run[name] >= every:
                    task()  # in this process, as the function it wraps
                    last_run[name] = now
            if once:
                return
            time.sleep(tick)
