"""A small fixed-window rate limit per client, counted in the cache.

The client is identified by a hash of its address, kept only for the window; nothing is
written to the database. When the cache is down, requests are allowed.
"""

import functools
import hashlib
import time

from django.core.cache import cache
from django.http import JsonResponse


def client_fingerprint(request):
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[0].strip()
    address = forwarded or request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(address.encode()).hexdigest()[:16]


def rate_limited(scope, per_minute):
    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            window = int(time.time() // 60)
            key = f"rl:{scope}:{client_fingerprint(request)}:{window}"
            try:
                cache.add(key, 0, 90)
                count = cache.incr(key)
            except Exception:
                count = 0
            if count > per_minute:
                response = JsonResponse({"error": "Too many requests. Please wait a minute."},
                                        status=429)
                response["Retry-After"] = str(60 - int(time.time()) % 60)
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
