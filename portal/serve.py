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
"""

import os

from granian.constants import Interfaces
from granian.server import Server

from portal.environment import env_bool

TARGET = "portal.wsgi:application"


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


def main():
    Server(**server_options()).serve()


if __name__ == "__main__":
    main()
