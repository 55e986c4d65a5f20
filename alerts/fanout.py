"""One alert version to every subscriber of its areas, by email or SMS.

The email and SMS channels call `plan` (one Notification row per recipient, written in
bulk; the unique (alert, subscriber) key makes planning twice harmless) and `dispatch`
(batches of ids to Celery, after commit). A batch run first claims its rows (pending ->
sending, tagged with its own claim id), then sends each over one reused connection and
marks each sent the moment the server accepted it. So:

- a task delivered twice sends nothing twice (the second run claims nothing);
- a worker killed mid-batch leaves its unsent rows claimed; the sweeper hands them to a
  new batch once the claim is stale (STALE_CLAIM). The one message a killed worker was
  handing over at that instant may go out twice (at-least-once: a lost alert is worse);
- progress (sent / pending / failed per channel) is one GROUP BY, never 100,000 rows.
"""

import logging
import unicodedata
import uuid
from datetime import timedelta
from smtplib import SMTPRecipientsRefused
from types import SimpleNamespace

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Locale

from celery import shared_task

from content.localization import join_names, localize, site_name
from content.templatetags.content_tags import localized_name
from content.text_rules import sms_report

from . import subscriptions
from .channels.base import PermanentError, RetryableError
from .models import Notification, Subscriber
from .sms import RecipientOptedOut, get_provider
from .urls_helpers import absolute

logger = logging.getLogger(__name__)

BATCH_SIZE = getattr(settings, "NOTIFY_BATCH_SIZE", 200)
STALE_CLAIM = timedelta(seconds=getattr(settings, "NOTIFY_STALE_CLAIM_SECONDS", 90))
STUCK_PENDING = timedelta(seconds=getattr(settings, "NOTIFY_STUCK_PENDING_SECONDS", 240))
MAX_ATTEMPTS = 5
KINDS = {"email": Subscriber.Kind.EMAIL, "sms": Subscriber.Kind.SMS}
State = Notification.State


def recipients(alert, channel):
    """Confirmed subscribers of this channel for the alert's areas (whole-city subscribers
    always; everyone when the alert is for the whole city), in the languages it is told
    to (all, unless only one translation changed)."""
    subscribers = Subscriber.objects.filter(kind=KINDS[channel], confirmed_at__isnull=False)
    if alert.told_languages:
        subscribers = subscribers.filter(language__in=alert.told_languages)
    areas = alert.area_list()
    if areas:
        subscribers = subscribers.filter(Q(whole_city=True) | Q(areas__in=areas)).distinct()
    return subscribers


def recipient_counts(alert, channel):
    """{language code: n} of `recipients` (the very rows `plan` would write), most first:
    what a preview or a confirmation promises is what the fan-out sends."""
    rows = (recipients(alert, channel).order_by().values("language")
            .annotate(n=Count("pk", distinct=True)))
    return dict(sorted(((row["language"], row["n"]) for row in rows), key=lambda kv: -kv[1]))


def plan(alert, channel):
    """Write one pending Notification per recipient (again: nothing new). Returns how many
    this alert version has on this channel."""
    ids = recipients(alert, channel).values_list("pk", flat=True).order_by("pk")
    chunk = []
    for pk in ids.iterator(chunk_size=5000):
        chunk.append(Notification(alert_id=alert.pk, subscriber_id=pk, channel=channel))
        if len(chunk) == 5000:
            Notification.objects.bulk_create(chunk, ignore_conflicts=True, batch_size=1000)
            chunk = []
    Notification.objects.bulk_create(chunk, ignore_conflicts=True, batch_size=1000)
    return Notification.objects.filter(alert_id=alert.pk, channel=channel).count()


def dispatch(notification_ids):
    """Hand batches to Celery after the commit. Returns the number of batches."""
    ids = list(notification_ids)
    batches = [ids[i:i + BATCH_SIZE] for i in range(0, len(ids), BATCH_SIZE)]
    transaction.on_commit(lambda: [_send_to_broker(batch) for batch in batches])
    return len(batches)


def _send_to_broker(batch):
    try:
        send_batch_task.apply_async(args=[batch], retry=False)
    except Exception as exc:  # a dead broker delays; the sweeper sends these later
        logger.warning("notification batch not dispatched (%s); the sweeper will", exc)


@shared_task(name="alerts.fanout.send_batch", acks_late=True, reject_on_worker_lost=True,
             ignore_result=True)
def send_batch_task(notification_ids):
    return send_batch(notification_ids)


