"""After a publish, fetch the most-visited pages exactly as residents get them (the cached
URLs themselves, no cache-busting) and record "banner visible on N of M pages after S
seconds"; also through the CDN when configured.

Each page is checked for the headline in that page's own language (the Spanish
translation on /es/ pages, or the English original the page falls back to). A page that
still shows the old text is an honest failure, retried until it is right.

Enabled by BANNER_CHECK_BASE_URL (the site's own address as seen from the workers);
BANNER_CHECK_CDN_URL adds the same check through the CDN. The pages are the home page,
the crisis hub, the FAQ index and BANNER_CHECK_PATHS.
"""

import html
import time

from django.conf import settings

from wagtail.models import Locale

import requests

from content.localization import localize
from content.models.pages import crisis_page_paths

from .base import Channel, RetryableError

REQUEST_TIMEOUT = 5
BANNER_MARKER = 'id="crisis-banner"'


def check_paths():
    paths = crisis_page_paths() + list(getattr(settings, "BANNER_CHECK_PATHS", []))
    return list(dict.fromkeys(paths))


def banner_section(body):
    start = body.find(BANNER_MARKER)
    if start == -1:
        return ""
    end = body.find("</section>", start)
    return body[start:end if end != -1 else None]


def path_language(path):
    first = path.strip("/").split("/", 1)[0]
    codes = {code for code, _ in settings.LANGUAGES}
    return first if first in codes else settings.LANGUAGE_CODE


def headline_in(message, language):
    """The headline a page in `language` shows: its live translation, else the original."""
    locale = Locale.objects.filter(language_code=language).first()
    return localize(message, locale).item.headline if locale else message.headline


def shows_alert(body, alert, language=None):
    """For an alert or update: its headline (in the page's language) is in the banner. For
    a cancel: the cancelled alert's headline is gone from it."""
    language = language or settings.LANGUAGE_CODE
    banner = banner_section(body)
    if alert.msg_type == "Cancel":
        if not alert.references_id:
            return True
        return html.escape(headline_in(alert.references.message, language)) not in banner
    return html.escape(headline_in(alert.message, language)) in banner


class BannerCheckChannel(Channel):
    name = "banner_check"
    label = "Banner live check"

    def is_enabled(self):
        return bool(getattr(settings, "BANNER_CHECK_BASE_URL", ""))

    def disabled_reason(self):
        return "" if self.is_enabled() else "Set BANNER_CHECK_BASE_URL to verify the banner."

    def _check(self, base_url, alert, paths):
        visible, missing = 0, []
        for path in paths:
            url = f"{base_url.rstrip('/')}{path}"  # the very URL residents load, cache and all
            try:
                response = requests.get(url, timeout=REQUEST_TIMEOUT)
                ok = response.status_code == 200 and shows_alert(response.text, alert,
                                                                  path_language(path))
            except requests.RequestException:
                ok = False
            visible += ok
            if not ok:
                missing.append(path)
        return {"visible": visible, "checked": len(paths), "missing": missing}

    def deliver(self, delivery):
        alert = delivery.alert
        started = time.monotonic()
        paths = check_paths()
        receipt = {"origin": self._check(settings.BANNER_CHECK_BASE_URL, alert, paths)}
        cdn = getattr(settings, "BANNER_CHECK_CDN_URL", "")
        if cdn:
            receipt["cdn"] = self._check(cdn, alert, paths)
        seconds = round(time.monotonic() - started + (
            time.time() - (alert.sent_at or alert.created_at).timestamp()
            if alert.sent_at else 0), 2)
        receipt["seconds_since_publish"] = seconds
        parts = [f"{where}: banner {'gone' if alert.msg_type == 'Cancel' else 'visible'} on "
                 f"{r['visible']} of {r['checked']} pages" for where, r in receipt.items()
                 if isinstance(r, dict)]
        receipt["summary"] = "; ".join(parts) + f" after {seconds} s"
        delivery.receipt = receipt
        if any(r["visible"] < r["checked"] for r in receipt.values() if isinstance(r, dict)):
            raise RetryableError(receipt["summary"], retry_after=10)
        return receipt

    def preview(self, alert):
        return "Will fetch: " + ", ".join(check_paths())
