"""Health endpoints, the favicon and friendly error pages."""

import hmac
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from search.backends import get_backend

from .celery import app

logger = logging.getLogger(__name__)


def healthz(request):
    """The process is up; says nothing about its dependencies."""
    return JsonResponse({"status": "ok"})


def _check(name, probe):
    started = time.monotonic()
    try:
        detail = probe()
        ok = True
    except Exception as exc:
        ok, detail = False, f"{type(exc).__name__}: {exc}"[:300]
    return name, {"ok": ok, "detail": detail, "ms": round((time.monotonic() - started) * 1000, 1)}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return connection.vendor


def _cache():
    cache.set("readyz", "1", 5)
    if cache.get("readyz") != "1":
        raise RuntimeError("cache did not return what was written")
    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def _broker():
    if not settings.CELERY_BROKER_URL:
        return "eager (no broker configured)"
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=1)
    return "reachable"


def _search():
    return get_backend().health()


def _may_see_details(request):
    """Backend names, document counts and error texts are for operators: a staff session,
    or `Authorization: Bearer <READYZ_TOKEN>` (a monitoring system). Anyone else gets
    up/down only: the status code and {"ready": ...}."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return True
    token = getattr(settings, "READYZ_TOKEN", "")
    sent = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())


def readyz(request):
    checks = dict(_check(name, probe) for name, probe in (
        ("database", _database), ("cache", _cache), ("broker", _broker), ("search", _search)))
    ready = all(check["ok"] for name, check in checks.items() if name != "search")
    answer = {"ready": ready}
    if _may_see_details(request):
        answer["checks"] = checks
    else:
        failed = [name for name, check in checks.items() if not check["ok"]]
        if failed:
            logger.warning("readyz: %s down: %s", ", ".join(failed),
                           "; ".join(str(checks[name]["detail"]) for name in failed))
    return JsonResponse(answer, status=200 if ready else 503)


FAVICON = (settings.BASE_DIR / "static" / "favicon.ico").read_bytes()


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request):
    """Browsers ask for /favicon.ico on every page whatever the HTML says; answer it
    instead of a 404 (logged, and rendered through the full 404 page) each time."""
    return HttpResponse(FAVICON, content_type="image/x-icon")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No database, no crisis lookups: this page must render when everything else fails.
    return render(request, "500.html", status=500, context={"crisis": None})
