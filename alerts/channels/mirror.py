from django.conf import settings

from portal.static_mirror import NotAMirror, export

from .base import Channel, PermanentError, RetryableError


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
