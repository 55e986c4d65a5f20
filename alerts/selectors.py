"""Read-side questions other apps ask about alerts."""

from datetime import timedelta

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from content.localization import localize
from content.models import Area
from content.models.pages import HubUpdate

from .models import Alert

RECENTLY_ENDED = timedelta(hours=48)


def active_alerts():
    """Alerts the public sees right now: live Actual alerts, most severe and newest first."""
    alerts = Alert.objects.filter(state=Alert.State.ACTIVE, status=Alert.Status.ACTUAL,
                                  scope=Alert.Scope.PUBLIC).select_related("message").prefetch_related(
        Prefetch("areas", queryset=Area.objects.for_pages()))
    return sorted(alerts, key=lambda a: (Alert.SEVERITY_ORDER.index(a.severity),
                                         -(a.sent_at or a.created_at).timestamp()))


def covers(alert, area):
    """An alert with no areas is for the whole city."""
    chosen = alert.area_list()
    return not chosen or any(a.pk == area.pk for a in chosen)


def active_alerts_for(area):
    return [alert for alert in active_alerts() if covers(alert, area)]


def update_overdue(now=None):
    """Active alerts whose promised next update time has passed."""
    now = now or timezone.now()
    return Alert.objects.filter(state=Alert.State.ACTIVE, next_update_by__lt=now)


def awaiting_confirmation():
    """Active break-glass alerts no second approver has confirmed yet."""
    return Alert.objects.filter(state=Alert.State.ACTIVE, break_glass=True,
                                confirmed_at__isnull=True)


def confirmation_overdue(now=None):
    """...and whose time to be confirmed has passed."""
    return awaiting_confirmation().filter(confirm_by__lt=now or timezone.now())


def hub_alerts():
    """Active alerts plus those cancelled or expired in the last two days."""
    since = timezone.now() - RECENTLY_ENDED
    alerts = Alert.objects.filter(status=Alert.Status.ACTUAL, scope=Alert.Scope.PUBLIC).filter(
        state__in=[Alert.State.ACTIVE]
    ) | Alert.objects.filter(status=Alert.Status.ACTUAL, scope=Alert.Scope.PUBLIC,
                             state__in=[Alert.State.CANCELLED, Alert.State.EXPIRED],
                             ended_at__gte=since, msg_type__in=["Alert", "Update"])
    return list(alerts.select_related("message").order_by("-sent_at"))


def hub_updates():
    """hub_alerts() as rows of the crisis hub (registered as the `beacon_hub_updates` hook)."""
    return [hub_update(alert) for alert in hub_alerts()]


def hub_update(alert):
    ended = alert.state in (Alert.State.CANCELLED, Alert.State.EXPIRED)
    # A cancel with closing words (an all-clear): the hub shows them, marked Ended, not
    # the words it ended marked Cancelled.
    closing = closing_words(alert) if alert.state == Alert.State.CANCELLED else None
    spoken = closing or alert
    shown = localize(spoken.message)
    return HubUpdate(headline=shown.item.headline, body=shown.item.body,
                     updated_at=spoken.sent_at or spoken.created_at, message_id=alert.message_id,
                     status="" if alert.state == Alert.State.ACTIVE else alert.get_state_display(),
                     severity=alert.get_severity_display(), next_update_by=alert.next_update_by,
                     ended_state=("ended" if closing else alert.state) if ended else "",
                     ended_at=alert.ended_at if ended else None, notice=shown.notice,
                     url=reverse("alert_page", kwargs={"pk": spoken.pk}), key=f"a{alert.pk}")


def closing_words(alert):
    """The cancel that ended `alert` with words of its own (an all-clear), or None."""
    return (alert.followups.filter(msg_type=Alert.MsgType.CANCEL)
            .exclude(state__in=[Alert.State.DRAFT, Alert.State.SCHEDULED])
            .exclude(message_id=alert.message_id).select_related("message").first())


_THREAD_LIMIT = 200  # a reference chain longer than this is a data error, not a thread


def thread_root(alert):
    """The first alert of an update chain (updates and cancels reference the one before)."""
    seen = set()
    while alert.references_id and alert.pk not in seen and len(seen) < _THREAD_LIMIT:
        seen.add(alert.pk)
        alert = alert.references
    return alert


def thread_latest(alert):
    """The newest sent version of the chain `alert` belongs to: what residents are told."""
    root = thread_root(alert)
    latest, frontier, seen = root, [root.pk], {root.pk}
    while frontier and len(seen) < _THREAD_LIMIT:
        followups = list(Alert.objects.filter(references_id__in=frontier)
                         .exclude(state__in=[Alert.State.DRAFT, Alert.State.SCHEDULED]))
        frontier = [a.pk for a in followups if a.pk not in seen]
        seen.update(frontier)
        for candidate in followups:
            if (candidate.sent_at or candidate.created_at) >= (latest.sent_at or latest.created_at):
                latest = candidate
    return root, latest


def public_status(latest):
    """active | cancelled | expired, for the newest version of a chain."""
    if latest.msg_type == Alert.MsgType.CANCEL or latest.state == Alert.State.CANCELLED:
        return "cancelled"
    if latest.state == Alert.State.EXPIRED:
        return "expired"
    return "active"


def is_searchable(root, latest, status, now=None):
    """Whether residents may look a chain up: a public, sent, real alert that is live or
    ended in the last two days (then shown as cancelled or expired)."""
    if (root.status != Alert.Status.ACTUAL or root.scope != Alert.Scope.PUBLIC
            or root.state in (Alert.State.DRAFT, Alert.State.SCHEDULED)):
        return False
    ended_at = latest.ended_at or latest.sent_at or latest.created_at
    return status == "active" or ended_at >= (now or timezone.now()) - RECENTLY_ENDED


def searchable_threads(now=None):
    """(root, latest, status) for every chain `is_searchable` admits."""
    roots = (Alert.objects.filter(references__isnull=True, status=Alert.Status.ACTUAL,
                                  scope=Alert.Scope.PUBLIC)
             .exclude(state__in=[Alert.State.DRAFT, Alert.State.SCHEDULED])
             .select_related("message"))
    threads = []
    for root in roots:
        root, latest = thread_latest(root)
        status = public_status(latest)
        if is_searchable(root, latest, status, now):
            threads.append((root, latest, status))
    return threads
