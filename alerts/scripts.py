"""Agent script versions: what the agent console shows and highlights."""

from django.core.cache import cache
from django.db import transaction

from content.models import Message

from . import live
from .models import ScriptRevision

BOARD_VERSION_KEY = "agents:board-version"


def latest_revision(message):
    return ScriptRevision.objects.filter(message=message).order_by("-version").first()


@transaction.atomic
def record_script_version(message, alert=None, reason="edited", force=False):
    """Store a new version when the script text changed (or always, with force)."""
    Message.objects.select_for_update().filter(pk=message.pk).first()  # serialise bumps
    text = message.agent_script
    latest = latest_revision(message)
    if latest and latest.text == text and not force:
        return latest
    revision = ScriptRevision.objects.create(message=message,
                                             version=(latest.version if latest else 0) + 1,
                                             text=text, alert=alert, reason=reason)
    transaction.on_commit(bump_board_version)
    return revision


def bump_board_version():
    """The event consoles watch: any script or alert change raises it (and then tells
    the open consoles, which read it)."""
    try:
        cache.add(BOARD_VERSION_KEY, 0, None)
        return cache.incr(BOARD_VERSION_KEY)
    except Exception:
        return None
    finally:
        live.publish("console")
