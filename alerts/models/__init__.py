"""Alerts, the delivery outbox, scripts, partner endpoints, API tokens (alerts.py) and
residents' subscriptions with their per-recipient notifications (subscribers.py)."""

from .alerts import (
    Acknowledgement,
    Alert,
    ApiToken,
    Delivery,
    ScriptRevision,
    WebhookEndpoint,
    web_url,
)
from .subscribers import Notification, Subscriber, TextToNewNumber

__all__ = ["Acknowledgement", "Alert", "ApiToken", "Delivery", "Notification", "ScriptRevision",
           "Subscriber", "TextToNewNumber", "WebhookEndpoint", "web_url"]
