"""gunicorn settings for Beacon's web processes (`gunicorn -c gunicorn.conf.py portal.wsgi`).

gthread keeps keep-alive connections from phones and polling agent consoles cheap; the
worker count follows the cores, overridable with WEB_CONCURRENCY / WEB_THREADS.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
worker_class = "gthread"
# Measured on 2 cores (bench/load.sh): cores + 1 processes. Threads are many because most
# of them only wait: renders are rationed (PAGE_RENDER_SLOTS), and a thread per
# connection lets the excess be answered at once (last good copy or 503) instead of
# queueing in the socket until clients time out.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("WEB_THREADS", "32"))
keepalive = 30
timeout = 30
graceful_timeout = 20
# Recycling a worker drops its connections: in a surge at 2,000 req/s, 5,000 meant a
# restart every few seconds. Still bounded against slow leaks.
max_requests = 200000
max_requests_jitter = 20000
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
