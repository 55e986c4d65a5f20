"""SMS providers behind one small interface, chosen by dotted path (SMS_PROVIDER).

- `TwilioProvider`: Twilio's REST API (or any provider speaking the same API, set with
  SMS_API_BASE), one HTTP session per batch so connections are reused. 429 and 5xx are
  retried later; a recipient who texted STOP to the carrier (Twilio error 21610) is
  reported so Beacon forgets them.
- `FileSmsProvider`: for the demo and development, appends each text to SMS_FILE_PATH.

Inbound texts (STOP) arrive at /subscribe/sms/inbound (alerts/subscription_views.py),
signed the way Twilio signs its webhooks (`valid_signature`).
"""

import base64
import hashlib
import hmac
import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.dispatch import Signal
from django.utils import timezone
from django.utils.module_loading import import_string

import requests

from .channels.base import PermanentError, RetryableError

# An inbound text that is no subscription keyword (STOP, START, a sign-up code), sent with
# `request`, `phone` (the sender, E.164) and `body`. A receiver returns the reply to text
# back ("" for none); the first non-empty reply is sent. Apps above alerts (conversations:
# Ask Beacon) listen; alerts itself does not know who answers.
inbound_text = Signal()

REQUEST_TIMEOUT = 10
UNSUBSCRIBED_CODES = {21610}  # "Attempt to send to unsubscribed recipient"


class RecipientOptedOut(PermanentError):
    """The carrier says this number texted STOP: never text it again."""


class SmsProvider:
    def __init__(self):
        self.configured = True

    def open(self):
        """Start a batch (connections are reused until close)."""

    def close(self):
        """End a batch."""

    def send(self, to, body):
        """Send one text; return the provider's id for it."""
        raise NotImplementedError


class TwilioProvider(SmsProvider):
    def __init__(self):
        super().__init__()
        self.account = getattr(settings, "SMS_ACCOUNT_SID", "")
        self.token = getattr(settings, "SMS_AUTH_TOKEN", "")
        self.sender = getattr(settings, "SMS_FROM_NUMBER", "")
        self.base = getattr(settings, "SMS_API_BASE", "https://api.twilio.com").rstrip("/")
        self.configured = bool(self.account and self.token and self.sender)
        self.session = None

    def open(self):
        self.session = requests.Session()
        self.session.auth = (self.account, self.token)

    def close(self):
        if self.session is not None:
            self.session.close()
            self.session = None

    def send(self, to, body):
        session = self.session or requests
        url = f"{self.base}/2010-04-01/Accounts/{self.account}/Messages.json"
        try:
            response = session.post(url, data={"To": to, "From": self.sender, "Body": body},
                                    auth=(self.account, self.token), timeout=REQUEST_TIMEOUT)
        except requests.RequestException as exc:
            raise RetryableError(f"SMS provider unreachable: {exc}") from exc
        if response.status_code == 429 or response.status_code >= 500:
            wait = response.headers.get("Retry-After")
            raise RetryableError(f"SMS provider answered {response.status_code}",
                                 retry_after=int(wait) if wait and wait.isdigit() else None)
        try:
            payload = response.json()
        except ValueError:
            payload = {}
        if response.status_code >= 400:
            message = payload.get("message") or response.text[:200]
            if payload.get("code") in UNSUBSCRIBED_CODES:
                raise RecipientOptedOut(message)
            raise PermanentError(f"SMS refused ({response.status_code}): {message}")
        return payload.get("sid", "")


class FileSmsProvider(SmsProvider):
    """Development and demo: every text is appended to SMS_FILE_PATH as one JSON line."""

    def __init__(self):
        super().__init__()
        self.path = Path(getattr(settings, "SMS_FILE_PATH", "") or
                         Path(settings.BASE_DIR) / "var" / "sms.jsonl")

    def send(self, to, body):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"to": to, "body": body, "at": timezone.now().isoformat()},
                          ensure_ascii=False)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
        return f"file:{hashlib.sha256(line.encode()).hexdigest()[:16]}"


def get_provider():
    path = getattr(settings, "SMS_PROVIDER", "")
    if not path:
        return None
    try:
        cls = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(f"SMS_PROVIDER: cannot import {path!r}: {exc}") from exc
    return cls()


def valid_signature(url, params, signature, token=None):
    """Twilio's webhook signature: HMAC-SHA1 over the full URL followed by each POST
    parameter name and value, sorted by name, base64-encoded."""
    token = token if token is not None else getattr(settings, "SMS_AUTH_TOKEN", "")
    if not token or not signature:
        return False
    data = url + "".join(f"{name}{value}" for name, value in sorted(params.items()))
    digest = hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()
    return hmac.compare_digest(base64.b64encode(digest).decode(), signature)
