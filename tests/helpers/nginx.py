"""A real nginx in front of the live test server, configured like deploy/nginx.conf's
proxy headers (it appends the peer to X-Forwarded-For). Started per test, stopped after."""

import os
import shutil
import subprocess
import tempfile

import pytest

from .services import IN_CI, free_port
from .waiting import wait_until_answers

HTTP = """
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
{server}
}}
"""
SERVER = """
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass {upstream};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
"""


class NginxFront:
    """nginx in its own temporary directory on a free port, proxying to `upstream`; the
    `server` block (`server_config`) is what a subclass changes."""

    prefix = "beacon-nginx-"

    def __init__(self, upstream):
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not os.path.exists(binary):
            pytest.fail("nginx is not installed") if IN_CI else pytest.skip("no nginx")
        self.tmp = tempfile.mkdtemp(prefix=self.prefix)
        os.chmod(self.tmp, 0o777)  # noqa: S103 - nginx workers run as nobody
        self.port = free_port()
        conf = os.path.join(self.tmp, "nginx.conf")
        with open(conf, "w") as handle:
            handle.write(HTTP.format(tmp=self.tmp, server=self.server_config(upstream)))
        self.process = subprocess.Popen([binary, "-c", conf, "-p", self.tmp],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.url = f"http://127.0.0.1:{self.port}"
        try:
            wait_until_answers(self.url + "/healthz", timeout=5, interval=0.05)
        except TimeoutError as exc:
            self.stop()
            pytest.fail(f"nginx did not start: {exc}")

    def server_config(self, upstream):
        return SERVER.format(port=self.port, upstream=upstream)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.tmp, ignore_errors=True)


@pytest.fixture
def nginx_front(live_server):
    front = NginxFront(live_server.url)
    yield front
    front.stop()


DEPLOY_CONF = os.path.join(os.path.dirname(__file__), "..", "..", "deploy", "nginx.conf")


class ShippedNginx(NginxFront):
    """deploy/nginx.conf as shipped, included in a minimal `http {}`: only the listen
    address, the cache directory and the upstream list (beacon-upstream.conf) differ."""

    prefix = "beacon-nginx-shipped-"

    def server_config(self, upstream):
        with open(DEPLOY_CONF) as handle:
            shipped = handle.read()
        for old, new in (("listen 80;", f"listen 127.0.0.1:{self.port};"),
                         ("/var/cache/nginx/beacon", f"{self.tmp}/cache")):
            assert old in shipped, f"deploy/nginx.conf no longer has {old!r}"
            shipped = shipped.replace(old, new)
        # the access log (a checkout from before it was set, as bench runs use, has none)
        shipped = shipped.replace("/var/log/nginx/access.log", f"{self.tmp}/access.log")
        with open(os.path.join(self.tmp, "beacon.conf"), "w") as handle:
            handle.write(shipped)
        host_port = upstream.split("://", 1)[-1].rstrip("/")
        with open(os.path.join(self.tmp, "beacon-upstream.conf"), "w") as handle:
            handle.write(f"server {host_port};\n")
        # /events/ (live updates): the same server (a WSGI test server streams them too)
        with open(os.path.join(self.tmp, "beacon-events-upstream.conf"), "w") as handle:
            handle.write(f"server {host_port};\n")
        return f"    include {self.tmp}/beacon.conf;"


@pytest.fixture
def shipped_nginx(live_server):
    front = ShippedNginx(live_server.url)
    yield front
    front.stop()
