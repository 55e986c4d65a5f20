from portal import page_cache

from .base import Channel


class SiteChannel(Channel):
    """Banner and crisis hub read active alerts from the database. Publishing has already
    made every cached page stale (once, in alerts.publishing, before any delivery runs);
    delivering records the cache generation the change is visible from."""

    name = "site"
    label = "Site banner and crisis hub"

    def deliver(self, delivery):
        generation = page_cache.current_generation()
        return {"cache_generation": generation, "state": delivery.alert.state}

    def preview(self, alert):
        return f"Banner: {alert.headline}"
