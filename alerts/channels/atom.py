from django.urls import reverse

from alerts.urls_helpers import absolute
from portal import page_cache

from .base import Channel


class AtomChannel(Channel):
    name = "atom"
    label = "Atom feed"

    def deliver(self, delivery):
        page_cache.invalidate(f"atom {delivery.alert_id}")
        return {"url": absolute(reverse("alerts_feed"))}

    def preview(self, alert):
        return f"{alert.msg_type}: {alert.headline}"
