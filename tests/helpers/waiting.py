"""Waiting for a process started by a test or a benchmark to serve HTTP."""

import time
import urllib.request


def wait_until_answers(url, timeout=30.0, interval=0.1):
    """Return once a GET of `url` succeeds (2xx); TimeoutError after `timeout` seconds.

    A web server answers only once each of its processes has imported Django, so callers
    wait on a cheap URL such as /healthz before measuring or asserting anything."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=min(2.0, timeout)):  # noqa: S310 (local test server)
                return
        except OSError as exc:
            if time.monotonic() >= deadline:
                raise TimeoutError(f"{url} did not answer within {timeout:.0f} s ({exc})") from exc
            time.sleep(interval)
