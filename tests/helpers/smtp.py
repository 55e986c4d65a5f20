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


@pytest.fixture
def smtp_server(settings):
    from aiosmtpd.controller import Controller

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = False
    try:
        yield sink
    finally:
        controller.stop()
