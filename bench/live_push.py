"""Live updates without polling (issue 25 point 5): what 500 idle agent consoles cost the
events process, how fast a publish reaches them, and how fast a chat message crosses
from resident to agent and back with 200 chats open.

What runs: production settings, Redis (REDIS_URL) for pub/sub and cache, PostgreSQL when
DATABASE_URL is set (a database of its own, beacon_live_bench) else a SQLite file; the
web process (`python -m portal.serve`, WSGI) takes the POSTs that save messages, the
events process (`python -m portal.serve --events`, ASGI, one process) holds the streams.
This script's asyncio loop holds every connection as a raw socket and times each event.

  1. 500 console streams (/events/console, agent sessions) opened and left idle; the
     events process's CPU (utime+stime from /proc, all its processes) over --idle
     seconds, and its RSS growth from before the connections opened.
  2. --publishes board changes (alerts.scripts.bump_board_version, what a script edit
     calls): for each, the time until each of the 500 consoles receives the event.
  3. 200 chats open (200 resident streams by `beacon_ask` cookie, 200 agent streams on
     the conversation): a resident's question POSTed to /ask/ until the agent's stream
     has the event, and an agent's reply POSTed to .../reply/ until the resident's has.

Figures are printed with the budget next to them; nothing is asserted.

  eval "$(.ci/services.sh env)"; .venv/bin/python bench/live_push.py
  .venv/bin/python bench/live_push.py --consoles 50 --chats 20 --idle 5   # smoke size
"""

import argparse
import asyncio
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers.waiting import wait_until_answers  # noqa: E402

BENCH_DB = "beacon_live_bench"
CSRF = secrets.token_hex(16)  # 32 characters: an unmasked token Django accepts as is


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(work):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        sys.exit("REDIS_URL is not set: run `eval \"$(.ci/services.sh env)\"` first")
    database = os.environ.get("DATABASE_URL", "")
    if database.startswith("postgres"):
        import psycopg

        base = database.rsplit("/", 1)[0]
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
            conn.execute(f"CREATE DATABASE {BENCH_DB}")
        database = f"{base}/{BENCH_DB}"
    else:
        database = f"sqlite:///{work}/db.sqlite3"
    keep = {k: v for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "ELASTICSEARCH_URL", "CELERY_BROKER_URL")}
    return {**keep, "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(48), "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database, "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": f"livebench{os.getpid()}", "SECURE_SSL_REDIRECT": "0",
            "TRUSTED_PROXIES": "127.0.0.1", "MEDIA_ROOT": str(work / "media"),
            "ACCESS_LOG": "0", "LOG_LEVEL": "ERROR", "PYTHONPATH": str(ROOT)}


def setup_data(chats):
    """Agents (one session each for the consoles and one for the chats) and `chats` web
    conversations, each held by the chat agent."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.utils import timezone

    from conversations.models import Conversation

    agents, _ = Group.objects.get_or_create(name="Agents")
    user = get_user_model().objects.create_user("bench-agent", "b@example.org", "pw")
    user.groups.add(agents)
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    now = timezone.now()
    made = [Conversation.objects.create(channel=Conversation.Channel.WEB, language="en",
                                        status=Conversation.Status.ACTIVE, agent=user,
                                        queued_at=now, taken_at=now)
            for _ in range(chats)]
    return session, [(c.pk, c.token) for c in made]


class Stream:
    """One open event stream: the times at which each event id arrived."""

    def __init__(self, port, path, cookies):
        self.port, self.path, self.cookies = port, path, cookies
        self.seen = {}
        self.arrived = asyncio.Event()
        self.writer = None

    async def open(self):
        reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.writer.write((f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           f"Accept: text/event-stream\r\nCookie: {cookie}\r\n\r\n").encode())
        await self.writer.drain()
        status = await reader.readline()
        if b" 200 " not in status:
            raise RuntimeError(f"{self.path}: {status!r}")
        while (await reader.readline()) not in (b"\r\n", b""):
            pass
        self.task = asyncio.create_task(self._read(reader))

    async def _read(self, reader):
        while True:
            line = await reader.readline()
            if not line:
                return
            text = line.decode(errors="replace").strip()
            if text.startswith("id: ") and text[4:] not in self.seen:
                self.seen[text[4:]] = time.perf_counter()
                self.arrived.set()

    async def next_event(self, after, timeout=10.0):
        """Seconds from `after` (perf_counter) to the first event id seen after it."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            late = [t for t in self.seen.values() if t >= after]
            if late:
                return min(late) - after
            self.arrived.clear()
            try:
                await asyncio.wait_for(self.arrived.wait(), 0.5)
            except TimeoutError:
                pass
        return None

    def close(self):
        if self.writer is not None:
            self.writer.close()


