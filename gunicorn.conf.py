"""gunicorn settings for Beacon's web processes (`gunicorn -c gunicorn.conf.py portal.wsgi`).

gthread keeps keep-alive connections from phones and polling agent consoles cheap; the
worker count follows the cores, overridable with WEB_CONCURRENCY / WEB_THREADS.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
threads = int(os.environ.get("WEB_THREADS", "16"))
keepalive = 30
timeout = 30
graceful_timeout = 20
max_requests = 5000
max_requests_jitter = 500
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
