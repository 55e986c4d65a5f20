"""Alerts (what happened, in CAP 1.2 terms), deliveries (the outbox) and script revisions.

Dependencies point one way: alerts -> content (an alert speaks a Message).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.geometry import validate_cap_polygon
from content.text_safety import clean_model_text, clean_text

from ..channels import channel_classes  # the registry only: no models imported

web_url = URLValidator(schemes=["http", "https"])


class Alert(models.Model):
    class Status(models.TextChoices):
        ACTUAL = "Actual"
        EXERCISE = "Exercise"
        TEST = "Test"
        DRAFT = "Draft"

    class MsgType(models.TextChoices):
        ALERT = "Alert"
        UPDATE = "Update"
        CANCEL = "Cancel"

    class Scope(models.TextChoices):
        PUBLIC = "Public"
        RESTRICTED = "Restricted"
        PRIVATE = "Private"

    class Category(models.TextChoices):
        GEO = "Geo"
        MET = "Met"
        SAFETY = "Safety"
        SECURITY = "Security"
        RESCUE = "Rescue"
        FIRE = "Fire"
        HEALTH = "Health"
        ENV = "Env"
        TRANSPORT = "Transport"
        INFRA = "Infra"
        CBRNE = "CBRNE"
        OTHER = "Other"

    class Urgency(models.TextChoices):
        IMMEDIATE = "Immediate"
        EXPECTED = "Expected"
        FUTURE = "Future"
        PAST = "Past"
        UNKNOWN = "Unknown"

    class Severity(models.TextChoices):
        EXTREME = "Extreme", _("Extreme")
        SEVERE = "Severe", _("Severe")
        MODERATE = "Moderate", _("Moderate")
        MINOR = "Minor", _("Minor")
        UNKNOWN = "Unknown", _("Unknown severity")

    class Certainty(models.TextChoices):
        OBSERVED = "Observed"
        LIKELY = "Likely"
        POSSIBLE = "Possible"
        UNLIKELY = "Unlikely"
        UNKNOWN = "Unknown"

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        ACTIVE = "active", _("Active")
        UPDATED = "updated", _("Superseded by an update")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    identifier = models.CharField(max_length=120, unique=True, editable=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTUAL)
    msg_type = models.CharField(max_length=8, choices=MsgType.choices, default=MsgType.ALERT)
    scope = models.CharField(max_length=12, choices=Scope.choices, default=Scope.PUBLIC)
    category = models.CharField(max_length=12, choices=Category.choices, default=Category.SAFETY)
    event = models.CharField(max_length=120, help_text=_("e.g. Winter storm, Boil water notice"))
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.EXPECTED)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MODERATE)
    certainty = models.CharField(max_length=10, choices=Certainty.choices, default=Certainty.LIKELY)
    area_desc = models.CharField(
        _("area description"), max_length=255, blank=True,
        help_text=_("Where, in words. Left empty, the names of the areas chosen are used."))
    areas = models.ManyToManyField(
        "content.Area", blank=True, related_name="alerts",
        help_text=_("The parts of the city this alert is for. None: the whole city."))
    polygon = models.TextField(blank=True, help_text=_("CAP polygon: 'lat,lon lat,lon ...' closed."))
    geocodes = models.JSONField(default=dict, blank=True,
                                help_text=_('e.g. {"FIPS6": "019013"}'))
    effective = models.DateTimeField(null=True, blank=True)
    onset = models.DateTimeField(null=True, blank=True)
    expires = models.DateTimeField(null=True, blank=True)
    web = models.URLField(blank=True, max_length=500, validators=[web_url])
    message = models.ForeignKey("content.Message", on_delete=models.PROTECT, related_name="alerts")
    references = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="followups",
                                   help_text=_("The alert this one updates or cancels."))
    channels = models.JSONField(default=list, blank=True,
                                help_text=_("Channel names to deliver to; empty means all enabled."))
    quiet = models.BooleanField(
        default=False, help_text=_("An update of the agents' script only: sent to the site, "
                                   "the agents, CAP and feeds, not again to people's phones "
                                   "and inboxes (texts, emails, X)."))
    told_languages = models.JSONField(
        default=list, blank=True,
        help_text=_("Languages whose subscribers are texted and emailed this version; empty "
                    "means every language. A fix of one translation goes to its readers "
                    "only."))
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT,
                             db_index=True)
    scheduled_for = models.DateTimeField(null=True, blank=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    cap_document = models.TextField(blank=True, editable=False,
                                    help_text=_("The CAP XML exactly as sent; never rewritten."))
    next_update_by = models.DateTimeField(null=True, blank=True)
    # Each reminder to Communications remembers on its own that it went out.
    update_overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    break_glass_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    break_glass = models.BooleanField(default=False)
    confirm_by = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The crisis-control form's one-time key: a double submit finds the alert the first
    # submit made instead of making a second one (with a second message).
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True,
                                      editable=False)

    # Most severe first: the one order banners, hub, console and search sort by.
    SEVERITY_ORDER = tuple(Severity.values)
    SERIOUS = (Severity.EXTREME, Severity.SEVERE)  # raise the site to "advisory" on their own

    # What an update or cancel inherits from the alert it follows, unless changed.
    CARRIED_TO_FOLLOW_UPS = ("status", "scope", "category", "event", "urgency", "severity",
                             "certainty", "area_desc", "polygon", "geocodes", "expires", "web",
                             "channels", "next_update_by")

    class Meta:
        ordering = ["-sent_at", "-created_at"]
        permissions = [("publish_alert", "Can publish, update and cancel alerts"),
                       ("confirm_alert", "Can confirm a break-glass alert")]

    def __str__(self):
        return f"{self.msg_type}: {self.headline}"

    def clean(self):
        super().clean()
        clean_model_text(self)
        geocodes = self.geocodes
        if not isinstance(geocodes, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()
                for k, v in geocodes.items()):
            raise ValidationError({"geocodes": _('Geocodes are pairs of names and values as '
                                                 'text, e.g. {"FIPS6": "019013"}.')})
        try:  # CAP's rules on every path (API, admin, crisis control): issue 23 point 7
            self.polygon = validate_cap_polygon(self.polygon or "")
        except ValidationError as exc:
            raise ValidationError({"polygon": exc.messages}) from exc
        if not isinstance(self.channels, list) or not all(isinstance(c, str)
                                                           for c in self.channels):
            raise ValidationError({"channels": _("Channels are a list of channel names.")})
        known = [cls.name for cls in channel_classes()]
        unknown = [name for name in self.channels if name not in known]
        if unknown:
            # An alert for ["nonexistent"] would be published to no channel at all.
            raise ValidationError({"channels": _(
                "No channel named %(unknown)s. The channels are: %(known)s.") % {
                "unknown": ", ".join(repr(name) for name in unknown),
                "known": ", ".join(known)}})

    def save(self, *args, **kwargs):
        clean_model_text(self)
        if isinstance(self.geocodes, dict):
            self.geocodes = {clean_text(str(k)): clean_text(str(v))
                             for k, v in self.geocodes.items()}
        if not self.identifier:
            self.identifier = f"{settings.CAP_SENDER.split('@')[-1]}-{uuid.uuid4()}"
        super().save(*args, **kwargs)

    @property
    def headline(self):
        return self.message.headline

    def area_list(self):
        """The areas chosen (site-language rows); an unsaved follow-up (a cancel preview)
        has the areas of the alert it follows."""
        if self.pk:
            prefetched = getattr(self, "_prefetched_objects_cache", {}).get("areas")
            # without the boundaries (megabytes, maybe): pages draw the stored drawing
            return list(prefetched if prefetched is not None else self.areas.for_pages())
        return list(self.references.areas.for_pages()) if self.references_id else []

    def area_names(self):
        return ", ".join(area.name for area in self.area_list())

    def area_text(self):
        """Where, in words, as staff and partners read it: the description given, else the
        names of the areas chosen, else the whole city (an alert without areas is for
        everyone)."""
        return self.area_desc or self.area_names() or str(_("Whole city"))

    def get_cap_url(self):
        """The one place the CAP document's address is built ("" before it is saved, e.g.
        in the preview of a cancel that has not been sent)."""
        return reverse("alerts_cap", args=[self.pk]) if self.pk else ""

    def told_language_names(self):
        names = dict(settings.LANGUAGES)
        return ", ".join(str(names.get(code, code)) for code in self.told_languages)

    @property
    def is_live(self):
        return self.state == self.State.ACTIVE

    @property
    def ends_with_closing_words(self):
        """A cancel that speaks words of its own (an all-clear): channels say them, after
        the headline of the alert it ends."""
        return (self.msg_type == self.MsgType.CANCEL and self.references_id is not None
                and self.message_id != self.references.message_id)

    @property
    def ends_without_new_words(self):
        """A cancel that speaks the message of the alert it ends (no closing words were
        written): channels then say it is no longer in force and never repeat what it told
        people to do (a probe's cancel texted "CANCELLED: ... DO NOT DRINK tap water")."""
        return (self.msg_type == self.MsgType.CANCEL and self.references_id is not None
                and self.message_id == self.references.message_id)


class Delivery(models.Model):
    """The outbox: one row per alert x channel, written in the publishing transaction.
    A resident's sign-up email (confirmation link, "already subscribed") is one more row
    with no alert, for its subscriber: retried and shown to staff the same way."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        RETRYING = "retrying", _("Retrying")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed (permanent)")
        SKIPPED = "skipped", _("Skipped (channel disabled)")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries",
                              null=True, blank=True)
    # Deleted with the subscriber (unsubscribe, purge of unconfirmed sign-ups).
    subscriber = models.ForeignKey("alerts.Subscriber", on_delete=models.CASCADE, null=True,
                                   blank=True, related_name="deliveries")
    channel = models.CharField(max_length=40)
    key = models.CharField(max_length=200, unique=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING,
                             db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    receipt = models.JSONField(default=dict, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["alert", "channel"]
        verbose_name_plural = "deliveries"

    def __str__(self):
        return self.key

    @property
    def is_done(self):
        return self.state in (self.State.DELIVERED, self.State.FAILED, self.State.SKIPPED)


class ScriptRevision(models.Model):
    """One published version of a Message's agent script, as agents read it."""

    message = models.ForeignKey("content.Message", on_delete=models.CASCADE,
                                related_name="script_revisions")
    version = models.PositiveIntegerField()
    text = models.TextField()
    alert = models.ForeignKey(Alert, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    reason = models.CharField(max_length=40, default="edited")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["message", "version"],
                                               name="unique_script_version")]


class WebhookEndpoint(models.Model):
    """A partner system that receives every alert as signed JSON."""

    name = models.CharField(max_length=120)
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=200, help_text=_("Shared secret for the HMAC-SHA256 "
                                                          "signature; give it to the partner."))
    active = models.BooleanField(default=True)

    def __str__(self):
        return self.name


class ApiToken(models.Model):
    """A bearer token for the alerts API. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="alert_api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.prefix}… ({self.user})"


class Acknowledgement(models.Model):
    """An agent has read one version of one message's script."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="script_acknowledgements")
    message = models.ForeignKey("content.Message", on_delete=models.CASCADE,
                                related_name="acknowledgements")
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "message", "version"],
                                               name="one_ack_per_version")]

    def __str__(self):
        return f"{self.user} read {self.message_id} v{self.version}"
