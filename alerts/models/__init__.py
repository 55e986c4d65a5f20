"""Alerts, the delivery outbox, scripts, partner endpoints, API tokens (alerts.py) and
residents' subscriptions with their per-recipient notifications (subscribers.py), and
content to check after an alert ended (checks.py)."""

from .alerts import (
    Acknowledgement,
    Alert,
    ApiToken,
    Delivery,
    ScriptRevision,
    WebhookEndpoint,
    web_url,
)
from .checks import EndedAlertCheck
from .subscribers import Notification, Subscriber, TextToNewNumber

__all__ = ["Acknowledgement", "Alert", "ApiToken", "Delivery", "EndedAlertCheck", "Notification",
           "ScriptRevision", "Subscriber", "TextToNewNumber", "WebhookEndpoint", "web_url"]
