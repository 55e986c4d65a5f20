"""Limits are shared by all web processes (issue 23 point 4). The probe found every
documented limit multiplied by WEB_CONCURRENCY without Redis: 240 searches a minute from
one client instead of 120. Here the real server runs two processes on the embedded
default (SQLite, no Redis) and one client asks more than the limit."""

import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import timezone

import pytest
from django_ratelimit.core import _get_window

from search.api import SEARCH_API_RATE
from tests.helpers.services import free_port
from tests.helpers.waiting import wait_until_answers

ROOT = settings.BASE_DIR
DB_STORE = {"BACKEND": "portal.cache_backends.RateLimitDatabaseCache",
            "LOCATION": "beacon_ratelimit", "TIMEOUT": 86400}


@pytest.fixture
def two_processes(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "CELERY_BROKER_URL")}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.dev", LOG_LEVEL="WARNING",
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", PYTHONUNBUFFERED="1")
    migrated = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "portal.serve"], cwd=ROOT,
        env={**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2", "WEB_THREADS": "2",
             "ACCESS_LOG": "0"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_until_answers(f"http://127.0.0.1:{port}/healthz", timeout=30)
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def _status(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.slow_process
def test_one_client_gets_the_search_limit_once_from_two_processes(two_processes):
    scope, per_minute = SEARCH_API_RATE
    url = f"http://127.0.0.1:{two_processes}/api/v1/search/?q=water"
    for _ in range(3):  # a count that straddles the limit's window boundary is retried
        window = _get_window("127.0.0.1", 60)
        statuses = [_status(url) for _ in range(per_minute + 60)]
        if _get_window("127.0.0.1", 60) == window:
            break
    assert statuses.count(200) == per_minute
    assert statuses.count(429) == 60


@pytest.mark.django_db
def test_the_migrations_create_the_store_and_it_counts_in_place(settings):
    assert "beacon_ratelimit" in connection.introspection.table_names()
    settings.CACHES = {**settings.CACHES, "ratelimit": DB_STORE}
    store = caches["ratelimit"]
    assert store.add("k", 0, 60)
    assert not store.add("k", 0, 60)  # a second process's add loses to the first
    assert [store.incr("k") for _ in range(3)] == [1, 2, 3]
    with pytest.raises(ValueError):
        store.incr("missing")
    # incr keeps the window's expiry (Django's get-then-set would push it out)
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM beacon_ratelimit")
        (expires,) = cursor.fetchone()
    if isinstance(expires, str):
        expires = datetime.fromisoformat(expires)
    if timezone.is_naive(expires):
        expires = expires.replace(tzinfo=UTC)
    assert expires < timezone.now() + timedelta(seconds=61)
