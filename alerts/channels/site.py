from portal import page_cache

from .base import Channel


class SiteChannel(Channel):
    """Banner and crisis hub read active alerts from the database; delivering means making
    every cached page stale so the next request shows the change."""

    name = "site"
    label = "Site banner and crisis hub"

    def deliver(self, delivery):
        generation = page_cache.invalidate(f"alert {delivery.alert_id} {delivery.alert.state}")
        return {"cache_generation": generation, "state": delivery.alert.state}

    def preview(self, alert):
        return f"Banner: {alert.headline}"
