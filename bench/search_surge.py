"""Search under a surge (issue 22 point 8): varied and repeated questions at 64 connections.

    python bench/search_surge.py [--duration 10] [--connections 64] [--keep]

What it runs: the production web process (`python -m portal.serve`: Granian, 2 processes,
production settings) on 127.0.0.1, PostgreSQL + Redis from `.ci/services.sh env`, a fresh
database `beaconsurge` with the demo seed plus the 125 stackfaq FAQs (bench/data/stackfaq)
imported and published, about 180 FAQs in all. The server trusts X-Forwarded-For from
127.0.0.1 (TRUSTED_PROXIES, as behind the production nginx), so each request comes from a
different resident address and no per-client rate limit is hit.

It prints, for /api/v1/search/ (and the search page for the repeated case):
  varied     each request a different resident question (stackfaq questions, each also
             with one of eight everyday endings, "please", "now?", "today"...: over 11,000
             distinct queries, so results are computed, not reused; the run says how many
             were reused all the same)
  repeated   the same 10 questions over and over (what a crisis looks like)
with answered searches/s (200s only), p50/p99 of all requests (wrk's latency includes the
fast 503s), timeouts (wrk: 2 s), 503 count, how many answers were reused (X-Search-Result),
and whether analytics recorded one event per answered search. wrk from Debian
(`apt-get install wrk`). Loopback only; every run is bounded by --duration.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
DB = "beaconsurge"
REPEATED = ["is the water safe", "where is the warming center", "trash pickup", "power outage",
            "is the bridge open", "boil water notice", "snow emergency parking",
            "how do i report a downed tree", "can i bring my pet to a shelter", "bus schedule"]

LUA = r"""
local queries = {}
local path = "%(path)s"
local counter = 0
-- globals: what thread:set gives each thread, and what done() reads back with thread:get
thread_id = 0
statuses = {}
reused = 0
local threads = {}
local nthreads = 0

local function urlencode(s)
  return (s:gsub("[^%%w%%-_%%.~]", function(c) return string.format("%%%%%%02X", string.byte(c)) end))
end

