"""Abuse probe for issue 23: what gets through on a production-settings instance.

    python bench/attack_abuse.py [--app DIR] [--keep]

What it runs: the production web process (`python -m portal.serve`: Granian, 2 processes,
`portal.settings.production`, SQLite, no Redis) of the checkout at --app (default: this
one) on 127.0.0.1, with the demo seed; the SMS provider is Beacon's Twilio client pointed
at a fake Twilio on 127.0.0.1 that records every text; email goes to files. The server
trusts X-Forwarded-For from 127.0.0.1 (TRUSTED_PROXIES, as behind the production nginx),
so each attacker "client" below is a different address. Point 1 goes through a real nginx
running that checkout's deploy/nginx.conf as shipped (tests/helpers/nginx.py).

Run it on a checkout from before the fixes (`git worktree add /tmp/before <commit>`;
`--app /tmp/before`) and on this one to get the before/after figures. Loopback only;
about a minute and a half (the SMS part waits as a script must: a few seconds per code).

What it prints, per attack, is what got through:
 1. cross-served answers: `?q=water` asked first, `?q=trash+pickup` right after (and
    `/areas/zip/?zip=abc` then `?zip=04612`), 10 times each: how many times the second
    request got the first one's answer;
 2. texts the fake Twilio received: to premium/foreign numbers (+882, +881, +4490x, +1900,
    +1 976, +1 876, +1 800), from a script that posts the form without loading it first,
    to 20 numbers from one address, to 40 numbers of one NPA-NXX from 40 addresses, and to
    80 numbers in 80 blocks from 80 addresses (the site-wide budget, set to BUDGET an
    hour with SMS_NEW_NUMBER_TEXTS_PER_HOUR so the run stays short);
 3. password guessing at Wagtail's front-end login /_util/login/: 60 wrong passwords from
    one address then the right one (did it get an admin session?), one account from 60
    addresses then the right one, and password-reset emails to one address (12 from one
    address, 12 from 12 addresses);
 4.-11. (later_points) 25 sign-ups from one address across the 2 processes; 40 ZIP misses;
    /areas/ with the probe's 2,000 x 50 MultiPolygon stored; an alert polygon 'not a
    polygon'; '[' x 100,000 to the alerts API; one-click unsubscribe with a made-up token;
    a 'Was this helpful?' comment with +44 20 7946 0958, an email and a street address.
"""

import argparse
import concurrent.futures
import http.client
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))

from tests.helpers import nginx as nginx_helper  # noqa: E402
from tests.helpers.services import free_port  # noqa: E402
from tests.helpers.waiting import wait_until_answers  # noqa: E402

BUDGET = 60  # SMS_NEW_NUMBER_TEXTS_PER_HOUR for the run (default 300), to reach it quickly
PASSWORD = "a-long-editor-password-2026"  # noqa: S105 - the probe's own throwaway account


class FakeTwilio:
    """Records every text Beacon's Twilio client sends."""

    def __init__(self):
        self.sent = []
        lock = threading.Lock()
        sent = self.sent

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                with lock:
                    sent.append(form.get("To", [""])[0])
                body = json.dumps({"sid": f"SM{len(sent)}"}).encode()
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def count(self, numbers=None):
        return sum(1 for to in self.sent if numbers is None or to in numbers)


