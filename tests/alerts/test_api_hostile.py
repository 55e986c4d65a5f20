"""The alerts API and feeds under the requests a hostile or careless client sends: each
gets a 4xx with a clear message, nothing is half-written, and the feeds keep working."""

import json

from django.contrib.auth.models import Permission

import pytest
from lxml import etree

from alerts.api import issue_token
from alerts.models import Alert
from tests.alerts.test_outbox import make_alert
from tests.helpers.content import make_message


@pytest.fixture
def eoc(django_user_model):
    user = django_user_model.objects.create_superuser("eoc", "eoc@x.example", "pw")
    return {"HTTP_AUTHORIZATION": f"Token {issue_token(user)}"}


def _post(client, url, body, auth):
    payload = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(url, payload, content_type="application/json", **auth)


@pytest.fixture
def live_alert(client, eoc, site):
    message = make_message(headline="Road closed")
    response = _post(client, "/api/v1/alerts/", {
        "message_id": message.pk, "event": "Road closure", "area_desc": "Quay Street",
        "publish": True, "confirm_missing_translations": True}, eoc)
    assert response.status_code == 201, response.content
    return Alert.objects.get(pk=response.json()["id"])


@pytest.mark.django_db
def test_update_is_validated_like_create(client, eoc, live_alert):
    before = Alert.objects.count()
    response = _post(client, f"/api/v1/alerts/{live_alert.pk}/update/", {
        "severity": "Catastrophic", "status": "Bogus", "web": "javascript:alert(1)"}, eoc)
    assert response.status_code == 400
    body = response.json()
    assert {"severity", "status", "web"} <= set(body["fields"]) and "Catastrophic" in body["error"]
    assert Alert.objects.count() == before
    assert client.get(f"/alerts/cap/{live_alert.pk}.xml").content.count(b"Bogus") == 0
    assert b"javascript:" not in client.get("/alerts/feed.atom").content


@pytest.mark.django_db
@pytest.mark.parametrize("field, value", [("status", "Exercise"), ("scope", "Restricted")])
def test_an_update_keeps_the_alerts_status_and_scope(client, eoc, live_alert, field, value):
    """An attack probe: an API update turned the real alert into an Exercise (or made it
    Restricted); its page went 404 while the feed and search still linked to it."""
    before = Alert.objects.count()
    response = _post(client, f"/api/v1/alerts/{live_alert.pk}/update/", {field: value}, eoc)
    assert response.status_code == 400
    assert f"An update keeps the alert's {field}" in response.json()["error"]
    assert Alert.objects.count() == before
    assert client.get(f"/alerts/{live_alert.pk}/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("field, value", [
    ("expires", "2026-13-45T99:00"), ("expires", 12345), ("message_id", "abc"),
    ("message_id", [1]), ("message_id", 10**23), ("geocodes", [1, 2]),
    ("geocodes", {"FIPS6": ["x"]}), ("channels", "site"), ("severity", None),
])
def test_out_of_range_values_are_refused_with_a_message(client, eoc, site, field, value):
    body = {"message_id": make_message().pk, "event": "Flood", "area_desc": "Harbor",
            field: value}
    response = _post(client, "/api/v1/alerts/", body, eoc)
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]
    assert not Alert.objects.exists()


@pytest.mark.django_db
def test_non_utf8_and_non_json_bodies_are_400(client, eoc, site):
    for body in (b"\xff\xfe\x00garbage", "not json", b"[1, 2]"):
        response = _post(client, "/api/v1/alerts/", body, eoc)
        assert response.status_code == 400, (body, response.content)
        assert response.json()["error"]


@pytest.mark.django_db
def test_reads_need_view_permission(client, django_user_model, site):
    make_alert()
    nobody = django_user_model.objects.create_user("nobody", "n@x.example", "pw")
    auth = {"HTTP_AUTHORIZATION": f"Token {issue_token(nobody)}"}
    assert client.get("/api/v1/alerts/", **auth).status_code == 403
    assert client.get(f"/api/v1/alerts/{Alert.objects.get().pk}/", **auth).status_code == 403
    nobody.user_permissions.add(Permission.objects.get(codename="view_alert"))
    listing = client.get("/api/v1/alerts/", **auth)
    assert listing.status_code == 200 and len(listing.json()["alerts"]) == 1


