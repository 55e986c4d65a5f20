"""Headers Django does not set on its own: a Content-Security-Policy and friends.

The public site needs no third-party origin; the Wagtail admin needs inline styles and
scripts, so it gets a looser policy of its own.
"""

from django.conf import settings

from search.ratelimit import rate_limited

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


class LoginRateLimitMiddleware:
    """At most LOGIN_ATTEMPTS_PER_MINUTE login POSTs per client per minute (admin login)."""

    def __init__(self, get_response):
        self.get_response = get_response
        limit = getattr(settings, "LOGIN_ATTEMPTS_PER_MINUTE", 10)
        self.limited = rate_limited("login", per_minute=limit)(get_response)

    def __call__(self, request):
        if request.method == "POST" and request.path.rstrip("/") in ("/admin/login",
                                                                     "/django-admin/login"):
            return self.limited(request)
        return self.get_response(request)
