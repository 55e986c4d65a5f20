"""The emails the public sign-up form sends (the confirmation link, or "you are already
subscribed"), as outbox deliveries: a mail server that is down when a resident signs up
delays the link, it does not lose it (alerts.outbox retries with backoff, the sweeper
picks up what a dead broker dropped, and staff see what keeps failing)."""

from .. import fanout, subscriptions
from .base import Channel, PermanentError

TEMPLATES = ("confirm", "already")


class SignupEmailChannel(Channel):
    name = "signup_email"
    label = "Sign-up email"

    def deliver(self, delivery):
        subscriber = delivery.subscriber
        template = delivery.receipt.get("template")
        if subscriber is None or template not in TEMPLATES:
            raise PermanentError("No sign-up to email (the subscription is gone).")
        fanout.send_email(subscriptions.signup_email(subscriber, template))
        return {"template": template, "sent_to": "subscriber"}
