"""Read-side questions other apps ask about alerts."""

from datetime import timedelta

from django.utils import timezone

from .models import Alert

RECENTLY_ENDED = timedelta(hours=48)


def active_alerts():
    """Alerts the public sees right now: live Actual alerts, most severe and newest first."""
    severity_order = ["Extreme", "Severe", "Moderate", "Minor", "Unknown"]
    alerts = Alert.objects.filter(state=Alert.State.ACTIVE, status=Alert.Status.ACTUAL,
                                  scope=Alert.Scope.PUBLIC).select_related("message")
    return sorted(alerts, key=lambda a: (severity_order.index(a.severity),
                                         -(a.sent_at or a.created_at).timestamp()))


def hub_alerts():
    """Active alerts plus those cancelled or expired in the last two days."""
    since = timezone.now() - RECENTLY_ENDED
    alerts = Alert.objects.filter(status=Alert.Status.ACTUAL, scope=Alert.Scope.PUBLIC).filter(
        state__in=[Alert.State.ACTIVE]
    ) | Alert.objects.filter(status=Alert.Status.ACTUAL, scope=Alert.Scope.PUBLIC,
                             state__in=[Alert.State.CANCELLED, Alert.State.EXPIRED],
                             ended_at__gte=since, msg_type__in=["Alert", "Update"])
    return list(alerts.select_related("message").order_by("-sent_at"))
