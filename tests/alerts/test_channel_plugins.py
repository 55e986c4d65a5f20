"""A city adds a channel (here a siren controller) with one class and one settings line,
without touching alerts/; a wrong line is a clear configuration error."""

from django.core.exceptions import ImproperlyConfigured

import pytest

from alerts import publishing
from alerts.channels import all_channels
from alerts.channels.base import Channel
from alerts.models import Delivery
from search.backends import get_backend
from tests.alerts.test_outbox import make_alert

SOUNDED = []


class SirenChannel(Channel):
    name = "siren"
    label = "Outdoor sirens"

    def deliver(self, delivery):
        SOUNDED.append((delivery.alert_id, delivery.alert.headline))
        return {"zones": ["east-hill"]}

    def preview(self, alert):
        return f"Siren tone for: {alert.headline}"


@pytest.mark.django_db
def test_a_channel_added_in_settings_gets_every_publish(settings, site, admin_client,
                                                       django_capture_on_commit_callbacks):
    settings.BEACON_CHANNELS = [*settings.BEACON_CHANNELS,
                                "tests.alerts.test_channel_plugins.SirenChannel"]
    SOUNDED.clear()
    alert = make_alert()
    page = admin_client.get(f"/admin/crisis-control/{alert.pk}/").content.decode()
    assert "Siren tone for: Boil water in East Hill" in page  # previewed like the others
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(alert)
    delivery = Delivery.objects.get(alert=alert, channel="siren")
    assert delivery.state == Delivery.State.DELIVERED
    assert delivery.receipt == {"zones": ["east-hill"]}
    assert SOUNDED == [(alert.pk, "Boil water in East Hill")]


def test_a_wrong_channel_path_or_class_is_a_clear_configuration_error(settings):
    settings.BEACON_CHANNELS = ["alerts.channels.nowhere.Siren"]
    with pytest.raises(ImproperlyConfigured, match="cannot import 'alerts.channels.nowhere"):
        all_channels()
    settings.BEACON_CHANNELS = ["alerts.models.Alert"]
    with pytest.raises(ImproperlyConfigured, match="is not a Channel class"):
        all_channels()


def test_search_backends_come_from_settings_too(settings):
    settings.SEARCH_BACKENDS = {**settings.SEARCH_BACKENDS,
                                "mine": "search.backends.database.DatabaseBackend"}
    settings.SEARCH_BACKEND = "mine"
    backend = get_backend()
    assert type(backend.primary).__name__ == "DatabaseBackend"  # wrapped with the fallback
    with pytest.raises(ValueError, match="Unknown SEARCH_BACKEND 'other'"):
        get_backend("other")
