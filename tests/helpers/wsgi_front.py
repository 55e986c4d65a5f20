"""The WSGI front (portal.wsgi_front) around the real Django application, and one GET
through any WSGI app as a server would make it: for the page and search-API front tests."""

import io
from wsgiref.util import setup_testing_defaults

from django.core.wsgi import get_wsgi_application

from portal.wsgi_front import PageCacheFront


def front_app():
    return PageCacheFront(get_wsgi_application())


def call(app, path, query="", **extra):
    """GET `path`?`query` through `app`: (status code, headers, body)."""
    environ = {"PATH_INFO": path, "QUERY_STRING": query, "REQUEST_METHOD": "GET",
               "HTTP_HOST": "testserver", "wsgi.input": io.BytesIO(b"")}
    environ.update(extra)
    setup_testing_defaults(environ)
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app(environ, start_response))
    return int(seen["status"][:3]), seen["headers"], body
