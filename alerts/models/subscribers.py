"""Residents who asked for alerts by email or SMS, and what each of them was sent.

A Subscriber row holds no more than the address, the areas, the language and when consent
was given (and confirmed). One row per address: a form with an email and a phone makes two.
A Notification row is one alert version for one subscriber: its unique key is what makes
sure nobody gets the same version twice, even when a worker dies mid-batch.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .alerts import Alert


class Subscriber(models.Model):
    class Kind(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    kind = models.CharField(max_length=5, choices=Kind.choices)
    address = models.CharField(max_length=254, help_text=_("Email address or E.164 phone."))
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    whole_city = models.BooleanField(default=False)
    areas = models.ManyToManyField("content.Area", blank=True, related_name="subscribers")
    consented_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "address"],
                                               name="one_subscription_per_address")]

    def __str__(self):
        return f"{self.kind}:{self.address}"

    @property
    def confirmed(self):
        return self.confirmed_at is not None

    @property
    def shown_address(self):
        """The address as a resident writes it: a North American number as (555) 010-1234,
        not the stored +15550101234 (a probe read its own number back unformatted)."""
        digits = self.address[2:]
        if self.kind == self.Kind.SMS and self.address.startswith("+1") and len(digits) == 10 \
                and digits.isdigit():
            return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
        return self.address


class TextToNewNumber(models.Model):
    """One text the public sign-up sent to a number not confirmed yet (its code): the
    budget alerts.sms_guard counts. Only the number's block (NPA-NXX) is kept, for a day."""

    prefix = models.CharField(max_length=16, db_index=True)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)
    # the sign-up form's one-time token that bought this text (alerts.sms_guard)
    challenge = models.CharField(max_length=32, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("text to a new number")


class Notification(models.Model):
    """One alert version for one subscriber on one channel (the per-recipient outbox)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")  # claimed by a worker; sent if it has a sent_at
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="notifications")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE,
                                   related_name="notifications")
    channel = models.CharField(max_length=10)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    queued_at = models.DateTimeField(default=timezone.now)
    claim = models.CharField(max_length=32, blank=True)  # which batch run holds it
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alert", "subscriber"],
                                               name="one_notification_per_version")]
        indexes = [models.Index(fields=["alert", "channel", "state"]),
                   models.Index(fields=["state", "queued_at"]),
                   models.Index(fields=["claim"])]
