from django.urls import reverse

from alerts import cap
from alerts.urls_helpers import absolute

from .base import Channel


class CapChannel(Channel):
    """CAP is pulled by partners: delivering renders the document, so a broken one fails
    here, visibly. (The cached index was made stale by the publish itself.)"""

    name = "cap"
    label = "CAP 1.2 feed"

    def deliver(self, delivery):
        alert = delivery.alert
        document = alert.cap_document or cap.render_alert(alert)
        return {"url": absolute(reverse("alerts_cap", args=[delivery.alert_id])),
                "bytes": len(document)}

    def preview(self, alert):
        return cap.render_alert(alert).decode()
