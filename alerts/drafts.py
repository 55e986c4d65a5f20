"""Drafts in crisis control: the message staff write inside the "New alert" flow, how
messages are labelled in the pickers, and which draft alerts have gone stale.

A message written here is an ordinary Message snippet in the site's language, saved as a
draft revision by its author: it is published by its review workflow (started here when
asked) or by break-glass at publish time, exactly like one written in Crisis content.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.html import escape

from wagtail.log_actions import log
from wagtail.models import Locale, WorkflowState

from content.localization import staff_time
from content.models import Message
from content.text_safety import clean_text

from .models import Alert
from .publishing import draft_follow_up
from .selectors import public_status, thread_latest

# The words a message written in the alert form carries, as Message field names.
WRITTEN_FIELDS = ("headline", "body", "sms_text", "social_text", "script_say")


def body_html(text):
    """Plain text as typed (a blank line between paragraphs) to the rich text Message.body
    stores; every character is kept as written."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join("<p>" + "<br/>".join(escape(line) for line in p.split("\n")) + "</p>"
                   for p in paragraphs)


def body_text(message):
    """The reverse, to prefill the form with a draft's words."""
    return "\n\n".join(line for line in message.plain_body.split("\n") if line.strip())


def build_message(words, message=None):
    """An unsaved Message (a new one in the site's language, or `message` with new words),
    checked with the model's own channel rules (SMS segments, X length). Raises
    ValidationError keyed by field name."""
    message = message or Message(locale=Locale.get_default(), live=False)
    for name in WRITTEN_FIELDS:
        value = clean_text(words.get(name) or "")  # as saving would: "\x08" is blank
        setattr(message, name, body_html(value) if name == "body" else value.strip())
    message.clean()
    return message


def save_message(message, user, submit_for_review=False):
    """Save `message` (new, or a draft never published) and a draft revision by `user`,
    and start its review workflow when asked."""
    if message.live:
        raise ValidationError("A published message is changed in Crisis content, where its "
                              "edit goes through review again.")
    created = message.pk is None
    message.save()
    message.save_revision(user=user, log_action=not created)
    if created:
        log(message, "wagtail.create", user=user)
    workflow = message.get_workflow() if submit_for_review else None
    if workflow is not None and message.current_workflow_state is None:
        workflow.start(message, user)
    return message


def already_submitted(key):
    """The alert a form with this submission key already made (a double submit), if any."""
    return Alert.objects.filter(submission_key=key).first() if key else None


def once(key, make):
    """Run `make` (one transaction, returning the alert it made) unless a form with the
    same submission key already made one: then that alert, untouched. Returns (alert,
    made). A twin submit racing this one loses on the key's unique index."""
    if existing := already_submitted(key):
        return existing, False
    try:
        with transaction.atomic():
            return make(), True
    except IntegrityError:
        if existing := already_submitted(key):
            return existing, False  # the twin submit won the race
        raise


def _written(form, user):
    """The message written in `form` saved as a draft (None when one was chosen)."""
    if form.written_message is None:
        return None
    return save_message(form.written_message, user, form.cleaned_data.get("submit_for_review"))


def save_alert(form, user):
    """The alert form's one transaction: the message written in it (if any), then the
    draft alert. A second submit of the same form (same submission key) changes nothing
    and returns the alert the first one made."""
    key = form.cleaned_data.get("submission_key") or None

    def make():
        if (message := _written(form, user)) is not None:
            form.instance.message = message
        alert = form.save(commit=False)
        if alert.pk is None:
            alert.created_by, alert.submission_key = user, key
        alert.save()
        form.save_m2m()
        return alert

    if form.instance.pk is not None:  # editing a draft: no key, nothing to repeat
        with transaction.atomic():
            return make(), True
    return once(key, make)


def save_update(form, original, user):
    """The update form with a message written in it: the message saved as a draft, and a
    draft Update of `original` speaking it, published like any draft (after review, or
    with break-glass). Same one-time key rule as `save_alert`."""
    key = form.cleaned_data.get("submission_key") or None
    return once(key, lambda: draft_follow_up(
        original, Alert.MsgType.UPDATE, _written(form, user), user, submission_key=key,
        **form.changes()))


