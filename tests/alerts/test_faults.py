"""Fault tests with real services: a real Redis broker that we stop and start again.
Run in the services pass (PostgreSQL)."""

import time

from django.db import transaction
from django.utils import timezone

import pytest

from alerts import outbox, publishing
from alerts.models import Delivery
from portal.celery import app
from tests.alerts.test_outbox import make_alert

pytestmark = [pytest.mark.redis, pytest.mark.postgres,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def real_broker(redis_process, monkeypatch, settings):
    monkeypatch.setattr(transaction, "on_commit", transaction.on_commit)  # keep the real one
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(broker_url=redis_process.url, task_always_eager=False,
                    broker_connection_retry=False, broker_connection_max_retries=0,
                    broker_transport_options={"max_retries": 0, "socket_connect_timeout": 0.5})
    _reset_pool()
    yield redis_process
    app.conf.update(broker_url="", task_always_eager=True)
    _reset_pool()


def _reset_pool():
    """Forget pooled broker connections (and the circuit's memory of an outage) so the
    next publish dials the broker afresh, as it would once BROKER_CIRCUIT_SECONDS passed."""
    from portal.celery import broker_circuit

    app._pool = None
    app.amqp._producer_pool = None
    broker_circuit.reset()


def test_redis_down_at_publish_then_sweeper_delivers_after_it_returns(real_broker, client, site):
    real_broker.stop()  # the broker dies just before the comms team publishes
    alert = make_alert(channels=["site", "cap", "atom"])
    started = time.monotonic()
    publishing.publish(alert)
    assert time.monotonic() - started < 10  # publishing does not hang on the dead broker
    # The alert is live on the site at once: the banner reads the database.
    assert "Boil water in East Hill" in client.get("/").content.decode()
    assert set(Delivery.objects.filter(alert=alert).values_list("state", flat=True)) == {"pending"}

    real_broker.start()
    _reset_pool()
    sent = outbox.sweep(now=timezone.now() + timezone.timedelta(minutes=2))
    assert sent == 3
    # The three deliveries are now real messages in the restarted broker's queue.
    import redis

    queued = redis.Redis.from_url(real_broker.url).lrange("celery", 0, -1)
    assert len(queued) == 3
    for pk in Delivery.objects.filter(alert=alert).values_list("pk", flat=True):
        outbox.deliver(pk)  # what the worker does with each message
        outbox.deliver(pk)  # a duplicated message changes nothing
    assert list(Delivery.objects.filter(alert=alert).values_list("state", "attempts")) == [
        ("delivered", 1)] * 3


class SlowPartner:
    """A webhook receiver on loopback that hangs on its first request (so the worker can be
    killed mid-delivery) and answers 200 after that."""

    def __init__(self):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.received, self.answered = [], []
        self.first_arrived = threading.Event()
        partner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                self.rfile.read(int(self.headers["Content-Length"]))
                partner.received.append(self.headers["X-Beacon-Delivery"])
                if len(partner.received) == 1:
                    partner.first_arrived.set()
                    time.sleep(20)
                    return
                partner.answered.append(self.headers["X-Beacon-Delivery"])
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"

    def close(self):
        self.server.shutdown()


def _start_worker(broker_url):
    import os
    import subprocess
    import sys

    from django.db import connection

    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
           "CELERY_BROKER_URL": broker_url, "REDIS_URL": broker_url}
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool", "solo",
         "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_worker_killed_mid_delivery_is_delivered_once_by_the_next_worker(real_broker, site):
    import signal

    from alerts.models import WebhookEndpoint

    partner = SlowPartner()
    WebhookEndpoint.objects.create(name="County EOC", url=partner.url, secret="s")
    first = _start_worker(real_broker.url)
    try:
        alert = publishing.publish(make_alert(channels=["webhooks"]))
        delivery = Delivery.objects.get(alert=alert)
        assert partner.first_arrived.wait(60), "the worker never picked the delivery up"
        first.send_signal(signal.SIGKILL)  # killed while the partner is still answering
        first.wait(10)
        delivery.refresh_from_db()
        assert (delivery.state, delivery.attempts) == ("pending", 0)  # rolled back, not lost

        second = _start_worker(real_broker.url)
        try:
            _reset_pool()
            assert outbox.sweep(now=timezone.now() + timezone.timedelta(minutes=2)) == 1
            assert _wait(lambda: Delivery.objects.get(pk=delivery.pk).state == "delivered", 60)
        finally:
            second.terminate()
            second.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
        partner.close()
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.receipt["endpoints"]
    # The partner saw the cut-off request and one complete delivery, both with the same key
    # so it can drop the repeat.
    assert partner.received == [delivery.key, delivery.key]
    assert partner.answered == [delivery.key]