def claim(notification_ids):
    """Take the still-pending rows among `notification_ids` for this run only."""
    token = uuid.uuid4().hex
    Notification.objects.filter(pk__in=notification_ids, state=State.PENDING).update(
        state=State.SENDING, claim=token, claimed_at=timezone.now())
    return list(Notification.objects.filter(claim=token, state=State.SENDING)
                .select_related("alert__message", "alert__references", "subscriber").order_by("pk"))


def send_batch(notification_ids):
    """Send the claimed rows over one connection. Returns {state: count} for this run."""
    rows = claim(notification_ids)
    if not rows:
        return {}
    counts = {}
    sender = SENDERS[rows[0].channel]()
    try:
        sender.open()
        for index, row in enumerate(rows):
            try:
                sender.send(row)
            except RetryableError as exc:
                _release(rows[index:], str(exc))  # this one and the rest go back
                counts["retry"] = len(rows) - index
                break
            except RecipientOptedOut as exc:
                _finish(row, State.FAILED, str(exc))
                subscriptions.forget_phone(row.subscriber.address)
                counts["failed"] = counts.get("failed", 0) + 1
            except (PermanentError, ValueError) as exc:
                _finish(row, State.FAILED, str(exc))
                counts["failed"] = counts.get("failed", 0) + 1
            else:
                _finish(row, State.SENT)
                counts["sent"] = counts.get("sent", 0) + 1
    finally:
        sender.close()
    return counts


def _finish(row, state, error=""):
    Notification.objects.filter(pk=row.pk, claim=row.claim).update(
        state=state, sent_at=timezone.now() if state == State.SENT else None,
        last_error=error[:500], attempts=row.attempts + 1)


def _release(rows, error):
    """Back to pending (retried by the sweeper), unless they have failed too often."""
    for row in rows:
        failed = row.attempts + 1 >= MAX_ATTEMPTS
        Notification.objects.filter(pk=row.pk, claim=row.claim).update(
            state=State.FAILED if failed else State.PENDING, claim="", claimed_at=None,
            attempts=row.attempts + 1, last_error=error[:500], queued_at=timezone.now())


def sweep(now=None):
    """Re-dispatch what a dead worker or a dead broker left: claims gone stale, and
    pending rows nobody picked up. Returns how many rows were handed out again."""
    now = now or timezone.now()
    stale = Notification.objects.filter(state=State.SENDING, claimed_at__lt=now - STALE_CLAIM)
    stale.update(state=State.PENDING, claim="", claimed_at=None, queued_at=now - STUCK_PENDING)
    stuck = Notification.objects.filter(state=State.PENDING, queued_at__lte=now - STUCK_PENDING)
    ids = list(stuck.values_list("pk", flat=True)[:50_000])
    Notification.objects.filter(pk__in=ids).update(queued_at=now)
    dispatch(ids)
    return len(ids)


def progress(alert):
    """{channel: {"sent": n, "pending": n, "failed": n}} for crisis control: one GROUP BY
    (claimed rows count as pending until the server has taken them)."""
    table = {}
    rows = (Notification.objects.filter(alert_id=alert.pk).values("channel", "state")
            .annotate(n=Count("id")))
    for row in rows:
        counts = table.setdefault(row["channel"], {"sent": 0, "pending": 0, "failed": 0})
        key = "pending" if row["state"] in (State.PENDING, State.SENDING) else row["state"]
        counts[key] += row["n"]
    return table


# --- What each subscriber receives ---------------------------------------------------

class _Sender:
    """What a batch needs per (alert, language), worked out once per batch, not per row."""

    def __init__(self):
        self.parts = {}

    def shown(self, row):
        """(message in the subscriber's language or English with the notice, area names)."""
        language = row.subscriber.language
        key = (row.alert_id, language)
        if key not in self.parts:
            locale = Locale.objects.filter(language_code=language).first()
            with translation.override(language):
                areas = join_names(localized_name(area) for area in row.alert.area_list())
            self.parts[key] = (localize(row.alert.message, locale), areas)
        return self.parts[key]

    def ended(self, row):
        """For a cancel with closing words, the headline of the alert it ends, in the
        subscriber's language (the closing words alone read "CANCELLED: Run each tap for
        2 minutes"); "" for any other alert."""
        alert = row.alert
        if not alert.ends_with_closing_words:
            return ""
        key = ("ended", row.alert_id, row.subscriber.language)
        if key not in self.parts:
            locale = Locale.objects.filter(language_code=row.subscriber.language).first()
            self.parts[key] = localize(alert.references.message, locale).item.headline
        return self.parts[key]

    def open(self):
        pass

    def close(self):
        pass


class EmailSender(_Sender):
    def open(self):
        self.connection = get_connection()
        self.connection.open()  # one connection for the batch

    def close(self):
        self.connection.close()

    def send(self, row):
        message = email_for(row, *self.shown(row), ended=self.ended(row))
        message.connection = self.connection
        send_email(message)


