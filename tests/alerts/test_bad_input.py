"""Issue 23 point 8 (and the alert half of point 7): input that made the probe's server
answer 500 gets a clear 4xx, or is accepted with nothing lost."""

import json

from django.core import mail

import pytest

from alerts.models import Alert, Subscriber
from content.geometry import MAX_CAP_POLYGON_POINTS
from tests.alerts.test_api_hostile import _post, eoc  # noqa: F401 - the fixture
from tests.alerts.test_subscriptions import sign_up
from tests.helpers.areas import city_areas
from tests.helpers.content import make_message
from tests.helpers.services import free_port


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
def test_email_sign_up_while_smtp_is_down_is_saved_and_says_so(client, site, settings):
    city_areas()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.EMAIL_TIMEOUT = 2
    response = sign_up(client, email="down@example.org")
    assert response.status_code == 200
    page = response.content.decode()
    assert "is saved" in page and "sign up again" in page and "We sent" not in page
    assert Subscriber.objects.get(address="down@example.org").confirmed_at is None
    # The mail server is back: signing up again sends the link.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    again = sign_up(client, email="down@example.org").content.decode()
    assert "We sent a message" in again
    assert [m.to for m in mail.outbox] == [["down@example.org"]]
    assert json.dumps(Subscriber.objects.count()) == "1"