# --- Labels in the message pickers -------------------------------------------------

def missing_words(message):
    """What a message still lacks before it can go out (publishing.check_message_complete)."""
    missing = []
    if not message.plain_body.strip():
        missing.append("no body")
    if not (message.sms_text or "").strip():
        missing.append("no SMS text")
    return missing


GROUPS = ("Published", "In review", "Drafts (need review or break-glass)",
          "Unfinished: cannot go out yet")


def describe(message, in_review):
    """(group, label): "Boil water — draft · saved Dec 4, 8:01 AM CST by Ada Lovelace"."""
    revision = message.latest_revision
    when, who = "", ""
    if revision is not None:
        when = staff_time(revision.created_at)
        if revision.user is not None:
            who = revision.user.get_full_name() or revision.user.get_username()
    missing = missing_words(message)
    if missing:
        group, status = GROUPS[3], f"unfinished ({', '.join(missing)})"
    elif message.pk in in_review:
        group, status = GROUPS[1], "in review"
    elif message.live:
        group = GROUPS[0]
        status = "published, newer draft waiting" if message.has_unpublished_changes \
            else "published"
    else:
        group, status = GROUPS[2], "draft, never published"
    label = f"{message.headline} — {status}"
    if when:
        label += f" · saved {when}" + (f" by {who}" if who else "")
    return group, label


def message_choices(queryset):
    """Grouped choices for a message drop-down: published first, unfinished drafts (an
    abandoned autosave, say) apart and labelled, each with status, time and author."""
    messages = list(queryset.select_related("latest_revision__user"))
    in_review = {int(pk) for pk in WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Message),
        object_id__in=[str(m.pk) for m in messages],
        status=WorkflowState.STATUS_IN_PROGRESS).values_list("object_id", flat=True)}
    grouped = {group: [] for group in GROUPS}
    for message in messages:
        group, label = describe(message, in_review)
        grouped[group].append((message.pk, label))
    return [("", "---------")] + [(group, items) for group, items in grouped.items() if items]


def message_state(message):
    """One line for the alert's detail page: where its message stands."""
    in_review = {message.pk} if message.current_workflow_state else set()
    return describe(message, in_review)[1].removeprefix(f"{message.headline} — ")


# --- Stale drafts --------------------------------------------------------------------

def stale_reason(alert):
    """Why a draft or scheduled alert should not go out as it is, or "": it follows an
    alert whose story has since been cancelled or has expired, or it is a new alert on a
    message whose story ended after the draft was written (and nothing with that message
    is live now)."""
    if alert.state not in (Alert.State.DRAFT, Alert.State.SCHEDULED):
        return ""
    if alert.references_id:
        _, latest = thread_latest(alert.references)
        status = public_status(latest)
        if status != "active":
            return (f"Its story was {status} {staff_time(latest.ended_at or latest.sent_at)}: "
                    f"publishing it would bring back an ended story.")
        return ""
    same_message = Alert.objects.filter(message__translation_key=alert.message.translation_key)
    if same_message.filter(state=Alert.State.ACTIVE).exists():
        return ""
    ended = (same_message.filter(state__in=[Alert.State.CANCELLED, Alert.State.EXPIRED],
                                 ended_at__gt=alert.created_at)
             .exclude(pk=alert.pk).order_by("-ended_at").first())
    if ended is None:
        return ""
    verb = "cancelled" if ended.state == Alert.State.CANCELLED else "expired"
    return (f"Its story was {verb} {staff_time(ended.ended_at)}, after this draft was "
            f"written.")


def check_editable(alert):
    if alert.state != Alert.State.DRAFT:
        raise ValidationError(f"Only a draft can be edited; this alert is "
                              f"{alert.get_state_display().lower()}.")


def check_deletable(alert):
    if alert.state not in (Alert.State.DRAFT, Alert.State.SCHEDULED):
        raise ValidationError(f"Only a draft or scheduled alert can be deleted; this one is "
                              f"{alert.get_state_display().lower()}. Cancel it instead.")
    if alert.followups.exists():
        raise ValidationError("Other alerts follow this one; it cannot be deleted.")
