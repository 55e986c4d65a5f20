"""One publish = one cache invalidation, one CDN purge, one board bump, one reindex: sent
once by alerts (`alert_changed`), done by the layers that keep copies (portal, search)."""

from django.db import transaction

import pytest

from alerts import publishing
from alerts.models import Alert
from portal import page_cache
from search import signals as search_signals
from tests.helpers.content import make_message


@pytest.mark.django_db
def test_one_publish_touches_the_site_once(site, monkeypatch, settings):
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    settings.WAGTAILFRONTENDCACHE = {"http": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": "http://127.0.0.1:9"}}
    purges, bumps, reindexed = [], [], []
    monkeypatch.setattr("wagtail.contrib.frontend_cache.utils.purge_urls_from_cache",
                        lambda urls, **kw: purges.append(list(urls)))
    monkeypatch.setattr(publishing, "bump_board_version", lambda: bumps.append(1))
    monkeypatch.setattr(search_signals, "_reindex_for_alert",
                        lambda alert: reindexed.append(alert.pk))
    message = make_message(headline="Harbor flooding")
    purges.clear()
    before = page_cache.current_generation()
    alert = publishing.publish(Alert.objects.create(event="Flood", area_desc="Harbor",
                                                    message=message))
    assert alert.deliveries.filter(state="delivered").count() >= 3  # site, cap, atom, ...
    assert page_cache.current_generation() == before + 1
    assert (len(purges), len(bumps), reindexed) == (1, 1, [alert.pk])
    cancel = publishing.cancel(alert)
    assert page_cache.current_generation() == before + 2 and len(purges) == 2
    assert reindexed == [alert.pk, cancel.pk]
