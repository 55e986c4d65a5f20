"""PostgreSQL restarted while requests flow: the app recovers without being restarted.

    python bench/fault_postgres_restart.py     (after `eval "$(.ci/services.sh up)"`)

Starts the web server (portal.serve, production settings, persistent connections with
health checks) on the "beaconload" database, asks /readyz (a database query, never cached)
every 50 ms, restarts the PostgreSQL server with `pg_ctl restart -m fast`, and reports the
failed requests and the time until the first success after the restart.
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers.waiting import wait_until_answers  # noqa: E402
STATE = Path(os.environ.get("BEACON_SERVICES_DIR", "/var/tmp/beacon-services"))
PORT = 8783


def pg_bin():
    return sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]


def request(path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=5) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def main():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.production",
           "DATABASE_URL": "postgres://postgres@127.0.0.1:54329/beaconload",
           "SECRET_KEY": "fault-" + "k" * 60, "ALLOWED_HOSTS": "127.0.0.1",
           "SECURE_SSL_REDIRECT": "0", "LOG_LEVEL": "ERROR"}
    env.pop("ELASTICSEARCH_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen([sys.executable, "-m", "portal.serve"], cwd=ROOT, env={
        **env, "BIND": f"127.0.0.1:{PORT}", "WEB_CONCURRENCY": "2", "WEB_THREADS": "4",
        "ACCESS_LOG": "0"})
    results = []
    try:
        wait_until_answers(f"http://127.0.0.1:{PORT}/healthz", timeout=30, interval=0.25)
        restarted_at = None
        started = time.monotonic()
        while time.monotonic() - started < 20:
            status = request("/readyz")  # never cached: queries the database every time
            results.append((time.monotonic(), status))
            if restarted_at is None and time.monotonic() - started > 5:
                user = "beaconsvc" if os.geteuid() == 0 else os.environ.get("USER", "")
                command = [str(pg_bin() / "pg_ctl"), "-D", str(STATE / "pg"), "-m", "fast",
                           "-w", "restart", "-o", "-h 127.0.0.1 -p 54329 -k /tmp -c fsync=off "
                           "-c max_connections=200"]
                if os.geteuid() == 0:
                    command = ["runuser", "-u", user, "--", *command]
                restarted_at = time.monotonic()
                subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
                back_at = time.monotonic()
            time.sleep(0.05)
    finally:
        server.terminate()
        server.wait(10)
    after = [(t, s) for t, s in results if t >= back_at]
    first_ok = next((t for t, s in after if s == 200), None)
    failures_after = [s for t, s in after if s != 200]
    print(f"requests: {len(results)}; PostgreSQL down for {back_at - restarted_at:.2f} s "
          f"(pg_ctl restart)")
    print(f"failed requests after PostgreSQL was back: {len(failures_after)} "
          f"(statuses {sorted(set(failures_after))})")
    if first_ok is not None:
        print(f"first success {first_ok - back_at:.2f} s after PostgreSQL was back; "
              f"{sum(1 for _, s in after if s == 200)}/{len(after)} OK since, "
              f"no app restart")
    else:
        print("the app did NOT recover")


if __name__ == "__main__":
    main()
