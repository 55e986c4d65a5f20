"""One truth across processes, on the embedded default (SQLite, local-memory cache, no
broker): the real web server (portal.serve) with two processes serves the site while
other real processes (the crisis_mode command, the scheduler) change what it must show.
The next request must show it, from whichever worker answers."""

import os
import signal
import subprocess
import sys
import textwrap
import time
import urllib.request

from django.conf import settings

import pytest

from tests.helpers.services import free_port
from tests.helpers.waiting import wait_until_answers

ROOT = settings.BASE_DIR
pytestmark = pytest.mark.slow_process


def _env(tmp_path, port):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "CELERY_BROKER_URL")}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.dev", LOG_LEVEL="WARNING",
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
               BANNER_CHECK_BASE_URL=f"http://127.0.0.1:{port}", PYTHONUNBUFFERED="1")
    return env


def _manage(env, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def _get(port, path="/"):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:  # noqa: S310
        return response.read().decode(), response.headers.get("X-Page-Cache")


def _all_workers(port, path="/", n=8):
    return [_get(port, path) for _ in range(n)]


@pytest.fixture(scope="module")
def running_site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("cross-process")
    port = free_port()
    env = _env(tmp_path, port)
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "seed_demo")
    server = subprocess.Popen(
        [sys.executable, "-m", "portal.serve"], cwd=ROOT,
        env={**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2", "WEB_THREADS": "2",
             "ACCESS_LOG": "0", "LOG_LEVEL": "WARNING"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    wait_until_answers(f"http://127.0.0.1:{port}/healthz", timeout=20)
    yield env, port
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=20)


def test_crisis_mode_from_the_cli_shows_on_the_next_request(running_site):
    env, port = running_site
    before = _all_workers(port)
    assert all("crisis-emergency" in body for body, _ in before)
    assert any(state == "hit" for _, state in before)  # the pages really are cached
    _manage(env, "crisis_mode", "off")
    after = _all_workers(port)
    assert not any("crisis-emergency" in body for body, _ in after)
    _manage(env, "crisis_mode", "on", "--level", "emergency")
    assert all("crisis-emergency" in body for body, _ in _all_workers(port))


# One `run_scheduler --once` activates, delivers (the banner check fetches the site) and
# then expires what is due, all in one process: on a loaded 2-core CI machine that took
# long enough that an 8 s alert was activated and expired in the same run (each manage.py
# start costs seconds there). The expiry is far enough out that it cannot be due before the
# pages are checked; the test then waits for the alert's own expiry time.
EXPIRES_AFTER = 20

SCHEDULE = textwrap.dedent("""
    from datetime import timedelta
    from django.utils import timezone
    from alerts import publishing
    from alerts.models import Alert
    from content.models import Message

    message = Message.objects.create(live=True, headline="Pier 7 ferry suspended",
                                     body="<p>No ferries from Pier 7 until further notice.</p>",
                                     sms_text="No ferries from Pier 7. Use the Quay St bus.")
    message.save_revision().publish()
    now = timezone.now()
    alert = Alert.objects.create(event="Ferry", area_desc="Harbor", message=message,
                                 severity="Severe", channels=["site", "banner_check"],
                                 expires=now + timedelta(seconds=EXPIRES_AFTER))
    publishing.publish(alert, at=now + timedelta(seconds=3))
    print(alert.pk, alert.expires.timestamp())
""")


def test_scheduler_process_brings_scheduled_alerts_up_and_expired_ones_down(running_site):
    env, port = running_site
    alert_id, expires_at = _manage(env, "shell", "-c", SCHEDULE.replace(
        "EXPIRES_AFTER", str(EXPIRES_AFTER))).strip().splitlines()[-1].split()
    alert_id, expires_at = int(alert_id), float(expires_at)
    assert not any("Pier 7 ferry suspended" in body for body, _ in _all_workers(port))
    time.sleep(3.2)
    _manage(env, "run_scheduler", "--once")
    assert all("Pier 7 ferry suspended" in body for body, _ in _all_workers(port))
    check = _manage(env, "shell", "-c", textwrap.dedent(f"""
        from alerts.models import Delivery
        d = Delivery.objects.get(alert_id={alert_id}, channel="banner_check")
        print(d.state, d.receipt.get("summary", ""))
    """))
    assert check.strip().splitlines()[-1].startswith("delivered origin: banner visible on"), check
    time.sleep(max(0.0, expires_at + 0.5 - time.time()))
    _manage(env, "run_scheduler", "--once")
    assert not any("Pier 7 ferry suspended" in body for body, _ in _all_workers(port, "/"))
    assert not any("Pier 7 ferry suspended" in body
                   for body, _ in _all_workers(port, "/faq/", 4))


PUBLISH = textwrap.dedent("""
    from alerts import publishing
    from alerts.models import Alert, Delivery
    from content.models import Message

    message = Message.objects.create(live=True, headline="Sandbags at Pier 2",
                                     body="<p>Free sandbags at Pier 2 until 9 p.m.</p>",
                                     sms_text="Free sandbags at Pier 2 until 9 p.m.")
    message.save_revision().publish()
    alert = publishing.publish(Alert.objects.create(
        event="Flood", area_desc="Harbor", message=message,
        channels=["site", "agent_scripts", "cap", "atom"]))
    states = sorted(Delivery.objects.filter(alert=alert).values_list("state", flat=True))
    print(" ".join(states))
""")


def test_sqlite_keeps_serving_and_publishing_during_a_large_import(running_site, tmp_path):
    """The embedded default under concurrent writes: a 600-record import runs while
    residents search and an editor publishes; nothing waits long, nothing is locked out."""
    import csv

    env, port = running_site
    path = tmp_path / "agency-export.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question", "answer", "source_url"])
        for n in range(600):
            writer.writerow([f"How do I report storm problem number {n}?",
                             f"Call 311 and give problem number {n}.",
                             "https://example.gov/storm-faq"])
    importer = subprocess.Popen([sys.executable, "manage.py", "import_faqs", str(path),
                                 "--no-progress"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    latencies = []
    publisher = None
    while importer.poll() is None and len(latencies) < 50:  # under the 60/min search limit
        started = time.monotonic()
        body, _ = _get(port, "/search/?q=storm+problem")
        latencies.append(time.monotonic() - started)
        time.sleep(0.3)
        if publisher is None and len(latencies) == 3:
            publisher = subprocess.Popen([sys.executable, "manage.py", "shell", "-c", PUBLISH],
                                         cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, text=True)
    out, err = importer.communicate(timeout=300)
    assert importer.returncode == 0, err[-2000:]
    assert "600 created" in out
    assert publisher is not None, "the import finished before the publish could start"
    published, problems = publisher.communicate(timeout=120)
    assert publisher.returncode == 0, problems[-2000:]
    assert published.strip().splitlines()[-1] == "delivered delivered delivered delivered"
    latencies.sort()
    median = latencies[len(latencies) // 2]
    print(f"searches during import: {len(latencies)}, median {median:.3f} s, "
          f"second slowest {latencies[-2]:.3f} s, slowest {latencies[-1]:.3f} s")
    # Locked out, searches waited out SQLite's 20 s busy timeout: that is what is asserted
    # here, not a speed (on two cores shared with the import's embedding and whatever else
    # the machine runs, a search took 2.01 s once; bench/ measures speed).
    assert median < 5.0 and latencies[-2] < 10.0, latencies[-5:]
    assert latencies[-1] < 15.0, f"slowest search {latencies[-1]:.2f} s"
