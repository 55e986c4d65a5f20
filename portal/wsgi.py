import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
django_application = get_wsgi_application()

from portal.client_address import proxy_headers_from_trusted_proxies  # noqa: E402
from portal.wsgi_front import PageCacheFront  # noqa: E402  (needs Django set up)

application = proxy_headers_from_trusted_proxies(PageCacheFront(django_application))