def tree(pid):
    """`pid` and its descendants (Granian's main process and its worker)."""
    found, frontier = [pid], [pid]
    while frontier:
        parent = frontier.pop()
        for child in Path(f"/proc/{parent}/task/{parent}/children").read_text().split():
            found.append(int(child))
            frontier.append(int(child))
    return found


def cpu_seconds(pid):
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for each in tree(pid):
        fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / tick


def status_total(pid, field):
    total = 0
    for each in tree(pid):
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                total += int(line.split()[1])
    return total


def rss_mb(pid):
    return status_total(pid, "VmRSS") / 1024


def p95(values):
    values = sorted(values)
    return values[max(0, int(len(values) * 0.95 + 0.5) - 1)] if values else float("nan")


async def post(port, path, fields, cookies, client_ip):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    body = urlencode({"csrfmiddlewaretoken": CSRF, **fields}).encode()
    cookie = "; ".join(f"{k}={v}" for k, v in {**cookies, "csrftoken": CSRF}.items())
    writer.write((f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                  f"Content-Type: application/x-www-form-urlencoded\r\n"
                  f"Content-Length: {len(body)}\r\nCookie: {cookie}\r\n"
                  f"X-Forwarded-For: {client_ip}\r\n\r\n").encode() + body)
    await writer.drain()
    status = await reader.readline()
    await reader.read()
    writer.close()
    if b" 302 " not in status:
        raise RuntimeError(f"POST {path}: {status!r}")


async def measure(args, web_port, events_port, events_pid, session, chats):
    from alerts.scripts import bump_board_version

    agent = {"sessionid": session}
    for _ in range(3):  # warm up the events process (imports, URL resolver, first queries)
        warm = Stream(events_port, "/events/console", agent)
        await warm.open()
        warm.close()
    await asyncio.sleep(1)
    rss_before = rss_mb(events_pid)

    consoles = [Stream(events_port, "/events/console", agent) for _ in range(args.consoles)]
    for start in range(0, len(consoles), 50):
        await asyncio.gather(*(s.open() for s in consoles[start:start + 50]))
    await asyncio.sleep(3)
    cpu_start, wall_start = cpu_seconds(events_pid), time.perf_counter()
    await asyncio.sleep(args.idle)
    idle_cpu = (cpu_seconds(events_pid) - cpu_start) / (time.perf_counter() - wall_start)
    rss_delta = rss_mb(events_pid) - rss_before
    threads = status_total(events_pid, "Threads")

    seen, missed = [], 0
    for _ in range(args.publishes):
        before = time.perf_counter()
        await asyncio.to_thread(bump_board_version)
        delays = await asyncio.gather(*(s.next_event(before) for s in consoles))
        seen += [d for d in delays if d is not None]
        missed += sum(d is None for d in delays)
        await asyncio.sleep(0.5)

    residents = [Stream(events_port, "/events/ask", {"beacon_ask": token}) for _pk, token in chats]
    agents = [Stream(events_port, f"/events/conversation/{pk}", agent) for pk, _token in chats]
    both = residents + agents
    for start in range(0, len(both), 50):
        await asyncio.gather(*(s.open() for s in both[start:start + 50]))
    await asyncio.sleep(2)
    to_agent, to_resident = [], []
    for n in range(args.messages):
        i = n % len(chats)
        pk, token = chats[i]
        ip = f"10.9.{i // 250}.{i % 250 + 1}"
        before = time.perf_counter()
        await post(web_port, "/ask/", {"question": f"Is the water safe yet? ({n})"},
                   {"beacon_ask": token}, ip)
        to_agent.append(await agents[i].next_event(before))
        before = time.perf_counter()
        await post(web_port, f"/agents/conversations/{pk}/reply/",
                   {"text": f"Yes, since this morning ({n})."}, agent, "10.8.0.1")
        to_resident.append(await residents[i].next_event(before))
        await asyncio.sleep(0.05)
    for stream in consoles + both:
        stream.close()
    return {"idle_cpu": idle_cpu, "rss_delta": rss_delta, "threads": threads, "seen": seen, "missed": missed,
            "to_agent": to_agent, "to_resident": to_resident}