def send_email(message):
    """Send one EmailMessage, saying which failures are worth retrying (the mail server is
    down or busy) and which are not (it refused the address): the outbox's split."""
    try:
        message.send()
    except SMTPRecipientsRefused as exc:
        raise PermanentError(f"SMTP refused the address: {exc}") from exc
    except (OSError, ConnectionError) as exc:  # smtplib's errors are OSErrors
        if getattr(exc, "smtp_code", 0) and 500 <= exc.smtp_code < 600:
            raise PermanentError(f"SMTP refused: {exc}") from exc
        raise RetryableError(f"SMTP: {exc}") from exc


class SmsSender(_Sender):
    def open(self):
        self.provider = get_provider()
        if self.provider is None or not self.provider.configured:
            raise RetryableError("No SMS provider is configured.")
        self.provider.open()

    def close(self):
        if getattr(self, "provider", None) is not None:
            self.provider.close()

    def send(self, row):
        self.provider.send(row.subscriber.address,
                           sms_for(row, self.shown(row)[0], ended=self.ended(row)))


SENDERS = {"email": EmailSender, "sms": SmsSender}


def preview_texts(alert, channel, languages):
    """[(language, text)]: the SMS, or the email's subject, as a subscriber in each of
    `languages` would get it (for previews, before anything is sent)."""
    sender, texts = _Sender(), []
    for code in languages:
        row = SimpleNamespace(alert=alert, alert_id=alert.pk,
                              subscriber=SimpleNamespace(language=code))
        shown, ended = sender.shown(row)[0], sender.ended(row)
        if channel == "sms":
            texts.append((code, sms_for(row, shown, ended=ended)))
        else:
            with translation.override(code):
                texts.append((code, render_to_string(
                    "alerts/subscriptions/alert_subject.txt",
                    {"alert": alert, "message": shown.item, "ended": ended}).strip()))
    return texts


def email_for(row, shown, areas, ended=""):
    alert, subscriber = row.alert, row.subscriber
    manage = subscriptions.manage_link(subscriber)
    unsubscribe = subscriptions.unsubscribe_link(subscriber)
    with translation.override(subscriber.language):
        context = {
            "alert": alert, "message": shown.item, "notice": shown.notice,
            "areas": areas, "ended": ended,
            "page": absolute(reverse("alert_page", kwargs={"pk": alert.pk})),
            "manage": manage, "unsubscribe": unsubscribe, "site_name": site_name(subscriber.language)}
        subject = render_to_string("alerts/subscriptions/alert_subject.txt", context).strip()
        body = render_to_string("alerts/subscriptions/alert.txt", context)
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or "localhost"
    return EmailMessage(subject, body, to=[subscriber.address], headers={
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Content-Language": subscriber.language,
        # One id per version and recipient: a resend after a crash is recognisably the same.
        "Message-ID": f"<{alert.identifier}.{subscriber.pk}@{domain}>",
        "Auto-Submitted": "auto-generated",
    })


def sms_for(row, shown, ended=""):
    """The message's SMS text (written to fit 3 segments), with "Reply STOP to end" when
    it still fits. `ended`: a cancel's closing words go out after the headline of the
    alert they end ("ENDED: Boil water in East Hill. Run each cold tap...")."""
    text = shown.item.sms_text or shown.item.headline
    with translation.override(row.subscriber.language):
        if row.alert.ends_without_new_words:
            no_longer = translation.gettext("This alert is no longer in force.")
            text = f"{shown.item.headline.rstrip('.')}. {no_longer}"
        elif ended:
            text = f"{ended.rstrip('.')}. {text}"
        # In the subscriber's language, like the rest of the text ("ACTUALIZACIÓN: ...").
        prefix = {"Update": translation.gettext("UPDATE:"),
                  "Cancel": translation.gettext("ENDED:") if ended
                  else translation.gettext("CANCELLED:")}.get(row.alert.msg_type, "")
        prefix = prefix + " " if prefix else ""
        stop = " " + translation.gettext("Reply STOP to end.")
    if sms_report(prefix + text).segments > sms_report(text).segments:
        # "ACTUALIZACIÓN:" before a text written in plain GSM letters made the whole text
        # UCS-2: a probe's 3-segment Spanish text went out in 7. The prefix without its
        # accents keeps the text's own encoding.
        prefix = _without_accents(prefix)
    body = prefix + text
    return body + stop if sms_report(body + stop).segments <= 3 else body


def _without_accents(text):
    return "".join(ch for ch in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(ch))
