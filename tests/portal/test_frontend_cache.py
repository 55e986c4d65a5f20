import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.db import transaction

import pytest

from alerts import publishing
from alerts.models import Alert
from tests.helpers.content import make_hub, make_message


@pytest.fixture
def purge_receiver():
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802
            received.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", received
    server.shutdown()


@pytest.mark.django_db
def test_publishing_an_alert_purges_the_cdn(purge_receiver, settings, site, monkeypatch):
    location, received = purge_receiver
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    settings.WAGTAILFRONTENDCACHE = {"http": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": location}}
    make_hub()
    received.clear()
    publishing.publish(Alert.objects.create(event="Flood", area_desc="Harbor",
                                            message=make_message(headline="Harbor flooding")))
    assert {"/", "/updates/", "/faq/", "/alerts/feed.atom", "/alerts/cap.atom"} <= set(received)
