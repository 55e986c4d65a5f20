"""Channel registry. Adding a channel (Mastodon, SMS) means one module and one line here."""

from .atom import AtomChannel
from .banner_check import BannerCheckChannel
from .base import Channel, PermanentError, RetryableError
from .cap import CapChannel
from .mirror import StaticMirrorChannel
from .scripts import AgentScriptChannel
from .site import SiteChannel
from .webhooks import WebhookChannel
from .x import XChannel

CHANNEL_CLASSES = [SiteChannel, AgentScriptChannel, XChannel, CapChannel, AtomChannel,
                   WebhookChannel, StaticMirrorChannel, BannerCheckChannel]

__all__ = ["Channel", "PermanentError", "RetryableError", "all_channels", "get_channel"]


def all_channels():
    return [cls() for cls in CHANNEL_CLASSES]


def get_channel(name):
    for cls in CHANNEL_CLASSES:
        if cls.name == name:
            return cls()
    raise KeyError(f"No channel named {name!r}")
