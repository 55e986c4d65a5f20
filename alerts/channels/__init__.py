"""Channel registry, plugged in from settings like Wagtail's frontend-cache backends:
`BEACON_CHANNELS` lists the dotted paths of Channel classes. A city adds an SMS gateway or
a siren controller by writing one class (alerts/channels/base.py) and one settings line,
without touching alerts/."""

from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .base import Channel, PermanentError, RetryableError

__all__ = ["Channel", "PermanentError", "RetryableError", "all_channels", "channel_classes",
           "get_channel"]


def channel_classes():
    return _load(tuple(settings.BEACON_CHANNELS))


@cache
def _load(paths):
    classes = []
    for path in paths:
        try:
            cls = import_string(path)
        except ImportError as exc:
            raise ImproperlyConfigured(f"BEACON_CHANNELS: cannot import {path!r}: {exc}") from exc
        if not (isinstance(cls, type) and issubclass(cls, Channel)):
            raise ImproperlyConfigured(f"BEACON_CHANNELS: {path!r} is not a Channel class.")
        classes.append(cls)
    names = [cls.name for cls in classes]
    if len(set(names)) != len(names):
        raise ImproperlyConfigured(f"BEACON_CHANNELS: two channels share a name: {names}")
    return classes


def all_channels():
    return [cls() for cls in channel_classes()]


# Channels the outbox delivers that no alert fans out to (so not in BEACON_CHANNELS).
INTERNAL_CHANNELS = {"signup_email": "alerts.channels.signup_email.SignupEmailChannel"}


def get_channel(name):
    for cls in channel_classes():
        if cls.name == name:
            return cls()
    if name in INTERNAL_CHANNELS:
        return import_string(INTERNAL_CHANNELS[name])()
    raise KeyError(f"No channel named {name!r}")
