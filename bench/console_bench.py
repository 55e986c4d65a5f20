"""500 agent consoles polling /agents/state on this machine; one script update published.

    python bench/console_bench.py [--consoles 500] [--interval 1.0]

Needs DATABASE_URL (PostgreSQL) and REDIS_URL (the board version lives in the cache), as
`.ci/services.sh up` provides. Starts the web server (portal.serve) with production settings on
127.0.0.1, opens N keep-alive HTTP connections that poll with If-None-Match like the
console's JavaScript, measures CPU and memory of the server while they idle-poll, then
publishes one script change and reports how long until every console has seen it.
"""

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import _django  # noqa: F401  (sets Django up before anything imports models)

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client


from alerts import publishing
from alerts.models import Alert
from content.models import Message
from tests.helpers.waiting import wait_until_answers

PORT = 8765


def cpu_seconds(pids):
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    return total


def rss_mb(pids):
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def wait_until_up():
    try:
        wait_until_answers(f"http://127.0.0.1:{PORT}/healthz", timeout=30, interval=0.25)
    except TimeoutError as exc:
        raise SystemExit(f"the web server did not come up: {exc}") from exc


def server_pids(master):
    children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True)
    return [master] + [int(p) for p in children.stdout.split()]


class Console:
    def __init__(self, cookie):
        self.cookie = cookie
        self.etag = ""
        self.seen_change_at = None
        self.errors = 0

    async def run(self, interval, stop, changed_etag_from):
        reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
        while not stop.is_set():
            started = time.monotonic()
            request = (f"GET /agents/state HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       f"Cookie: sessionid={self.cookie}\r\nIf-None-Match: {self.etag}\r\n"
                       f"X-Forwarded-Proto: https\r\n\r\n")
            try:
                writer.write(request.encode())
                await writer.drain()
                status_line = await reader.readline()
                headers = {}
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode().partition(":")
                    headers[name.strip().lower()] = value.strip()
                length = int(headers.get("content-length", 0))
                if length:
                    await reader.readexactly(length)
                status = int(status_line.split()[1])
            except (OSError, IndexError, ValueError, asyncio.IncompleteReadError):
                self.errors += 1
                reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
                continue
            if status == 200:
                new = headers.get("etag", "")
                if self.etag and new != self.etag and changed_etag_from[0] and \
                        self.seen_change_at is None:
                    self.seen_change_at = time.monotonic()
                self.etag = new
            elif status != 304:
                self.errors += 1
            await asyncio.sleep(max(0.0, interval - (time.monotonic() - started)))
        writer.close()


async def drive(consoles, interval, idle_seconds, pids, message):
    stop = asyncio.Event()
    published = [None]
    tasks = []
    for index, console in enumerate(consoles):
        tasks.append(asyncio.create_task(console.run(interval, stop, published)))
        if index % 50 == 49:
            await asyncio.sleep(interval / 10)  # stagger like real consoles
    await asyncio.sleep(3)
    cpu_before, t_before = cpu_seconds(pids), time.monotonic()
    await asyncio.sleep(idle_seconds)
    idle_cpu = (cpu_seconds(pids) - cpu_before) / (time.monotonic() - t_before) * 100
    idle_rss = rss_mb(pids)

    def publish_change():
        message.script_say = f"Updated at {time.time():.0f}: boil water for one full minute."
        message.save_revision().publish()

    published[0] = time.monotonic()
    await asyncio.to_thread(publish_change)
    t0 = published[0]
    deadline = t0 + 20
    while time.monotonic() < deadline and any(c.seen_change_at is None for c in consoles):
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    delays = [c.seen_change_at - t0 for c in consoles if c.seen_change_at]
    return idle_cpu, idle_rss, delays, sum(c.errors for c in consoles)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--consoles", type=int, default=500)
    parser.add_argument("--interval", type=float, default=1.0)
    parser.add_argument("--idle", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=32)
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL: eval \"$(.ci/services.sh up)\"")
    call_command("migrate", verbosity=0)
    User = get_user_model()
    agent, _ = User.objects.get_or_create(username="bench-agent")
    agent.groups.add(Group.objects.get(name="Agents"))
    message = Message.objects.filter(headline="Bench console script").first()
    if message is None:
        message = Message.objects.create(headline="Bench console script", body="<p>b</p>",
                                         script_say="Boil water.", sms_text="Boil water.")
        message.save_revision().publish()
        publishing.publish(Alert.objects.create(event="Bench", area_desc="City",
                                                message=message))
    cookies = []
    for _ in range(args.consoles):
        client = Client()
        client.force_login(agent)
        cookies.append(client.cookies["sessionid"].value)

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.production"}
    server = subprocess.Popen(
        [sys.executable, "-m", "portal.serve"], cwd=ROOT,
        env={**env, "BIND": f"127.0.0.1:{PORT}", "WEB_CONCURRENCY": str(args.workers),
             "WEB_THREADS": str(args.threads), "ACCESS_LOG": "0", "LOG_LEVEL": "WARNING"})
    try:
        wait_until_up()
        pids = server_pids(server.pid)
        consoles = [Console(cookie) for cookie in cookies]
        idle_cpu, idle_rss, delays, errors = asyncio.run(
            drive(consoles, args.interval, args.idle, pids, message))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(15)
    delays.sort()
    print(f"consoles={args.consoles} poll interval={args.interval}s web (portal.serve) "
          f"{args.workers}x{args.threads}")
    print(f"idle-connected server: CPU {idle_cpu:.0f}% of one core, RSS {idle_rss:.0f} MB")
    if delays:
        print(f"update seen by {len(delays)}/{args.consoles}: "
              f"p50 {statistics.median(delays):.2f} s  "
              f"p95 {delays[int(0.95 * (len(delays) - 1))]:.2f} s  max {delays[-1]:.2f} s")
    print(f"errors: {errors}")


if __name__ == "__main__":
    main()