class Client:
    """One attacker identity: its address (X-Forwarded-For) and its cookies, kept by hand
    (production cookies are Secure and this is plain HTTP on loopback)."""

    def __init__(self, port, address):
        self.port, self.address, self.cookies = port, address, {}

    def request(self, method, path, fields=None):
        body = urllib.parse.urlencode(fields, doseq=True) if fields is not None else None
        headers = {"X-Forwarded-For": self.address, "Host": "127.0.0.1"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def form(self, path):
        """GET a form; return its hidden fields (the CSRF token, the sign-up's one-time
        challenge where there is one)."""
        _status, page = self.request("GET", path)
        return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))

    def post_form(self, path, fields, load_first=True, wait=0.0):
        hidden = self.form(path) if load_first else {
            "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        if wait:
            time.sleep(wait)
        return self.request("POST", path, {**hidden, **fields})


RUN = {}  # the instance's environment and checkout, for `manage.py shell` probes


def shell(code):
    """Run `code` in the instance's `manage.py shell`; its stdout."""
    return subprocess.run([sys.executable, "manage.py", "shell", "-c", code], env=RUN["env"],
                          cwd=RUN["app"], capture_output=True, text=True).stdout.strip(
                          ).rpartition("\n")[2]  # the last line (shell may announce imports)


def sh(*args, env, cwd):
    subprocess.run(args, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def start(app, work, twilio, port, budget_per_hour):
    py = sys.executable
    env = {**{k: v for k, v in os.environ.items()
              if k not in ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "CELERY_BROKER_URL")},
           "DJANGO_SETTINGS_MODULE": "portal.settings.production",
           "SECRET_KEY": secrets.token_urlsafe(48), "ALLOWED_HOSTS": "127.0.0.1,localhost",
           "DATABASE_URL": f"sqlite:///{work}/db.sqlite3", "SECURE_SSL_REDIRECT": "0",
           "TRUSTED_PROXIES": "127.0.0.1", "MEDIA_ROOT": str(work / "media"),
           "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
           "EMAIL_FILE_PATH": str(work / "mail"),
           "SMS_PROVIDER": "alerts.sms.TwilioProvider", "SMS_ACCOUNT_SID": "AC0",
           "SMS_AUTH_TOKEN": "probe", "SMS_FROM_NUMBER": "+15550100000",
           "SMS_API_BASE": twilio.url,
           "SMS_NEW_NUMBER_TEXTS_PER_HOUR": str(budget_per_hour),
           "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2", "ACCESS_LOG": "0",
           "LOG_LEVEL": "ERROR", "PYTHONPATH": str(app)}
    RUN.update(env=env, app=app)
    sh(py, "manage.py", "migrate", "-v0", env=env, cwd=app)
    sh(py, "manage.py", "collectstatic", "--noinput", "-v0", env=env, cwd=app)
    sh(py, "manage.py", "seed_demo", env=env, cwd=app)
    sh(py, "manage.py", "shell", "-c",
       "from django.contrib.auth import get_user_model as g; "
       f"g().objects.create_superuser('editor', 'editor@example.org', '{PASSWORD}')",
       env=env, cwd=app)
    server = subprocess.Popen([py, "-m", "portal.serve"], env=env, cwd=app,
                              start_new_session=True, stderr=subprocess.DEVNULL)
    wait_until_answers(f"http://127.0.0.1:{port}/healthz", timeout=120)
    return server


def microcache(app, port):
    nginx_helper.DEPLOY_CONF = str(app / "deploy" / "nginx.conf")
    front = nginx_helper.ShippedNginx(f"http://127.0.0.1:{port}")
    nginx_port = front.port
    try:
        crossed_search = crossed_zip = 0
        for _n in range(10):
            attacker, resident = Client(nginx_port, "10.0.0.1"), Client(nginx_port, "10.0.0.2")
            attacker.request("GET", "/api/v1/search/?q=water")
            _s, body = resident.request("GET", "/api/v1/search/?q=trash+pickup")
            try:
                crossed_search += json.loads(body).get("query") == "water"
            except ValueError:
                pass
            attacker.request("GET", "/areas/zip/?zip=abc")
            status, _b = resident.request("GET", "/areas/zip/?zip=04612")
            crossed_zip += status == 404
            time.sleep(0.25)
        print(f"1. microcache   q=water then q=trash+pickup: resident got the attacker's answer "
              f"{crossed_search}/10")
        print(f"                zip=abc then zip=04612: resident got the cached 404 "
              f"{crossed_zip}/10")
    finally:
        front.stop()


SIGN_UP = {"areas": ["whole-city"], "language": "es", "consent": "on"}
PREMIUM = ["+882 1234 5678 90", "+881 6 1234 5678", "+44 909 879 0000", "+44 871 234 5678",
           "+1 900 555 0123", "+1 212 976 1234", "+1 876 555 0123", "+1 800 555 0123"]


def e164(number):
    return "+" + re.sub(r"\D", "", number)


def sms(port, twilio, wait):
    counter = iter(range(1, 10_000))
    lock = threading.Lock()

    def attempt(number, address=None, load_first=True):
        with lock:
            n = next(counter)
        client = Client(port, address or f"203.0.{n // 250}.{n % 250 + 1}")
        status, _page = client.post_form("/es/subscribe/", {**SIGN_UP, "phone": number},
                                         load_first=load_first, wait=wait if load_first else 0)
        return status

    def run(numbers, **kwargs):
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            return list(pool.map(lambda number: attempt(number, **kwargs), numbers))

    run(PREMIUM)
    print(f"2. SMS          premium/foreign ({len(PREMIUM)} numbers, 8 addresses): "
          f"{twilio.count({e164(n) for n in PREMIUM})} texted")
    blind = [f"+1 503 {200 + n:03d} 0199" for n in range(10)]
    bare = Client(port, "198.51.100.99")
    bare.form("/es/subscribe/")  # one CSRF cookie, then posts without loading the form
    for n, number in enumerate(blind):
        bare.address = f"198.51.101.{n + 1}"
        bare.post_form("/es/subscribe/", {**SIGN_UP, "phone": number}, load_first=False)
    print(f"                script posting without loading the form (10 numbers, 10 "
          f"addresses): {twilio.count({e164(n) for n in blind})} texted")
    one = [f"+1 617 {200 + n:03d} 0199" for n in range(20)]
    for number in one:
        attempt(number, address="198.51.100.7")
    print(f"                20 numbers from one address: {twilio.count({e164(n) for n in one})} "
          f"texted")
    block = [f"+1 207 555 {n:04d}" for n in range(100, 140)]
    run(block)
    print(f"                one NPA-NXX (+1 207 555, 40 numbers, 40 addresses): "
          f"{twilio.count({e164(n) for n in block})} texted")
    spread = [f"+1 207 {300 + n:03d} 0142" for n in range(80)]
    run(spread)
    print(f"                80 numbers in 80 blocks, 80 addresses: "
          f"{twilio.count({e164(n) for n in spread})} texted")
    print(f"                texts the sign-up form sent in all: {twilio.count()} "
          f"(budget {BUDGET} an hour)")


def logins(port, work):
    client = Client(port, "192.0.2.10")
    token = client.form("/_util/login/").get("csrfmiddlewaretoken", "")
    statuses = [client.request("POST", "/_util/login/", {
        "csrfmiddlewaretoken": token, "username": "editor", "password": f"guess-{n}"})[0]
        for n in range(60)]
    right, _ = client.request("POST", "/_util/login/", {
        "csrfmiddlewaretoken": token, "username": "editor", "password": PASSWORD})
    admin = client.request("GET", "/admin/")[0] if "sessionid" in client.cookies else None
    print(f"3. login        /_util/login/ 60 wrong from one address: {statuses.count(200)} "
          f"answered, {statuses.count(429)} refused; then the right password: {right}"
          f"{' -> admin session (GET /admin/ ' + str(admin) + ')' if admin == 200 else ''}")
    answered = 0
    for n in range(60):
        guesser = Client(port, f"192.0.3.{n + 1}")
        answered += guesser.post_form("/_util/login/", {"username": "editor",
                                                        "password": f"other-{n}"})[0] == 200
    last = Client(port, "192.0.4.1")
    right, _ = last.post_form("/_util/login/", {"username": "editor", "password": PASSWORD})
    print(f"                one account from 60 addresses: {answered} guesses answered; "
          f"then the right password from a new address: {right}")
    mail = work / "mail"

    def mails():
        return sum(path.read_text(errors="replace").count("editor@example.org")
                   for path in mail.glob("*")) if mail.exists() else 0

    resetter = Client(port, "192.0.2.20")
    for _n in range(12):
        resetter.post_form("/admin/password_reset/", {"email": "editor@example.org"})
    from_one = mails()
    for n in range(12):
        Client(port, f"192.0.5.{n + 1}").post_form("/admin/password_reset/",
                                                    {"email": "editor@example.org"})
    print(f"                password reset to one address: 12 asks from one address -> "
          f"{from_one} emails; 12 more from 12 addresses -> {mails() - from_one} emails")


def later_points(port):
    """Issue 23 points 4, 6, 7, 8, 10, 11: what got through."""
    signups = [Client(port, "10.4.0.1").post_form("/subscribe/", {
        "email": f"p4-{n}@example.org", "areas": "whole-city", "language": "en",
        "consent": "on"})[0] for n in range(25)]
    print(f"4. limits       25 email sign-ups from one address, 2 processes: "
          f"{signups.count(200)} accepted (documented limit 10 an hour)")
    resident = Client(port, "10.6.0.1")
    took, statuses = [], []
    for n in range(40):
        start = time.perf_counter()
        statuses.append(resident.request("GET", f"/areas/zip/?zip={90000 + n}")[0])
        took.append(time.perf_counter() - start)
    took.sort()
    print(f"6. ZIP misses   40 distinct misses from one address: median "
          f"{took[20] * 1000:.0f} ms, statuses {sorted(set(statuses))}")
    shell("import math; from content.models import Area; "
          "ring=lambda cx,cy:[[cx+0.001*math.cos(6.2832*k/50),cy+0.001*math.sin(6.2832*k/50)] "
          "for k in range(50)]; "
          "rings=[[r+[r[0]]] for r in (ring(-68.7+(i%50)*0.004,44.5+(i//50)*0.004) "
          "for i in range(2000))]; "
          "a=Area.objects.originals().first(); "
          "Area.objects.filter(pk=a.pk).update(boundary={'type':'MultiPolygon','coordinates':rings})")
    shell("from portal import page_cache; page_cache.invalidate('probe')")
    start = time.perf_counter()
    size = len(Client(port, "10.7.0.1").request("GET", "/areas/")[1].encode())
    print(f"7. geometry     /areas/ with a 2,000 x 50 MultiPolygon stored: {size / 1000:.0f} KB, "
          f"{(time.perf_counter() - start) * 1000:.0f} ms uncached")
    polygon = shell(
        "from alerts.models import Alert; from content.models import Message; "
        "a=Alert(message=Message.objects.first(), event='Flood', area_desc='Harbor', "
        "polygon='not a polygon')\n"
        "try:\n a.full_clean(exclude=['identifier','references','created_by','published_by',"
        "'confirmed_by'], validate_unique=False); print('accepted')\n"
        "except Exception as e: print('refused', list(getattr(e, 'message_dict', {}))[:3])")
    print(f"               alert polygon 'not a polygon': {polygon}")
    token = shell("from django.contrib.auth import get_user_model as g; "
                  "from alerts.api import issue_token; print(issue_token(g().objects.get("
                  "username='editor')))")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", "/api/v1/alerts/", body="[" * 100_000, headers={
        "Authorization": f"Token {token}", "Content-Type": "application/json",
        "Host": "127.0.0.1", "X-Forwarded-For": "10.8.0.1"})
    deep = connection.getresponse()
    print(f"8. bad input    '[' x 100,000 to /api/v1/alerts/: {deep.status} "
          f"{deep.read()[:60].decode('utf-8', 'replace')!r}")
    connection.close()
    status, page = Client(port, "10.10.0.1").request(
        "POST", "/subscribe/unsubscribe/not-a-real-token/")
    print(f"10. links       one-click unsubscribe with a made-up token: {status}, says "
          f"{'unsubscribed' if 'no more alerts' in page else 'nothing changed'}")
    faq = shell("from content.models import FAQ; print(FAQ.objects.filter(live=True).first().pk)")
    Client(port, "10.11.0.1").request("POST", "/search/helpful", {
        "target_type": "faq", "target_id": faq, "helpful": "no",
        "comment": "call me +44 20 7946 0958, ana@example.org, 42 Harbor View Road"})
    stored = shell("from search.models import HelpfulVote; "
                   "print(HelpfulVote.objects.order_by('-pk').first().comment)")
    print(f"11. comments    stored: {stored!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", type=Path, default=HERE, help="the checkout to attack")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--code-wait", type=float, default=3.2,
                        help="seconds a sign-up page stays open before posting (default 3.2)")
    args = parser.parse_args()
    app = args.app.resolve()
    work = Path(tempfile.mkdtemp(prefix="beacon-abuse-"))
    twilio = FakeTwilio()
    port = free_port()
    commit = subprocess.run(["git", "-C", str(app), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    print(f"app: {app} ({commit}); production settings, SQLite, no Redis, 2 web processes")
    server = start(app, work, twilio, port, budget_per_hour=BUDGET)
    try:
        microcache(app, port)
        sms(port, twilio, args.code_wait)
        logins(port, work)
        later_points(port)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        twilio.server.shutdown()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
