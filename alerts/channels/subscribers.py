"""Email and SMS to residents who subscribed (alerts/subscriptions.py).

Delivering one alert version here means planning one notification per recipient and
handing them to Celery in batches (alerts/fanout.py); the Delivery's receipt says how
many, and crisis control shows sent / pending / failed per channel as they go.
"""

import unicodedata

from django.conf import settings
from django.core.mail import get_connection

from alerts import fanout
from alerts.sms import get_provider

from .base import Channel


class SubscriberChannel(Channel):
    def deliver(self, delivery):
        total = fanout.plan(delivery.alert, self.name)
        pending = fanout.Notification.objects.filter(
            alert_id=delivery.alert_id, channel=self.name,
            state=fanout.State.PENDING).order_by("pk").values_list("pk", flat=True)
        batches = fanout.dispatch(pending)
        return {"recipients": total, "batches": batches}

    def preview(self, alert):
        """"Email subscribers: 3 confirmed subscribers (English 2, Español 1)", counted as
        the fan-out counts (an unsaved cancel or update counts its original's areas), then
        the text or subject each of those languages gets (the site's language always)."""
        counts = fanout.recipient_counts(alert, self.name)
        languages = [settings.LANGUAGE_CODE] + [c for c in counts if c != settings.LANGUAGE_CODE]
        what = "Text" if self.name == "sms" else "Subject"
        names = dict(settings.LANGUAGES)
        lines = [f"{self.label}: {audience_text(counts)}"]
        lines += [f"{what} ({_isolated(str(names.get(code, code)))}): {text}"
                  for code, text in fanout.preview_texts(alert, self.name, languages)]
        return "\n".join(lines)


def _isolated(name):
    """A right-to-left language name inside this left-to-right line, in Unicode isolates:
    bare, "العربية 1" is shown as "1 العربية" and the count seems to belong to the name before."""
    if any(unicodedata.bidirectional(c) in ("R", "AL") for c in name):
        return f"\u2068{name}\u2069"
    return name


def audience_text(counts):
    total = sum(counts.values())
    text = f"{total} confirmed subscriber{'s' if total != 1 else ''}"
    if total:
        names = dict(settings.LANGUAGES)
        text += " (" + ", ".join(f"{_isolated(names.get(code, code))} {n}"
                                 for code, n in counts.items()) + ")"
    return text


class EmailChannel(SubscriberChannel):
    name = "email"
    label = "Email subscribers"

    def test_connection(self):
        try:
            connection = get_connection()
            connection.open()
            connection.close()
        except OSError as exc:
            return False, f"Cannot reach the mail server: {exc}"
        return True, f"Mail server reachable ({settings.EMAIL_BACKEND.rsplit('.', 2)[-2]})."


class SmsChannel(SubscriberChannel):
    name = "sms"
    label = "SMS subscribers"

    def is_enabled(self):
        provider = get_provider()
        return provider is not None and provider.configured

    def disabled_reason(self):
        return "" if self.is_enabled() else (
            "Set SMS_PROVIDER (and SMS_ACCOUNT_SID, SMS_AUTH_TOKEN, SMS_FROM_NUMBER).")