@pytest.fixture
def shipped_broker(redis_process, monkeypatch, settings):
    """A real Redis broker with the transport settings the project ships (no test tuning)."""
    from portal.celery import broker_circuit

    monkeypatch.setattr(transaction, "on_commit", transaction.on_commit)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(broker_url=redis_process.url, task_always_eager=False)
    _reset_pool()
    broker_circuit.reset()
    yield redis_process
    app.conf.update(broker_url="", task_always_eager=True)
    _reset_pool()
    broker_circuit.reset()


def test_publish_with_the_broker_down_returns_within_a_second(shipped_broker, client, site):
    from alerts.models import Alert
    from tests.helpers.content import make_message

    shipped_broker.stop()
    timings = []
    for n in range(3):  # several publishes in a row: the outage is detected once
        alert = make_alert(message=make_message(headline=f"Harbor flooding {n}"),
                           channels=["site", "cap", "atom", "agent_scripts", "webhooks"])
        started = time.monotonic()
        publishing.publish(alert)
        timings.append(time.monotonic() - started)
    assert max(timings) <= 1.0, timings
    assert set(Delivery.objects.values_list("state", flat=True)) == {"pending"}
    assert Alert.objects.filter(state="active").count() == 3
    assert "Harbor flooding 2" in client.get("/").content.decode()


def _start(kind, broker_url, log):
    import os
    import subprocess
    import sys

    from django.db import connection

    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
           "CELERY_BROKER_URL": broker_url, "REDIS_URL": broker_url}
    # The same command lines as the Procfile and compose.yaml ship.
    args = {"worker": ["worker", "--pool", "solo", "--without-heartbeat", "--without-gossip",
                       "--without-mingle"],
            "beat": ["beat", "--schedule", f"{log}.schedule"]}[kind]
    return subprocess.Popen([sys.executable, "-m", "celery", "-A", "portal", *args,  # noqa: S603
                             "-l", "info"], env=env, stdout=open(log, "w"),  # noqa: SIM115
                            stderr=subprocess.STDOUT)


def test_worker_and_beat_survive_a_broker_restart(shipped_broker, site, tmp_path):
    from portal.celery import broker_circuit

    worker = _start("worker", shipped_broker.url, tmp_path / "worker.log")
    beat = _start("beat", shipped_broker.url, tmp_path / "beat.log")
    try:
        first = publishing.publish(make_alert(channels=["site", "cap"]))
        assert _wait(lambda: set(Delivery.objects.filter(alert=first).values_list(
            "state", flat=True)) == {"delivered"}, 60), "worker never delivered"
        shipped_broker.stop()
        time.sleep(4)  # the worker and beat notice the lost connection
        shipped_broker.start()
        _reset_pool()
        broker_circuit.reset()
        second = publishing.publish(make_alert(channels=["site", "cap", "atom"]))
        assert _wait(lambda: set(Delivery.objects.filter(alert=second).values_list(
            "state", flat=True)) == {"delivered"}, 60), (tmp_path / "worker.log").read_text()[-3000:]
        assert worker.poll() is None and beat.poll() is None  # both reconnected, neither exited
        assert "Unrecoverable error" not in (tmp_path / "worker.log").read_text()
    finally:
        for process in (worker, beat):
            process.terminate()
            process.wait(20)
