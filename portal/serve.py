"""Beacon's web process: `python -m portal.serve` runs the WSGI app under Granian.

Why Granian and not gunicorn: a surge on one shared link is answered by the page-cache
front (portal.wsgi_front) in a few microseconds of Python; what is left is the server's
own cost per request. Measured with bench/load.sh on this project's 2-core machine, a
cached page at 64 connections: gunicorn (gthread, 3 x 32) ~2,500 req/s with p99 of
100-860 ms; Granian (2 x 32, HTTP handled in Rust) ~15,000 req/s with p99 ~20 ms.
bench/RESULTS.md has the runs.

Settings, all from the environment:
  BIND              host:port to listen on (default 0.0.0.0:8000)
  WEB_CONCURRENCY   processes (default: the number of cores)
  WEB_THREADS       threads per process running Django (default 32: most only wait;
                    renders are rationed by PAGE_RENDER_SLOTS, so the excess is answered
                    at once with the last good copy or a 503 instead of queueing)
  WEB_LIFETIME      seconds before a process is replaced (default 86400; bounds leaks)
  ACCESS_LOG        1 to log each request (default 1)
  LOG_LEVEL         as for Django's logging (default INFO)

`python -m portal.serve --events` runs the live-update process instead: the same Django
project through its ASGI app, for /events/ (Server-Sent Events, alerts/live_views.py),
where an idle connection is a parked asyncio task and not a thread. nginx sends /events/
to it (deploy/nginx.conf). Its settings:
  EVENTS_BIND            host:port (default 0.0.0.0:8001)
  EVENTS_CONCURRENCY     processes (default 1: one holds thousands of idle connections,
                         each process keeps one Redis subscription)
  EVENTS_MAX_CONNECTIONS open streams per process before new ones wait (default 10000)
"""

import os
import sys

from granian.constants import Interfaces
from granian.server import Server

from portal.environment import env_bool

TARGET = "portal.wsgi:application"
EVENTS_TARGET = "portal.asgi:application"


def server_options(environ=os.environ):
    """Granian's options for a web process, from `environ`."""
    host, _, port = environ.get("BIND", "0.0.0.0:8000").rpartition(":")  # noqa: S104
    return {
        "target": TARGET,
        "interface": Interfaces.WSGI,
        "address": host.strip("[]") or "0.0.0.0",  # noqa: S104 (a container's web port)
        "port": int(port),
        "workers": int(environ.get("WEB_CONCURRENCY") or os.cpu_count() or 1),
        "blocking_threads": int(environ.get("WEB_THREADS", "32")),
        "backlog": 2048,
        "respawn_failed_workers": True,
        "workers_lifetime": int(environ.get("WEB_LIFETIME", "86400")),
        "workers_kill_timeout": 20,
        "log_level": environ.get("LOG_LEVEL", "INFO").lower(),
        "log_access": env_bool("ACCESS_LOG", True, environ),
    }


def events_options(environ=os.environ):
    """Granian's options for the live-update (ASGI) process, from `environ`."""
    host, _, port = environ.get("EVENTS_BIND", "0.0.0.0:8001").rpartition(":")  # noqa: S104
    return {
        "target": EVENTS_TARGET,
        "interface": Interfaces.ASGINL,  # Django has no lifespan handler
        "address": host.strip("[]") or "0.0.0.0",  # noqa: S104
        "port": int(port),
        "workers": int(environ.get("EVENTS_CONCURRENCY", "1")),
        "backlog": 2048,
        "backpressure": int(environ.get("EVENTS_MAX_CONNECTIONS", "10000")),
        "websockets": False,
        "respawn_failed_workers": True,
        "workers_kill_timeout": 5,
        "log_level": environ.get("LOG_LEVEL", "INFO").lower(),
        "log_access": env_bool("ACCESS_LOG", False, environ),
    }


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    Server(**(events_options() if "--events" in argv else server_options())).serve()


if __name__ == "__main__":
    main()
