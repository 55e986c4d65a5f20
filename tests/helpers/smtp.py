"""A real SMTP server (aiosmtpd) on a free local port, and Django pointed at it."""

import socket
import threading
from email import message_from_bytes
from email.policy import default

import pytest


class Sink:
    """Keeps every message the server accepted (envelope recipients and parsed message)."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos),
                                  message_from_bytes(envelope.content, policy=default)))
        return "250 Message accepted"

    def to(self, address):
        with self.lock:
            return [message for recipients, message in self.messages if address in recipients]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def point_django_at(settings, port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False


class SmtpServer:
    """A real SMTP server on one port that a test can leave down and start later: mail to
    it first fails to connect, then is accepted (into `sink`)."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.sink = Sink()
        self.controller = None

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self.sink

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server(settings):
    server = SmtpServer()
    point_django_at(settings, server.port)
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture
def smtp_down(settings):
    """Django points at a port where no SMTP server runs yet; `.start()` brings it up."""
    server = SmtpServer()
    point_django_at(settings, server.port)
    settings.EMAIL_TIMEOUT = 2
    try:
        yield server
    finally:
        server.stop()
