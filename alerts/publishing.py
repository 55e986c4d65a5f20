"""Publishing, updating, cancelling and expiring alerts: one transaction each.

The alert's new state and one Delivery per channel are written together; Celery hears
about the deliveries only after commit.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Revision

from content.localization import translation_status
from content.text_rules import X_MAX_WEIGHTED_LENGTH, x_weighted_length

from . import after_alert, cap
from .channels import all_channels
from .channels.x import compose_post
from .events import alert_changed
from .models import Alert, Delivery
from .outbox import dispatch_on_commit
from .scripts import bump_board_version

BREAK_GLASS_CONFIRM_MINUTES = getattr(settings, "BREAK_GLASS_CONFIRM_MINUTES", 30)


# Channels that push the words to people's phones and inboxes.
PUSHED_TO_PEOPLE = ("email", "sms", "x")
# What those channels send of a message; the agents' script is not among them.
WORDS_PEOPLE_GET = ("headline", "body", "sms_text", "social_text")


def channel_names(alert):
    wanted = set(alert.channels or [])
    return [c.name for c in all_channels() if (not wanted or c.name in wanted)
            and not (alert.quiet and c.name in PUSHED_TO_PEOPLE)
            # X posts the original first: a fix of one translation would repeat it
            and not (alert.told_languages and c.name == "x")]


def _check_permission(user, perm="alerts.publish_alert"):
    if user is not None and not user.has_perm(perm):
        raise PermissionDenied("You do not have permission to publish alerts.")


def _check_ready(alert):
    if not alert.message.live:
        raise ValidationError("The message must be approved and published (or use break-glass) "
                              "before an alert can use it.")
    check_message_complete(alert.message)
    if "x" in channel_names(alert):
        post = compose_post(alert)
        if x_weighted_length(post) > X_MAX_WEIGHTED_LENGTH:
            raise ValidationError(f"The X post would be {x_weighted_length(post)} weighted "
                                  f"characters with the link (at most {X_MAX_WEIGHTED_LENGTH}). "
                                  f"Shorten the message's social text.")
    if alert.expires and alert.expires <= timezone.now():
        raise ValidationError("This alert's expiry time has already passed.")


def check_message_complete(message):
    """Every channel needs words: CAP <description> and <instruction>, the web page, the
    webhook body. A headline alone is not an alert."""
    missing = []
    if not message.plain_body:
        missing.append("a body (what happened)")
    if not (message.sms_text or "").strip():
        missing.append("an SMS text (what to do: CAP's instruction)")
    if missing:
        raise ValidationError(f"The message “{message.headline}” needs {' and '.join(missing)} "
                              f"before it can go out as an alert.")


def _create_deliveries(alert):
    ids = []
    for name in channel_names(alert):
        delivery, created = Delivery.objects.get_or_create(
            key=f"{alert.identifier}:{name}", defaults={"alert": alert, "channel": name})
        if created:
            ids.append(delivery.pk)
    _after_commit_side_effects(alert, f"alert {alert.pk} {alert.state}")
    dispatch_on_commit(ids)  # after the cache is stale, so checks see the new state
    return ids


def _after_commit_side_effects(alert, reason):
    """The one place a publish, update, cancel or expiry touches the rest of the site: the
    agents' board is bumped after the commit, and `alert_changed` tells the layers above
    (portal: one page-cache invalidation with its one CDN purge; search: one reindex)."""
    transaction.on_commit(bump_board_version)
    alert_changed.send(sender=Alert, alert=alert, reason=reason)


def missing_translations(message):
    return [code for code, state in translation_status(message).items() if state == "missing"]


@transaction.atomic
def publish(alert, user=None, *, break_glass=False, at=None, confirm_missing_translations=False):
    """Make a draft alert live now, or schedule it for `at`. Publishing twice is a no-op.

    A person publishing (user given) must confirm when the message lacks translations;
    readers of those languages then see the English text with a notice."""
    _check_permission(user)
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.state in (Alert.State.ACTIVE, Alert.State.UPDATED, Alert.State.CANCELLED,
                       Alert.State.EXPIRED):
        return alert  # duplicate publish: already out, nothing sent twice
    if break_glass:
        _publish_message_without_review(alert.message, user)
    _check_ready(alert)
    missing = missing_translations(alert.message)
    if user is not None and missing and not confirm_missing_translations:
        raise ValidationError(
            f"The message has no {' or '.join(language_names(missing))} translation. Confirm "
            f"to publish anyway: those readers will see the English text with a notice.")
    now = timezone.now()
    alert.published_by = user
    if break_glass:
        alert.break_glass = True
        alert.confirm_by = now + timedelta(minutes=BREAK_GLASS_CONFIRM_MINUTES)
    if at and at > now:
        alert.state = Alert.State.SCHEDULED
        alert.scheduled_for = at
        alert.save()
        log(alert, "beacon.alert.schedule", user=user, data={"at": at.isoformat()})
        return alert
    _go_live(alert, now)
    log(alert, "beacon.alert.break_glass" if break_glass else "beacon.alert.publish", user=user,
        data={"msg_type": alert.msg_type, "channels": channel_names(alert)})
    return alert


def language_names(codes):
    names = dict(settings.LANGUAGES)
    return [str(names.get(code, code)) for code in codes]


def _publish_message_without_review(message, user):
    """Break-glass: the message's latest draft goes live now, skipping its review workflow
    (the only path that may: a second person must confirm it afterwards). The workflow is
    cancelled and the publish is audit-logged as break-glass. The draft is checked first,
    so an incomplete draft is refused before anything goes live."""
    latest = message.get_latest_revision()
    if latest is None or (message.live and not message.has_unpublished_changes):
        return
    check_message_complete(latest.as_object())
    workflow_state = message.current_workflow_state
    if workflow_state:
        workflow_state.cancel(user=user)
    latest.publish(user=user, skip_permission_checks=True)
    log(message, "beacon.alert.break_glass", user=user,
        data={"message_revision": latest.pk, "skipped_review": True})
    message.refresh_from_db()


def _go_live(alert, now):
    alert.state = Alert.State.ACTIVE
    alert.sent_at = now
    alert.effective = alert.effective or now
    alert.save()
    # The CAP document as sent, frozen: consumers must never see a sent document change.
    alert.cap_document = cap.render_alert(alert).decode()
    alert.save(update_fields=["cap_document"])
    if alert.references_id:
        previous = Alert.objects.select_for_update().get(pk=alert.references_id)
        if previous.state == Alert.State.ACTIVE:
            previous.state = (Alert.State.CANCELLED if alert.msg_type == Alert.MsgType.CANCEL
                              else Alert.State.UPDATED)
            previous.ended_at = now
            previous.save()
    if alert.msg_type == Alert.MsgType.CANCEL:
        alert.state = Alert.State.CANCELLED  # a cancel is delivered, then has nothing to show
        alert.ended_at = now
        alert.save()
        after_alert.record_checks(alert)  # FAQs and pages on its topics: check them
    _create_deliveries(alert)


def _follow_up(original, msg_type, message, user, **changes):
    if original.state not in (Alert.State.ACTIVE, Alert.State.SCHEDULED):
        verb = {"Update": "updated", "Cancel": "cancelled"}[msg_type]
        raise ValidationError(f"Only an active alert can be {verb}; this one is "
                              f"{original.get_state_display().lower()}.")
    areas = changes.pop("areas", None)
    fields = {f: getattr(original, f) for f in Alert.CARRIED_TO_FOLLOW_UPS}
    fields.update(changes)
    follow_up = Alert.objects.create(msg_type=msg_type, references=original, message=message,
                                     created_by=user, **fields)
    follow_up.areas.set(original.areas.all() if areas is None else areas)
    return follow_up


@transaction.atomic
def draft_follow_up(original, msg_type, message, user=None, **changes):
    """A follow-up (an update written in crisis control) saved as a draft: `publish` sends
    it once its message is approved, or with break-glass, like any draft alert."""
    _check_permission(user, "alerts.add_alert")
    follow_up = _follow_up(original, msg_type, message, user, **changes)
    log(follow_up, "wagtail.create", user=user)
    return follow_up


@transaction.atomic
def update(original, message=None, user=None, confirm_missing_translations=False, **changes):
    _check_permission(user)
    for name in ("status", "scope"):
        if name in changes and changes[name] != getattr(original, name):
            # A probe's API update turned a real alert into an Exercise: its page went
            # 404 while the feed and search still led there.
            raise ValidationError(f"An update keeps the alert's {name} "
                                  f"({getattr(original, name)}). To end the alert, cancel it; "
                                  f"for another {name}, publish a new alert.")
    follow_up = _follow_up(original, Alert.MsgType.UPDATE, message or original.message, user,
                           **changes)
    return publish(follow_up, user, confirm_missing_translations=confirm_missing_translations)


def cancel_preview(original, message=None):
    """The Cancel alert as it would go out, unsaved: for 'are you sure?' screens."""
    now = timezone.now()
    fields = {f: getattr(original, f) for f in Alert.CARRIED_TO_FOLLOW_UPS}
    fields.update(urgency=Alert.Urgency.PAST, next_update_by=None)
    return Alert(msg_type=Alert.MsgType.CANCEL, references=original,
                 message=message or original.message, sent_at=now, created_at=now, **fields)


@transaction.atomic
def cancel(original, user=None, message=None):
    """Cancelling is never held up by translations: stale alerts must come down. `message`:
    closing words (an all-clear), which must be published already, as for any alert;
    without them every channel says the alert is no longer in force."""
    _check_permission(user)
    if message is not None and not message.live:
        raise ValidationError(f"The closing words “{message.headline}” are not published yet. "
                              f"Cancel without them, or have them approved first.")
    follow_up = _follow_up(original, Alert.MsgType.CANCEL, message or original.message, user,
                           severity=original.severity, urgency=Alert.Urgency.PAST,
                           next_update_by=None)
    return publish(follow_up, user, confirm_missing_translations=True)


@transaction.atomic
def confirm_break_glass(alert, user):
    _check_permission(user, "alerts.confirm_alert")
    if not alert.break_glass or alert.confirmed_at:
        raise ValidationError("This alert does not need confirming.")
    if user is not None and alert.published_by_id == user.pk:
        raise ValidationError("A second person must confirm a break-glass alert.")
    alert.confirmed_by, alert.confirmed_at = user, timezone.now()
    alert.save(update_fields=["confirmed_by", "confirmed_at"])
    log(alert, "beacon.alert.confirm", user=user)
    return alert


def activate_due(now=None):
    """Scheduled alerts whose time has come go live. Called every 20 s by beat."""
    now = now or timezone.now()
    started = []
    for pk in Alert.objects.filter(state=Alert.State.SCHEDULED,
                                   scheduled_for__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            alert = Alert.objects.select_for_update().get(pk=pk)
            if alert.state == Alert.State.SCHEDULED:
                _go_live(alert, now)
                log(alert, "beacon.alert.publish", data={"scheduled": True})
                started.append(alert)
    return started


def expire_due(now=None):
    """Alerts past their expiry come down: banner gone, hub marks them expired, feeds too."""
    now = now or timezone.now()
    expired = []
    for pk in Alert.objects.filter(state=Alert.State.ACTIVE, expires__lte=now).values_list(
            "pk", flat=True):
        with transaction.atomic():
            alert = Alert.objects.select_for_update().get(pk=pk)
            if alert.state != Alert.State.ACTIVE:
                continue
            alert.state, alert.ended_at = Alert.State.EXPIRED, now
            alert.save(update_fields=["state", "ended_at"])
            log(alert, "beacon.alert.expire")
            after_alert.record_checks(alert)
            _after_commit_side_effects(alert, f"alert {alert.pk} expired")
            expired.append(alert)
    return expired


def follow_message_edit(message, user=None):
    """A message that a live alert speaks was published again (edited or retranslated):
    the change goes out as an Update of each such alert, so the web, the agents, CAP and
    the partners never disagree and no sent CAP document is rewritten. When the words
    people are sent did not change (only the agents' script), texts, emails and X are
    left out: a probe's script-only edit re-sent every resident the same text. When only
    a translation changed, texts and emails go to that language's subscribers only (a
    probe's Spanish fix was re-sent to every subscriber in every language)."""
    updates, quiet = [], None
    for alert in Alert.objects.filter(state=Alert.State.ACTIVE,
                                      message__translation_key=message.translation_key):
        if alert.sent_at and message.last_published_at and \
                message.last_published_at <= alert.sent_at:
            continue  # this publish is what the alert already carries
        if quiet is None:  # asked once, and only when a live alert speaks the message
            quiet = not words_people_get_changed(message)
        told = [] if message.pk == alert.message_id else [message.locale.language_code]
        with transaction.atomic():
            update_alert = _follow_up(alert, Alert.MsgType.UPDATE, alert.message, None,
                                      quiet=quiet, told_languages=told)
            updates.append(publish(update_alert, None))
        log(alert, "beacon.alert.update_from_edit", user=user,
            data={"message": message.pk, "update": updates[-1].pk})
    return updates


def words_people_get_changed(message):
    """Whether this publish of `message` changed what texts, emails or X send of it,
    against the revision published before it (Wagtail's publish log names each one)."""
    published = (ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(message), object_id=str(message.pk),
        action="wagtail.publish", revision__isnull=False)
        .exclude(revision_id=message.live_revision_id)
        .order_by("-timestamp", "-pk").values_list("revision_id", flat=True).first())
    previous = Revision.objects.filter(pk=published).first() if published else None
    if previous is None:
        return True  # nothing to compare with: say it
    before = previous.as_object()
    return any(getattr(before, name) != getattr(message, name) for name in WORDS_PEOPLE_GET)
