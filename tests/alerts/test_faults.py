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
    """Forget pooled broker connections so the next publish dials the broker afresh."""
    app._pool = None
    app.amqp._producer_pool = None


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
