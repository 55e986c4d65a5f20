"""Fan-out at city scale: N confirmed email subscribers over the demo city's six areas, an
alert for half of the areas, Celery workers on Redis handing every message to a local
SMTP sink (aiosmtpd); one worker process is SIGKILLed part-way. Prints figures, judges
nothing.

    eval "$(.ci/services.sh up)"
    python bench/fanout_bench.py [--subscribers 100000] [--workers 2] [--kill-at 0.3]

Uses its own PostgreSQL database (beacon_fanout_bench, recreated) and Redis databases
14 (cache) and 15 (broker). The sink counts every message and its Message-ID (one per
alert version and recipient), so a message sent twice shows up as a duplicate.
"""

import argparse
from email.parser import BytesHeaderParser
import os
import random
import signal
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DB_NAME = "beacon_fanout_bench"


def _database_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Needs PostgreSQL and Redis: eval \"$(.ci/services.sh up)\" first.")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{DB_NAME}")), urlunsplit(parts._replace(
        path="/postgres"))


def _recreate_database(admin_url):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DB_NAME}")


class Sink:
    def __init__(self):
        self.ids, self.total, self.first, self.last = set(), 0, None, None
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        head = envelope.content.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
        message_id = BytesHeaderParser().parsebytes(head).get("Message-ID", "").strip()
        with self.lock:
            self.total += 1
            self.ids.add(message_id)
            self.first = self.first or time.monotonic()
            self.last = time.monotonic()
        return "250 OK"


print = partial(print, flush=True)  # noqa: A001 - progress shows as it happens


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--kill-at", type=float, default=0.3,
                        help="SIGKILL one worker process when this share is sent (0: never)")
    parser.add_argument("--timeout", type=int, default=900)
    args = parser.parse_args()

    bench_url, admin_url = _database_url()
    redis = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
    from aiosmtpd.controller import Controller

    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=_free_port())
    smtp.start()
    env = {**os.environ, "DATABASE_URL": bench_url, "REDIS_URL": f"{redis}/14",
           "CELERY_BROKER_URL": f"{redis}/15", "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
           "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
           "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp.port), "SMS_PROVIDER": "",
           "ELASTICSEARCH_URL": "", "BANNER_CHECK_BASE_URL": "", "LOG_LEVEL": "WARNING",
           "NOTIFY_STALE_CLAIM_SECONDS": os.environ.get("NOTIFY_STALE_CLAIM_SECONDS", "60")}
    os.environ.update(env)
    _recreate_database(admin_url)
    subprocess.run(["redis-cli", "-u", f"{redis}/15", "FLUSHDB"], check=False,
                   capture_output=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from alerts import fanout, publishing
    from alerts.models import Alert, Notification, Subscriber
    from content.models import Area, Message
    from demo.seeding import seed_areas

    call_command("migrate", verbosity=0)
    areas = list(seed_areas().values())
    message = Message.objects.create(headline="Boil water notice", body="<p>Boil water.</p>",
                                     sms_text="Boil tap water for one minute.",
                                     script_say="Boil water.")
    message.save_revision().publish()

    started = time.monotonic()
    now = timezone.now()
    rng = random.Random(7)
    people = [Subscriber(kind="email", address=f"r{n}@bench.example", language="en",
                         whole_city=rng.random() < 0.05, consented_at=now, confirmed_at=now)
              for n in range(args.subscribers)]
    Subscriber.objects.bulk_create(people, batch_size=5000)
    through = Subscriber.areas.through
    links = [through(subscriber_id=s.pk, area_id=rng.choice(areas).pk)
             for s in Subscriber.objects.filter(whole_city=False).only("pk")]
    through.objects.bulk_create(links, batch_size=5000)
    print(f"subscribers: {args.subscribers} created in {time.monotonic() - started:.1f} s")

    alert = Alert.objects.create(event="Boil water notice", area_desc="", message=message,
                                 severity="Severe", channels=["email"])
    alert.areas.set(areas[: len(areas) // 2])
    expected = fanout.recipients(alert, "email").count()
    print(f"alert for {len(areas) // 2} of {len(areas)} areas: {expected} recipients")

    workers = [subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "-c", "1", "-n",
         f"bench{i}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "--loglevel", "WARNING"], cwd=ROOT, env=env) for i in range(args.workers)]
    scheduler = subprocess.Popen([sys.executable, "manage.py", "run_scheduler"], cwd=ROOT,
                                 env=env)
    time.sleep(6)  # workers up
    t0 = time.monotonic()
    publishing.publish(alert)
    alert.refresh_from_db()
    killed, planned_at = None, None
    try:
        while time.monotonic() - t0 < args.timeout:
            time.sleep(1)
            with sink.lock:
                unique = len(sink.ids)
            if planned_at is None and Notification.objects.filter(alert=alert).exists():
                planned_at = time.monotonic() - t0
            if args.kill_at and killed is None and unique >= expected * args.kill_at:
                killed = _kill_one_pool_process(workers)
                print(f"t={time.monotonic() - t0:.0f}s: SIGKILL worker process {killed} "
                      f"at {unique} sent")
            left = Notification.objects.filter(alert=alert).exclude(state="sent").count()
            if unique >= expected and left == 0:
                break
        elapsed = time.monotonic() - t0
    finally:
        for process in workers + [scheduler]:
            process.send_signal(signal.SIGTERM)
        for process in workers + [scheduler]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        smtp.stop()
    tick = time.perf_counter()
    table = fanout.progress(alert)
    progress_ms = (time.perf_counter() - tick) * 1000
    unique, total = len(sink.ids), sink.total
    print(f"planned (rows written) after {planned_at or 0:.1f} s")
    print(f"handed to SMTP: {unique} unique of {expected} in {elapsed:.1f} s "
          f"({unique / max(elapsed, 1e-9):.0f} messages/s); target 300 s")
    print(f"lost: {expected - unique}; duplicates: {total - unique} "
          f"(worker killed: {'yes' if killed else 'no'})")
    print(f"crisis-control progress {table} in {progress_ms:.1f} ms")
    print(f"areas in the city: {Area.objects.originals().count()}")


def _free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _kill_one_pool_process(workers):
    """The pool process executing tasks (what an OOM kill hits), not the supervisor."""
    for worker in workers:
        children = subprocess.run(["pgrep", "-P", str(worker.pid)], capture_output=True,
                                  text=True).stdout.split()
        if children:
            os.kill(int(children[0]), signal.SIGKILL)
            return int(children[0])
    workers[0].kill()
    return workers[0].pid


if __name__ == "__main__":
    main()
