"""Alert publishing figures: publish -> banner on the next request, publish -> agent script
version, and deliveries per second for 100 alerts x 6 channels against fake endpoints.

    python bench/alerts_bench.py [--alerts 100]

Runs in-process with eager Celery on its own SQLite file (or DATABASE_URL). X is faked at
the HTTP layer with `responses` (tweepy's real code runs); webhooks go to a loopback
HTTP server.
"""

import argparse
import os
import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.gettempdir()) / 'beacon-alerts-bench.sqlite3'}"
for name in ("X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET"):
    os.environ.setdefault(name, "bench")
os.environ.pop("CELERY_BROKER_URL", None)
os.environ.pop("REDIS_URL", None)

import _django  # noqa: F401  (sets Django up before anything imports models)

from django.core.management import call_command
from django.test import Client

import responses

from alerts import publishing
from alerts.models import Alert, Delivery, ScriptRevision, WebhookEndpoint
from content.models import Message


class Sink(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def fresh_message(n):
    message = Message.objects.create(headline=f"Bench update {n}", body="<p>Bench.</p>",
                                     script_say=f"Say {n}", social_text=f"Bench post {n}",
                                     sms_text="Bench")
    message.save_revision().publish()
    return message


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--alerts", type=int, default=100)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    WebhookEndpoint.objects.get_or_create(
        name="bench", defaults={"url": f"http://127.0.0.1:{server.server_port}/", "secret": "s"})
    client = Client(HTTP_HOST="127.0.0.1")
    counter = iter(range(1, 10**6))

    with responses.RequestsMock(assert_all_requests_are_fired=False) as fake_x:
        fake_x.add_passthru(f"http://127.0.0.1:{server.server_port}/")
        fake_x.add(responses.POST, "https://api.twitter.com/2/tweets", status=201,
                   json={"data": {"id": "1", "text": "ok"}})

        banner, script = [], []
        for _ in range(20):
            message = fresh_message(next(counter))
            client.get("/faq/")  # the page is cached before the publish
            alert = Alert.objects.create(event="Bench", area_desc="City", message=message,
                                         severity="Extreme")
            started = time.perf_counter()
            publishing.publish(alert)
            script.append((time.perf_counter() - started) * 1000
                          if ScriptRevision.objects.filter(alert=alert).exists() else float("nan"))
            body = client.get("/faq/").content.decode()
            assert message.headline in body, "banner not visible on the next request"
            banner.append((time.perf_counter() - started) * 1000)
            publishing.cancel(Alert.objects.get(pk=alert.pk))
        print(f"publish -> banner on next request: median {statistics.median(banner):.1f} ms, "
              f"max {max(banner):.1f} ms (n={len(banner)})")
        print(f"publish -> agent script version bumped: median {statistics.median(script):.1f} ms "
              f"(synchronous with publish in eager mode; n={len(script)})")

        messages = [fresh_message(next(counter)) for _ in range(args.alerts)]
        before = Delivery.objects.filter(state="delivered").count()
        started = time.perf_counter()
        for message in messages:
            publishing.publish(Alert.objects.create(event="Bench", area_desc="City",
                                                    message=message))
        elapsed = time.perf_counter() - started
        delivered = Delivery.objects.filter(state="delivered").count() - before
        print(f"{args.alerts} alerts x 6 channels: {delivered} deliveries in {elapsed:.1f} s = "
              f"{delivered / elapsed:.0f} deliveries/s (one process, eager)")
    server.shutdown()


if __name__ == "__main__":
    main()
