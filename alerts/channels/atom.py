from django.urls import reverse

from alerts.urls_helpers import absolute

from .base import Channel


class AtomChannel(Channel):
    name = "atom"
    label = "Atom feed"

    def deliver(self, delivery):
        return {"url": absolute(reverse("alerts_feed"))}

    def preview(self, alert):
        return f"{alert.msg_type}: {alert.headline}"
