"""Telling the communications team: email to the Communications group, plus the log.

The admin dashboard panel shows the same facts (stale alerts, unconfirmed break-glass
alerts, search gap spikes) to anyone who opens Wagtail.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import timezone

from .selectors import confirmation_overdue, update_overdue

logger = logging.getLogger(__name__)

COMMS_GROUP = "Communications"


def comms_emails():
    users = get_user_model().objects.filter(groups__name=COMMS_GROUP, is_active=True)
    return sorted({u.email for u in users if u.email})


def notify_comms(subject, body):
    recipients = comms_emails()
    logger.warning("notify comms: %s", subject)
    if recipients:
        send_mail(f"[Beacon] {subject}", body, getattr(settings, "DEFAULT_FROM_EMAIL", None),
                  recipients, fail_silently=True)
    return recipients


def notify_overdue_updates(now=None):
    """Once per alert: each notification has its own "notified at" field."""
    now = now or timezone.now()
    flagged = list(update_overdue(now).filter(update_overdue_notified_at__isnull=True))
    for alert in flagged:
        notify_comms("Alert update overdue",
                     f"“{alert.headline}” promised an update by "
                     f"{timezone.localtime(alert.next_update_by):%H:%M %Z} and none was "
                     f"published. Publish an update or change the next update time.")
        alert.update_overdue_notified_at = now
        alert.save(update_fields=["update_overdue_notified_at"])
    return flagged


def notify_unconfirmed_break_glass(now=None):
    now = now or timezone.now()
    flagged = list(confirmation_overdue(now).filter(break_glass_notified_at__isnull=True))
    for alert in flagged:
        notify_comms("Break-glass alert not confirmed",
                     f"“{alert.headline}” was published without review and no second approver "
                     f"has confirmed it.")
        alert.break_glass_notified_at = now
        alert.save(update_fields=["break_glass_notified_at"])
    return flagged
