"""Email and SMS to residents who subscribed (alerts/subscriptions.py).

Delivering one alert version here means planning one notification per recipient and
handing them to Celery in batches (alerts/fanout.py); the Delivery's receipt says how
many, and crisis control shows sent / pending / failed per channel as they go.
"""

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
        count = fanout.recipients(alert, self.name).count() if alert.pk else 0
        return f"{self.label}: {count} confirmed subscriber{'s' if count != 1 else ''}"


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
