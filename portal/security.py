"""Headers Django does not set on its own: a Content-Security-Policy and friends.

The public site needs no third-party origin; the Wagtail admin needs inline styles and
scripts, so it gets a looser policy of its own.
"""

import hashlib
import re

from django.conf import settings
from django.core import signing
from django.shortcuts import render

from django_ratelimit.core import is_ratelimited

PUBLIC_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'; object-src 'none'"
)
ADMIN_CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'; connect-src 'self'; font-src 'self' data:; "
    "frame-ancestors 'self'; base-uri 'self'; object-src 'none'"
)


# Wagtail renders a preview by sending a dummy request for the public page through the
# whole middleware stack, inside the admin's preview frame: that one response may be
# framed by the admin itself (same origin), nothing else.
PREVIEW_CSP = PUBLIC_CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        admin = request.path.startswith(("/admin", "/django-admin"))
        if getattr(request, "is_dummy", False):
            policy = PREVIEW_CSP
            response["X-Frame-Options"] = "SAMEORIGIN"
        else:
            policy = ADMIN_CSP if admin else PUBLIC_CSP
        response.setdefault("Content-Security-Policy", policy)
        response.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.setdefault("X-Content-Type-Options", "nosniff")
        response.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        return response


# Every way in with a password, with or without a language prefix (/es/_util/login/):
# the admin's login, Django admin's, Wagtail's front-end login for private pages
# (/_util/login/, same accounts), a private page's shared password, and password reset.
_LANG = r"(?:[a-z]{2}(?:-[a-z]+)?/)?"
LOGIN_PATH = re.compile(rf"^/{_LANG}(?:admin/login|django-admin/login|_util/login)/?$")
PAGE_PASSWORD_PATH = re.compile(rf"^/{_LANG}_util/authenticate_with_password/(\d+)/\d+/?$")
PASSWORD_RESET_PATH = re.compile(rf"^/{_LANG}(?:admin|django-admin)/password_reset/?$")


DEVICE_COOKIE_AGE = 365 * 24 * 3600


def _posted(field):
    """A django-ratelimit key: one posted field, trimmed and case-folded (so `Admin` and
    `admin ` are the same account), hashed by django-ratelimit into the cache key."""
    def key(group, request):
        return request.POST.get(field, "").strip().casefold()[:254]
    return key


def _page_restriction(group, request):
    return PAGE_PASSWORD_PATH.match(request.path).group(1)


DEVICE_COOKIE = "beacon_device"
DEVICE_SALT = "beacon.login.device"


def _account(request):
    """The account a login names, as the device cookie keeps it (a digest, not the name)."""
    name = request.POST.get("username", "").strip().casefold()[:254]
    return hashlib.sha256(f"beacon-device:{name}".encode()).hexdigest()[:20] if name else ""


def _known_device(request):
    """The browser signed in to the account it names now, before (a valid device cookie)."""
    try:
        remembered = signing.loads(request.COOKIES.get(DEVICE_COOKIE, ""), salt=DEVICE_SALT,
                                   max_age=DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return False
    return bool(_account(request)) and _account(request) in remembered


def _remember_device(request, response):
    user = getattr(request, "user", None)
    if not (user is not None and user.is_authenticated and response.status_code in (301, 302)):
        return
    try:
        known = signing.loads(request.COOKIES.get(DEVICE_COOKIE, ""), salt=DEVICE_SALT,
                              max_age=DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        known = []
    accounts = sorted({*known, _account(request)} - {""})[-5:]
    response.set_cookie(DEVICE_COOKIE, signing.dumps(accounts, salt=DEVICE_SALT),
                        max_age=DEVICE_COOKIE_AGE, httponly=True, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE)


def _over(request, group, key, rate):
    try:
        return is_ratelimited(request, group=group, key=key, rate=rate, increment=True)
    except Exception:  # the cache is down: count nothing, refuse nobody (search.ratelimit)
        return False


class LoginRateLimitMiddleware:
    """Every authentication POST is limited per client and per target:

    - logins (all three login forms share one count): LOGIN_ATTEMPTS_PER_MINUTE per
      client, LOGIN_ATTEMPTS_PER_ACCOUNT per username whoever sends them;
    - a private page's password: the same per-client count, and
      LOGIN_ATTEMPTS_PER_ACCOUNT per page restriction;
    - password reset: PASSWORD_RESETS_PER_CLIENT per client and PASSWORD_RESETS_PER_ADDRESS
      per email address asked for.

    The counts are django-ratelimit's (search.ratelimit), in the same store as every other
    limit. Over a limit: 429 with Retry-After, and the view is not run.

    A per-account limit lets anyone lock an editor out by guessing wrong on purpose; on
    the worst day that would keep the comms team from publishing. So a browser that has
    signed in to an account before carries a signed "known device" cookie for it
    (DEVICE_COOKIE, a year), and for that account it is held to the per-client limit only
    (OWASP's device cookies). Guessers never get one: it is set only after a success.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            wait = self._refused(request)
            if wait:
                return _refused_page(request, wait)
        response = self.get_response(request)
        if request.method == "POST" and LOGIN_PATH.match(request.path):
            _remember_device(request, response)
        return response

    def _refused(self, request):
        """Seconds to wait (the longest window of the limits passed), or 0."""
        path = request.path
        per_client = f"{getattr(settings, 'LOGIN_ATTEMPTS_PER_MINUTE', 10)}/m"
        per_account = getattr(settings, "LOGIN_ATTEMPTS_PER_ACCOUNT", "10/15m")
        if LOGIN_PATH.match(path):
            # both counted on every attempt, so a refused client still uses up the account's
            # allowance no faster than its own
            limits = [(_over(request, "login", "ip", per_client), per_client)]
            if not _known_device(request):
                limits.append((_over(request, "login-account", _posted("username"),
                                     per_account), per_account))
        elif PAGE_PASSWORD_PATH.match(path):
            limits = [(_over(request, "login", "ip", per_client), per_client),
                      (_over(request, "page-password", _page_restriction, per_account),
                       per_account)]
        elif PASSWORD_RESET_PATH.match(path):
            per_reset = getattr(settings, "PASSWORD_RESETS_PER_CLIENT", "5/h")
            per_address = getattr(settings, "PASSWORD_RESETS_PER_ADDRESS", "3/h")
            limits = [(_over(request, "password-reset", "ip", per_reset), per_reset),
                      (_over(request, "password-reset-address", _posted("email"),
                             per_address), per_address)]
        else:
            return 0
        return max((window_seconds(rate) for over, rate in limits if over), default=0)


def window_seconds(rate):
    """900 for "10/15m", 60 for "10/m": how long a django-ratelimit rate's count lasts."""
    found = re.fullmatch(r"\d+/(\d*)([smhd])", rate)
    if not found:
        return 60
    return int(found.group(1) or 1) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[found.group(2)]


def _refused_page(request, wait):
    """A person at a sign-in form reads why and for how long (a probe was shown raw JSON
    saying "a minute" for a 15-minute lock); scripts still get 429 and Retry-After."""
    response = render(request, "portal/too_many_attempts.html",
                      {"minutes": max(1, -(-wait // 60))}, status=429)
    response["Retry-After"] = str(wait)
    return response
