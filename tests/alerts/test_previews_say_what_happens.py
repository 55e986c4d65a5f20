"""Issue 24 point 13: previews and confirmations say what will happen (the area chosen,
and the subscribers a cancellation really reaches, counted as the fan-out counts)."""

import json

from django.urls import reverse
from django.utils import timezone

import pytest

from alerts import publishing
from alerts.models import Notification, Subscriber, WebhookEndpoint
from tests.alerts.test_outbox import make_alert
from tests.alerts.test_subscriptions import sms  # noqa: F401  (fixture)
from tests.helpers.areas import city_areas


def subscriber(kind, address, language="en", areas=(), whole_city=False, confirmed=True):
    row = Subscriber.objects.create(kind=kind, address=address, language=language,
                                    whole_city=whole_city, consented_at=timezone.now(),
                                    confirmed_at=timezone.now() if confirmed else None)
    row.areas.set(areas)
    return row


@pytest.mark.django_db
def test_summary_and_webhook_preview_name_the_area_chosen(admin_client, site):
    areas = city_areas()
    WebhookEndpoint.objects.create(name="County EOC", url="https://eoc.example/hook",
                                   secret="s")
    alert = make_alert(event="Water main break", area_desc="")
    alert.areas.set([areas["east-hill"]])
    page = admin_client.get(reverse("crisis_control:detail", args=[alert.pk])).content.decode()
    assert "Water main break — East Hill" in page
    start = page.index('{\n  &quot;identifier&quot;')
    payload = json.loads(page[start:page.index("</pre>", start)].replace("&quot;", '"'))
    assert payload["area"] == "East Hill" and payload["areas"] == ["east-hill"]
    citywide = make_alert(event="Snow emergency", area_desc="")
    page = admin_client.get(reverse("crisis_control:detail", args=[citywide.pk])).content.decode()
    assert "Snow emergency — Whole city" in page


@pytest.mark.django_db
def test_cancel_confirmation_counts_who_the_cancellation_reaches(admin_client, site, sms):  # noqa: F811
    areas = city_areas()
    east, west = areas["east-hill"], areas["westside"]
    subscriber("email", "a@example.org", areas=[east])
    subscriber("email", "b@example.org", areas=[east, west])
    subscriber("email", "c@example.org", language="es", whole_city=True)
    subscriber("email", "d@example.org", areas=[west])  # another area
    subscriber("email", "e@example.org", areas=[east], confirmed=False)  # never confirmed
    subscriber("sms", "+12075550101", language="es", areas=[east])
    alert = make_alert(event="Water main break", area_desc="")
    alert.areas.set([east])
    alert = publishing.publish(alert)
    page = admin_client.get(reverse("crisis_control:cancel", args=[alert.pk])).content.decode()
    assert "Who will be told" in page
    assert "Email subscribers</strong>: 3 confirmed subscribers (English 2, Español 1)" in page
    assert "SMS subscribers</strong>: 1 confirmed subscriber (Español 1)" in page
    admin_client.post(reverse("crisis_control:cancel", args=[alert.pk]), {"confirm": "yes"})
    cancel = alert.followups.get()
    sent = {channel: Notification.objects.filter(alert=cancel, channel=channel).count()
            for channel in ("email", "sms")}
    assert sent == {"email": 3, "sms": 1}  # what the page promised