function setup(thread)
  nthreads = nthreads + 1
  thread:set("thread_id", nthreads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines("%(queries)s") do table.insert(queries, line) end
  counter = 0
end

function request()
  counter = counter + 1
  -- the threads take turns through the list: in the varied run no question comes twice
  -- until the list is used up
  local n = counter * 2 + thread_id
  local q = queries[(n %% #queries) + 1]
  local addr = string.format("10.%%d.%%d.%%d", math.floor(n / 65536) %% 256,
                             math.floor(n / 256) %% 256, n %% 256)
  return wrk.format("GET", path .. "?q=" .. urlencode(q), {["X-Forwarded-For"] = addr,
                                                         ["X-Forwarded-Proto"] = "https"})
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local how = headers["x-search-result"] or headers["X-Search-Result"]
  if how == "reused" then reused = reused + 1 end
end

function done(summary, latency, requests)
  local total = {}
  local reused_all = 0
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do total[k] = (total[k] or 0) + v end
    reused_all = reused_all + t:get("reused")
  end
  local parts = {}
  for k, v in pairs(total) do table.insert(parts, string.format('"%%d": %%d', k, v)) end
  io.write(string.format('RESULT {"requests": %%d, "duration_us": %%d, "timeouts": %%d, '
    .. '"connect_errors": %%d, "read_errors": %%d, "p50_us": %%d, "p99_us": %%d, "max_us": %%d, '
    .. '"reused": %%d, "statuses": {%%s}}\n',
    summary.requests, summary.duration, summary.errors.timeout, summary.errors.connect,
    summary.errors.read, latency:percentile(50), latency:percentile(99), latency.max,
    reused_all, table.concat(parts, ", ")))
end
"""


def sh(*args, env=None, quiet=True, check=True):
    return subprocess.run(args, env=env, check=check, cwd=ROOT, text=True,
                          stdout=subprocess.DEVNULL if quiet else None)


def services_env():
    out = subprocess.run(["bash", ".ci/services.sh", "env"], cwd=ROOT, check=True, text=True,
                         capture_output=True).stdout
    found = {}
    for line in out.splitlines():
        line = line.removeprefix("export ").strip()
        if "=" in line:
            name, _, value = line.partition("=")
            found[name] = value.strip("'\"")
    return found


def prepare(env, pg_url):
    pg_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    host_args = ["-h", "127.0.0.1", "-p", pg_url.rsplit(":", 1)[1].split("/")[0], "-U", "postgres"]
    sh(str(pg_bin / "dropdb"), *host_args, "--if-exists", "--force", DB)
    sh(str(pg_bin / "createdb"), *host_args, DB)
    sh(PY, "manage.py", "migrate", "-v0", env=env)
    sh(PY, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
    sh(PY, "manage.py", "seed_demo", env=env)
    sh(PY, "manage.py", "shell", "-c",
       "from django.contrib.auth import get_user_model as g; "
       "g().objects.create_superuser('surge', 'surge@example.org', None)", env=env)
    sh(PY, "manage.py", "import_faqs", str(ROOT / "bench/data/stackfaq/faqs.jsonl"), "--publish",
       "--user", "surge", "--no-progress", env=env)
    sh(PY, "manage.py", "search_reindex", "--no-progress", env=env)
    return count(env, "from content.models import FAQ; print(FAQ.objects.filter(live=True).count())")


def count(env, code):
    return int(subprocess.run([PY, "manage.py", "shell", "-c", code], env=env, cwd=ROOT,
                              check=True, text=True, capture_output=True).stdout.split()[-1])


def events(env):
    return count(env, "from search.models import SearchEvent; print(SearchEvent.objects.count())")


def wait_up(port, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz",
                                             headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(request, timeout=2):  # noqa: S310 (loopback)
                return
        except Exception:
            time.sleep(0.5)
    raise SystemExit("the web process did not come up")


def wrk(port, path, queries_file, mode, duration, connections, work):
    time.sleep(2)  # what the previous run left queued is answered before this one counts
    script = work / f"{mode}.lua"
    script.write_text(LUA % {"mode": mode, "path": path, "queries": queries_file})
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "2s",
                          "-s", str(script), f"http://127.0.0.1:{port}{path}"],
                         check=True, text=True, capture_output=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


timeouts = [0]
runs = [0]


def report(label, result):
    timeouts[0] += result["timeouts"]
    runs[0] += 1
    seconds = result["duration_us"] / 1e6
    statuses = result["statuses"]
    ok = statuses.get("200", 0)
    busy = statuses.get("503", 0)
    other = {k: v for k, v in statuses.items() if k not in ("200", "503")}
    computed = ok - result["reused"]
    print(f"{label:<34} {ok / seconds:8.0f} answered/s ({computed / seconds:.0f} computed)  "
          f"p50 {result['p50_us'] / 1000:7.1f} ms  "
          f"p99 {result['p99_us'] / 1000:7.1f} ms  timeouts {result['timeouts']:<5} "
          f"503 {busy:<6} reused {result['reused']}/{ok}"
          + (f"  other {other}" if other else "")
          + (f"  socket errors connect {result['connect_errors']} read {result['read_errors']}"
             if result["connect_errors"] or result["read_errors"] else ""))
    return ok


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--skip-prepare", action="store_true", help="reuse the database")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    services = services_env()
    pg_url = services["DATABASE_URL"]
    env = {k: v for k, v in os.environ.items() if k != "ELASTICSEARCH_URL"}
    env.update({
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DATABASE_URL": pg_url.rsplit("/", 1)[0] + "/" + DB,
        "REDIS_URL": services["REDIS_URL"],
        "CACHE_KEY_PREFIX": f"beaconsurge-{secrets.token_hex(4)}",
        "SECRET_KEY": "surge-bench-" + secrets.token_hex(32),
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "LOG_LEVEL": "WARNING",
        "TRUSTED_PROXIES": "127.0.0.1", "WEB_CONCURRENCY": "2", "ACCESS_LOG": "0",
        "BIND": f"127.0.0.1:{args.port}", "SEARCH_BACKEND": "database",
        "SEARCH_RESULT_HEADER": "1",  # counts reused answers; off in production
    })
    env.pop("CELERY_BROKER_URL", None)  # index inline while preparing
    if not args.skip_prepare:
        started = time.monotonic()
        faqs = prepare(env, pg_url)
        print(f"prepared {DB}: {faqs} live FAQs in {time.monotonic() - started:.0f} s")
    work = Path(tempfile.mkdtemp(prefix="search-surge-"))
    rows = []
    for line in (ROOT / "bench/data/stackfaq/queries.tsv").read_text().splitlines()[1:]:
        rows.append(line.split("\t")[0].strip())
    distinct = list(dict.fromkeys(q for q in rows if q))
    varied = work / "varied.txt"
    endings = ["", " please", " now?", " today", " asap", " help", " pls", " quick question",
               " right now"]
    varied.write_text("\n".join(q + ending for ending in endings for q in distinct) + "\n")
    varied_page = work / "varied-page.txt"  # other questions again: none reused from the API run
    openings = ["hi ", "hello ", "question ", "hey ", "urgent ", "help ", "sorry ", "ok ", "so "]
    varied_page.write_text("\n".join(o + q for o in openings for q in distinct) + "\n")
    repeated = work / "repeated.txt"
    repeated.write_text("\n".join(REPEATED) + "\n")
    server = subprocess.Popen([PY, "-m", "portal.serve"], env=env, cwd=ROOT,
                              start_new_session=True)
    try:
        wait_up(args.port)
        print(f"machine: {os.cpu_count()} cores; web: granian, 2 processes, production settings, "
              f"SEARCH_CONCURRENCY={os.environ.get('SEARCH_CONCURRENCY', '2')} per process; "
              f"wrk -t2 -c{args.connections} -d{args.duration}s, 2 s timeout")
        warm = work / "warm.txt"
        warm.write_text("\n".join(q + " thanks" for q in distinct[-200:]) + "\n")  # not asked later
        wrk(args.port, "/api/v1/search/", warm, "varied", 3, 8, work)  # models loaded, pools open
        before = events(env)
        answered = report("varied questions, API", wrk(args.port, "/api/v1/search/", varied,
                                                       "varied", args.duration,
                                                       args.connections, work))
        answered += report("varied questions, page", wrk(args.port, "/search/", varied_page,
                                                         "varied", args.duration,
                                                         args.connections, work))
        answered += report("repeated 10 questions, API", wrk(args.port, "/api/v1/search/",
                                                             repeated, "repeated", args.duration,
                                                             args.connections, work))
        answered += report("repeated 10 questions, page", wrk(args.port, "/search/", repeated,
                                                              "repeated", args.duration,
                                                              args.connections, work))
        time.sleep(2)
        recorded = events(env) - before
        # wrk stops counting at the deadline; the requests then in flight (at most one per
        # connection per run) and those it gave up on (timeouts) are still answered and
        # recorded by the server.
        slack = runs[0] * args.connections + timeouts[0]
        verdict = "yes" if answered <= recorded <= answered + slack else "NO"
        print(f"analytics: {recorded} search events recorded for {answered} answered searches "
              f"seen by wrk (+ up to {slack} still in flight or timed out): one per search: "
              f"{verdict}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
