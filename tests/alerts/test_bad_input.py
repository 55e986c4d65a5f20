"""Issue 23 point 8 (and the alert half of point 7): input that made the probe's server
answer 500 gets a clear 4xx, or is accepted with nothing lost."""

import re
from datetime import timedelta

from django.utils import timezone

import pytest

from alerts import outbox
from alerts.admin_views import attention_items
from alerts.models import Alert, Delivery, Subscriber
from content.geometry import MAX_CAP_POLYGON_POINTS
from tests.alerts.test_api_hostile import _post, eoc  # noqa: F401 - the fixture
from tests.alerts.test_subscriptions import sign_up
from tests.helpers.areas import city_areas
from tests.helpers.content import make_message


@pytest.mark.django_db
def test_json_nested_100000_deep_is_a_400_not_a_recursion_error(client, eoc, site):  # noqa: F811
    response = _post(client, "/api/v1/alerts/", "[" * 100_000, eoc)
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["error"]


def _alert(client, auth, polygon):
    return _post(client, "/api/v1/alerts/", {
        "message_id": make_message().pk, "event": "Flood", "area_desc": "Harbor",
        "polygon": polygon}, auth)


@pytest.mark.django_db
@pytest.mark.parametrize("polygon, why", [
    ("not a polygon", "not one"),
    ("44.5,-68.6 44.6,-68.6 44.5,-68.6", "at least 4"),
    ("44.5,-68.6 44.6,-68.6 44.6,-68.5 44.55,-68.55", "closed"),
    ("-122.4,37.7 -122.4,37.8 -122.3,37.8 -122.4,37.7", "out of range"),  # lon,lat swapped
    (" ".join(["44.5,-68.6"] * 100_000), "at most"),
])
def test_an_alert_polygon_follows_caps_rules(client, eoc, site, polygon, why):  # noqa: F811
    response = _alert(client, eoc, polygon)
    assert response.status_code == 400
    assert "polygon" in response.json()["fields"] and why in response.json()["error"]
    assert not Alert.objects.exists()


@pytest.mark.django_db
def test_a_cap_polygon_reaches_the_cap_document(client, eoc, site):  # noqa: F811
    ring = "44.5,-68.6  44.6,-68.6 44.6,-68.5 44.5,-68.6"
    response = _alert(client, eoc, ring)
    assert response.status_code == 201, response.content
    assert Alert.objects.get().polygon == "44.5,-68.6 44.6,-68.6 44.6,-68.5 44.5,-68.6"
    assert MAX_CAP_POLYGON_POINTS <= 1000  # a CAP document stays tens of KB


@pytest.mark.django_db
def test_an_alert_with_a_bad_polygon_is_refused_by_full_clean_on_every_path(site):
    alert = Alert(message=make_message(), event="Flood", area_desc="Harbor",
                  polygon="not a polygon")
    with pytest.raises(Exception, match="polygon"):
        alert.full_clean()


@pytest.mark.django_db
def test_email_sign_up_while_smtp_is_down_is_queued_and_retried(client, site, smtp_down):
    """Accepted, the email queued in the outbox: the first try fails, the resident is told
    the link may take a few minutes, staff see it failing, and a retry once the mail server
    is back sends exactly one link, which works."""
    city_areas()
    response = sign_up(client, email="down@example.org")
    assert response.status_code == 200
    page = response.content.decode()
    assert "is saved" in page and "we keep trying" in page and "Check your email" in page
    assert "We sent" not in page and "sign up again" not in page
    subscriber = Subscriber.objects.get(address="down@example.org")
    assert subscriber.confirmed_at is None
    [delivery] = Delivery.objects.filter(subscriber=subscriber)
    assert (delivery.channel, delivery.state, delivery.attempts) == (
        "signup_email", Delivery.State.RETRYING, 1)
    assert "SMTP" in delivery.last_error and delivery.next_attempt_at > timezone.now()
    [failing] = [i for i in attention_items() if i.kind == "Sign-up emails failing"]
    assert "1 waiting to be retried" in failing.text and "down@example.org" not in failing.text
    # The same promise in the resident's language.
    assert "seguimos intentándolo" in sign_up(client, prefix="/es",
                                              email="abajo@example.org").content.decode()
    Subscriber.objects.filter(address="abajo@example.org").delete()

    # Not due yet: the sweeper leaves it alone, nothing is sent.
    sink = smtp_down.start()
    assert outbox.sweep() == 0 and sink.messages == []
    # Due (its backoff has passed): the retry delivers it, once.
    later = timezone.now() + timedelta(hours=1)
    assert outbox.sweep(now=later) == 1
    assert outbox.sweep(now=later + timedelta(minutes=5)) == 0
    [mail] = sink.to("down@example.org")
    assert len(sink.messages) == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (Delivery.State.DELIVERED, 2)
    assert not [i for i in attention_items() if i.kind == "Sign-up emails failing"]
    link = re.search(r"https?://\S+/subscribe/confirm/\S+", mail.get_content()).group(0)
    assert client.post(link.split("testserver", 1)[-1]).status_code == 200
    assert Subscriber.objects.get(address="down@example.org").confirmed_at is not None


@pytest.mark.django_db
def test_a_sign_up_email_the_server_refuses_is_given_up_and_shown_to_staff(client, site,
                                                                           smtp_down):
    """A permanent refusal (5xx) is not retried: it shows as given up."""
    city_areas()

    class Refuse:
        async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
            return "550 No such user here"

    smtp_down.sink = Refuse()
    smtp_down.start()
    page = sign_up(client, email="nobody@example.org").content.decode()
    assert "We sent" not in page
    [delivery] = Delivery.objects.filter(subscriber__address="nobody@example.org")
    assert delivery.state == Delivery.State.FAILED and "550" in delivery.last_error
    [failing] = [i for i in attention_items() if i.kind == "Sign-up emails failing"]
    assert "1 given up" in failing.text
