"""Per-client rate limits, counted in the cache by django-ratelimit.

The client is the address `portal.client_address.client_ip` trusts (set through
RATELIMIT_IP_META_KEY), so a forged X-Forwarded-For cannot buy a fresh allowance. When
the cache is down, requests are allowed (RATELIMIT_FAIL_OPEN): a limiter must never take
the site down with it.
"""

import functools
import time

from django.http import JsonResponse

from django_ratelimit.core import is_ratelimited


def too_many_requests(period=60):
    response = JsonResponse({"error": "Too many requests. Please wait a minute."}, status=429)
    response["Retry-After"] = str(period - int(time.time()) % period)
    return response


def over_limit(request, scope, per_minute):
    """Counts this request against its client's allowance in `scope`: True past it."""
    try:
        return is_ratelimited(request, group=scope, key="ip", rate=f"{per_minute}/m",
                              increment=True)
    except Exception:  # the cache is down: count nothing, refuse nobody
        return False


def rate_limited(scope, per_minute):
    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if over_limit(request, scope, per_minute):
                return too_many_requests()
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
