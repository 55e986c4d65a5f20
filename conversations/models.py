"""Ask Beacon: one resident's exchange on the web or by text message.

A Conversation keeps what was said (its ConversationMessage rows), who answered and the
rating, nothing else: the phone number of an SMS conversation (or of a callback request)
is the only personal detail, shown only to the agent holding the conversation, and every
conversation is deleted after CONVERSATION_RETENTION_DAYS (manage.py purge_conversations).

Dependencies point down: conversations uses search (answers, danger words, the gap queue)
and alerts (the SMS provider, the console's permissions); nothing below imports it.
"""

import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


def new_token():
    return secrets.token_urlsafe(24)


class Conversation(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("Web chat")
        SMS = "sms", _("Text message")

    class Status(models.TextChoices):
        BEACON = "beacon", _("Answered by Beacon")
        WAITING = "waiting", _("Waiting for a person")
        ACTIVE = "active", _("With an agent")
        RESOLVED = "resolved", _("Resolved")

    class Rating(models.IntegerChoices):
        GOOD = 1, _("Good")
        OKAY = 2, _("Okay")
        BAD = 3, _("Bad")

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    channel = models.CharField(max_length=3, choices=Channel.choices, default=Channel.WEB)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    phone = models.CharField(max_length=32, blank=True,
                             help_text=_("SMS sender or callback number (E.164)."))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.BEACON,
                              db_index=True)
    urgent = models.BooleanField(default=False, help_text=_("Danger words were used."))
    callback_requested = models.BooleanField(default=False)
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="conversations")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(null=True, blank=True)
    taken_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)
    rating_comment = models.TextField(blank=True, max_length=1000)
    rated_at = models.DateTimeField(null=True, blank=True)
    called_back_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["channel", "phone", "status"], name="conv_sms_open")]

    def __str__(self):
        return f"{self.get_channel_display()} #{self.pk}"

    @property
    def handed_over(self):
        return self.queued_at is not None

    @property
    def wait(self):
        if self.queued_at is None:
            return None
        return (self.taken_at or timezone.now()) - self.queued_at

    @property
    def questions(self):
        return [m for m in self.messages.all() if m.author == ConversationMessage.Author.RESIDENT]


class ConversationMessage(models.Model):
    class Author(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        BEACON = "beacon", _("Beacon")
        AGENT = "agent", _("Agent")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE,
                                     related_name="messages")
    author = models.CharField(max_length=8, choices=Author.choices)
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(max_length=2000)
    url = models.CharField(max_length=500, blank=True)  # the full answer Beacon linked to
    title = models.CharField(max_length=300, blank=True)  # that answer's question
    # What the text is written in: the conversation's language when it was written, or the
    # answer's own when it exists only in another ("" for messages from before it was kept).
    language = models.CharField(max_length=8, blank=True, default="")
    confident = models.BooleanField(default=False)  # Beacon found an answer
    danger = models.BooleanField(default=False)  # Beacon told them to call 911
    search_event_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author}: {self.text[:40]}"


WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")),
            (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday"))]


def opening_time():
    """8 AM (a callable: a fixed time default trips `check --deploy`'s W161 near that hour)."""
    return time(8, 0)


def closing_time():
    return time(18, 0)


@register_setting(icon="comment")
class AskSettings(BaseSiteSetting):
    """When people answer Ask Beacon, in the city's time zone (TIME_ZONE). Outside these
    hours residents are offered the information number and a callback instead."""

    staffed_days = models.CharField(
        max_length=20, default="0,1,2,3,4",
        help_text=_("Days with staff, as numbers separated by commas: 0 = Monday ... 6 = Sunday."))
    opens_at = models.TimeField(default=opening_time)
    closes_at = models.TimeField(default=closing_time)
    always_staffed = models.BooleanField(
        default=False, help_text=_("During a crisis: people answer around the clock."))

    panels = [MultiFieldPanel([FieldPanel("always_staffed"), FieldPanel("staffed_days"),
                               FieldPanel("opens_at"), FieldPanel("closes_at")],
                              heading=_("Staffed hours"))]

    class Meta:
        verbose_name = _("Ask Beacon")

    def days(self):
        return {int(day) for day in self.staffed_days.split(",") if day.strip().isdigit()}

    def staffed(self, now=None):
        if self.always_staffed:
            return True
        local = timezone.localtime(now or timezone.now())
        return (local.weekday() in self.days()
                and self.opens_at <= local.time() < self.closes_at)

    def next_opening(self, now=None):
        """The next local datetime staff are in (None if no day is staffed)."""
        local = timezone.localtime(now or timezone.now())
        for offset in range(8):
            day = (local + timedelta(days=offset)).date()
            start = timezone.make_aware(datetime.combine(day, self.opens_at), local.tzinfo)
            if day.weekday() in self.days() and start > local:
                return start
        return None
