"""Connections to the real services `make test` / `.ci/run` provide. Nothing is started here
except throwaway redis-server processes for fault tests. In CI a missing service is a
failure, never a silent skip."""

import os
import shutil
import socket
import subprocess
import time

from django.core.cache import cache

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_env(name):
    value = os.environ.get(name)
    if not value:
        message = f"{name} is not set; run through `make test` (it starts the services)."
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return value


@pytest.fixture(autouse=True)
def _service_markers(request):
    for marker, env in (("redis", "REDIS_URL"), ("elasticsearch", "ELASTICSEARCH_URL"),
                        ("postgres", "DATABASE_URL")):
        if request.node.get_closest_marker(marker):
            require_env(env)


@pytest.fixture(autouse=True)
def _clear_cache():
    from portal.crisis import forget_held
    from search.event_buffer import reserved_ids
    from search.page_reuse import held_pages
    from search.staff_rules import forget_held as forget_staff_rules

    # Held per process, keyed by generations a rollback can bring round again.
    cache.clear()
    forget_held()
    forget_staff_rules()
    held_pages.clear()
    reserved_ids.clear()
    yield
    cache.clear()
    forget_held()
    forget_staff_rules()
    held_pages.clear()
    reserved_ids.clear()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisProcess:
    """A real redis-server we can stop and start again on the same port."""

    def __init__(self):
        self.binary = os.environ.get("BEACON_REDIS_SERVER") or shutil.which("redis-server")
        if not self.binary:
            pytest.fail("redis-server is not installed") if IN_CI else pytest.skip("no redis")
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(5)
            self.process = None


@pytest.fixture
def redis_process():
    server = RedisProcess().start()
    yield server
    server.stop()