def report(args, figures):
    def ms(values):
        values = [v for v in values if v is not None]
        return (f"p50 {statistics.median(values) * 1000:6.0f} ms  p95 {p95(values) * 1000:6.0f} ms"
                if values else "none arrived")

    lost = lambda values: sum(v is None for v in values)  # noqa: E731
    print(f"idle consoles: {args.consoles} open for {args.idle:.0f} s")
    print(f"  events process CPU   {figures['idle_cpu'] * 100:6.1f} % of one core"
          "   (budget <= 20 % for 500)")
    print(f"  events process RSS   {figures['rss_delta']:+6.1f} MB"
          "   (budget <= 150 MB extra for 500)")
    print(f"  events process threads {figures['threads']} (Django runs each request's sync "
          "middleware on a thread of its own)")
    print(f"publish to seen: {args.publishes} publishes x {args.consoles} consoles, "
          f"{figures['missed']} missed")
    print(f"  {ms(figures['seen'])}   (budget p95 <= 1 s)")
    print(f"chats: {args.chats} open (resident + agent stream each), {args.messages} each way")
    print(f"  resident -> agent    {ms(figures['to_agent'])}   (budget p95 <= 1 s), "
          f"{lost(figures['to_agent'])} missed")
    print(f"  agent -> resident    {ms(figures['to_resident'])}   (budget p95 <= 1 s), "
          f"{lost(figures['to_resident'])} missed")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--consoles", type=int, default=500)
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--idle", type=float, default=30.0, help="seconds of idle CPU sampling")
    parser.add_argument("--publishes", type=int, default=10)
    parser.add_argument("--messages", type=int, default=100, help="messages each way")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="beacon-live-"))
    env = environment(work)
    os.environ.update(env)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    import django

    django.setup()
    session, chats = setup_data(args.chats)

    web_port, events_port = free_port(), free_port()
    web = subprocess.Popen([sys.executable, "-m", "portal.serve"], cwd=ROOT, start_new_session=True,
                           env={**env, "BIND": f"127.0.0.1:{web_port}", "WEB_CONCURRENCY": "1",
                                "WEB_THREADS": "8"}, stderr=subprocess.DEVNULL)
    events = subprocess.Popen([sys.executable, "-m", "portal.serve", "--events"], cwd=ROOT,
                              start_new_session=True, env={**env, "EVENTS_BIND":
                                                           f"127.0.0.1:{events_port}"})
    try:
        wait_until_answers(f"http://127.0.0.1:{web_port}/healthz", timeout=120)
        wait_until_answers(f"http://127.0.0.1:{events_port}/healthz", timeout=120)
        print(f"events process: python -m portal.serve --events (pids {tree(events.pid)}), "
              f"database {env['DATABASE_URL'].split(':', 1)[0]}, Redis pub/sub")
        figures = asyncio.run(measure(args, web_port, events_port, events.pid, session, chats))
    finally:
        for process in (web, events):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    report(args, figures)


if __name__ == "__main__":
    main()
