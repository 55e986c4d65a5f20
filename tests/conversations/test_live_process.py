"""Live updates through the real front ends: the events process (`python -m portal.serve
--events`, Granian's ASGI side) on the embedded default, told of a change made by another
process; and the shipped nginx, which must pass each event on at once."""

import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings

import pytest

from conversations import services
from conversations.etags import conversation_etag_by_pk as conversation_etag
from conversations.models import Conversation
from conversations.views import COOKIE
from tests.helpers.services import free_port
from tests.helpers.waiting import wait_until_answers

from .test_live import fresh_hub  # noqa: F401  (fixture)

ROOT = settings.BASE_DIR


class RawStream:
    """An event stream read off a plain socket, as a browser's EventSource would."""

    def __init__(self, port, path, cookie=""):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           f"Accept: text/event-stream\r\nCookie: {cookie}\r\n\r\n").encode())
        self.buffer = b""

    def read_until(self, needle, seconds):
        """Everything received until `needle` shows up, or a failure after `seconds`."""
        deadline = time.monotonic() + seconds
        while needle.encode() not in self.buffer:
            left = deadline - time.monotonic()
            assert left > 0, f"{needle!r} did not arrive within {seconds} s: {self.buffer!r}"
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except TimeoutError:
                continue
            assert chunk, f"the stream closed before {needle!r}: {self.buffer!r}"
            self.buffer += chunk
        return self.buffer.decode()

    def close(self):
        self.sock.close()


def _status(port, path):
    stream = RawStream(port, path)
    try:
        return stream.read_until("\r\n", 10).split("\r\n", 1)[0]
    finally:
        stream.close()


@pytest.mark.slow_process
def test_the_events_process_pushes_a_change_made_by_another_process(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "CELERY_BROKER_URL")}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.dev", LOG_LEVEL="WARNING",
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", PYTHONUNBUFFERED="1")

    def manage(*args):
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""

    manage("migrate", "--noinput", "-v0")
    token, pk = manage("shell", "-v0", "-c", "from conversations import services; "
                       "c = services.start('web', 'en'); print(c.token, c.pk)").split()
    server = subprocess.Popen([sys.executable, "-m", "portal.serve", "--events"], cwd=ROOT,
                              env={**env, "EVENTS_BIND": f"127.0.0.1:{port}"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True)
    try:
        wait_until_answers(f"http://127.0.0.1:{port}/healthz", timeout=60)
        assert " 403 " in _status(port, "/events/console")
        stream = RawStream(port, "/events/ask", f"{COOKIE}={token}")
        opening = stream.read_until("id: ", 10)
        assert "content-type: text/event-stream" in opening.lower()
        assert "event: ready" in opening
        changed = manage("shell", "-v0", "-c", "from conversations import services; "
                         "from conversations.models import Conversation; "
                         "from conversations.etags import conversation_etag_by_pk as e; "
                         f"services.add_message(Conversation.objects.get(pk={pk}), 'agent', "
                         f"'On our way.'); print(e({pk}))")
        assert f"id: {changed}" not in opening
        # No Redis, another process: the events process's hub reads watched streams once
        # a second (the shell above spent most of that second exiting).
        stream.read_until(f"id: {changed}", 2.0)
        stream.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


@pytest.mark.nginx
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_shipped_nginx_passes_each_event_on_at_once(shipped_nginx, fresh_hub):  # noqa: F811
    conversation = services.start(Conversation.Channel.WEB, "en")
    stream = RawStream(shipped_nginx.port, "/events/ask", f"{COOKIE}={conversation.token}")
    try:
        opening = stream.read_until(f"id: {conversation_etag(conversation.pk)}", 10)
        assert "X-Microcache" not in opening  # never through the page cache
        time.sleep(0.01)
        services.add_message(conversation, "agent", "We are on our way.")
        stream.read_until(f"id: {conversation_etag(conversation.pk)}", 1.5)
    finally:
        stream.close()
    assert " 403 " in _status(shipped_nginx.port, "/events/console")