@pytest.mark.django_db
def test_a_drafter_who_may_not_publish_saves_nothing(client, django_user_model, site):
    drafter = django_user_model.objects.create_user("drafter", "d@x.example", "pw")
    drafter.user_permissions.add(*Permission.objects.filter(codename__in=["add_alert",
                                                                          "view_alert"]))
    auth = {"HTTP_AUTHORIZATION": f"Token {issue_token(drafter)}"}
    body = {"message_id": make_message().pk, "event": "Flood", "area_desc": "Harbor"}
    refused = _post(client, "/api/v1/alerts/", {**body, "publish": True}, auth)
    assert refused.status_code == 403 and not Alert.objects.exists()
    assert _post(client, "/api/v1/alerts/", body, auth).status_code == 201
    assert Alert.objects.get().state == "draft"


@pytest.mark.django_db
def test_unknown_methods_are_405(client, eoc, live_alert):
    for method in ("delete", "put", "patch"):
        response = getattr(client, method)(f"/api/v1/alerts/{live_alert.pk}/", **eoc)
        assert response.status_code == 405, method
    assert client.delete("/api/v1/alerts/", **eoc).status_code == 405
    assert Alert.objects.filter(pk=live_alert.pk).exists()


@pytest.mark.django_db
def test_control_characters_never_reach_the_feeds(client, eoc, site):
    message = make_message(headline="Shelter\x0bopen at\x00 Pier 4")
    assert message.headline == "Shelter open at Pier 4"
    body = {"message_id": message.pk, "event": "a\u0000b", "area_desc": "Harbor",
            "publish": True, "confirm_missing_translations": True}
    refused = _post(client, "/api/v1/alerts/", body, eoc)
    assert refused.status_code == 400 and "event: Null characters" in refused.json()["error"]
    response = _post(client, "/api/v1/alerts/", {
        **body, "event": "a\u0007b\u0008c", "area_desc": "Harbor\x1f",
        "geocodes": {"FIPS6": "019\x1b013"}}, eoc)
    assert response.status_code == 201, response.content
    alert = Alert.objects.get()
    assert (alert.event, alert.area_desc, alert.geocodes) == ("abc", "Harbor", {"FIPS6": "019013"})
    for url in (f"/alerts/cap/{alert.pk}.xml", "/alerts/cap.atom", "/alerts/feed.atom"):
        page = client.get(url)
        assert page.status_code == 200, url
        etree.fromstring(page.content)  # well-formed XML
    assert alert.deliveries.get(channel="cap").state == "delivered"


@pytest.mark.django_db
def test_helpful_vote_and_agent_ack_refuse_impossible_numbers(client, site, django_user_model):
    for target in ("-1", str(10**23), "999999"):
        response = client.post("/search/helpful", {"target_type": "faq", "target_id": target,
                                                   "helpful": "no"})
        assert response.status_code == 400, target
    from django.contrib.auth.models import Group

    agent = django_user_model.objects.create_user("agent", "a@x.example", "pw")
    agent.groups.add(Group.objects.get(name="Agents"))
    client.force_login(agent)
    message = make_message()
    for version in ("-7", "0", str(10**23), "x"):
        response = client.post(f"/agents/ack/{message.pk}/", {"version": version})
        assert response.status_code == 400, version


@pytest.mark.django_db
@pytest.mark.parametrize("channels", [["nonexistent"], ["site", "nonexistent"], ["SITE"]])
def test_unknown_channels_are_refused_not_published_to_nobody(client, eoc, site, channels):
    """Issue 23 point 12: `"channels": ["nonexistent"]` published an alert with zero
    deliveries."""
    response = _post(client, "/api/v1/alerts/", {
        "message_id": make_message().pk, "event": "Flood", "area_desc": "Harbor",
        "channels": channels, "publish": True, "confirm_missing_translations": True}, eoc)
    assert response.status_code == 400, response.content
    assert "channels" in response.json()["fields"] and "nonexistent" in response.json()["error"] \
        or "SITE" in response.json()["error"]
    assert not Alert.objects.exists()
    ok = _post(client, "/api/v1/alerts/", {
        "message_id": make_message().pk, "event": "Flood", "area_desc": "Harbor",
        "channels": ["site"], "publish": True, "confirm_missing_translations": True}, eoc)
    assert ok.status_code == 201 and Alert.objects.get().deliveries.count() == 1
