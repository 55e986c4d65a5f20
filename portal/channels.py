"""Channels that deliver through the site itself. They live in the shell, not in alerts/,
because they reach the page cache and the static mirror (portal infrastructure); they are
plugged in from settings (BEACON_CHANNELS) like any city's own channel."""

from django.conf import settings

from alerts.channels.base import Channel, PermanentError, RetryableError

from . import page_cache
from .static_mirror import NotAMirror, export


class SiteChannel(Channel):
    """Banner and crisis hub read active alerts from the database. Publishing has already
    made every cached page stale (once, through `alerts.events.alert_changed`, before any
    delivery runs); delivering records the cache generation the change is visible from."""

    name = "site"
    label = "Site banner and crisis hub"

    def deliver(self, delivery):
        generation = page_cache.current_generation()
        return {"cache_generation": generation, "state": delivery.alert.state}

    def preview(self, alert):
        if alert.msg_type == alert.MsgType.CANCEL:
            shown = "cancelled" if alert.ends_without_new_words else "ended, with these words"
            return (f"Banner: taken down. Crisis hub: “{alert.headline}” is shown as {shown} "
                    f"for two days.")
        return f"Banner: {alert.headline}"


class StaticMirrorChannel(Channel):
    """Re-exports the static crisis mirror after each alert change, when STATIC_MIRROR_DIR
    is set (serve that folder from any web server or object store)."""

    name = "static_mirror"
    label = "Static crisis mirror"

    def is_enabled(self):
        return bool(getattr(settings, "STATIC_MIRROR_DIR", ""))

    def disabled_reason(self):
        return "" if self.is_enabled() else "Set STATIC_MIRROR_DIR to keep a static copy."

    def deliver(self, delivery):
        try:
            written = export(settings.STATIC_MIRROR_DIR)
        except NotAMirror as exc:
            raise PermanentError(str(exc)) from exc
        except OSError as exc:
            raise RetryableError(f"Could not write the mirror: {exc}") from exc
        return {"directory": settings.STATIC_MIRROR_DIR, "files": len(written)}

    def preview(self, alert):
        return f"Re-export {getattr(settings, 'STATIC_MIRROR_DIR', '') or '(not configured)'}"
