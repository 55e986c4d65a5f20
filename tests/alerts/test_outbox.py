from datetime import timedelta

from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

import pytest
import responses

from alerts import outbox, publishing
from alerts.models import Alert, Delivery, WebhookEndpoint
from alerts.scripts import latest_revision
from tests.helpers.content import make_hub, make_message, override_crisis_mode

X_CREDS = {"X_API_KEY": "k", "X_API_SECRET": "s", "X_ACCESS_TOKEN": "t",
           "X_ACCESS_TOKEN_SECRET": "ts"}
TWEETS = "https://api.twitter.com/2/tweets"


def make_alert(**fields):
    values = {"event": "Boil water notice", "area_desc": "East Hill",
              "message": fields.pop("message", None) or make_message(
                  headline="Boil water in East Hill", social_text="Boil your water."),
              "severity": "Severe", "web": "https://portalder.example/updates/"}
    values.update(fields)
    return Alert.objects.create(**values)


@pytest.mark.django_db
def test_publish_writes_one_delivery_per_channel_and_shows_on_the_site(client, site):
    hub = make_hub()
    alert = make_alert()
    with override_crisis_mode(hub_page=hub):
        client.get("/")  # cached without the alert
        publishing.publish(alert)
        body = client.get("/").content.decode()
    assert 'id="crisis-banner"' in body and "Boil water in East Hill" in body
    channels = set(Delivery.objects.filter(alert=alert).values_list("channel", flat=True))
    assert channels == {"site", "agent_scripts", "x", "cap", "atom", "webhooks", "static_mirror",
                        "banner_check", "email", "sms"}
    states = dict(Delivery.objects.filter(alert=alert).values_list("channel", "state"))
    assert states["site"] == "delivered" and states["x"] == "skipped"  # no X credentials
    assert latest_revision(alert.message).version >= 1


@pytest.mark.django_db
def test_duplicate_publish_sends_nothing_twice(site):
    alert = publishing.publish(make_alert())
    before = list(Delivery.objects.values_list("pk", "attempts"))
    again = publishing.publish(alert)
    assert again.state == "active"
    assert list(Delivery.objects.values_list("pk", "attempts")) == before


@pytest.mark.django_db
@override_settings(**X_CREDS)
@responses.activate
def test_x_500_then_429_then_success_posts_exactly_once(site):
    responses.post(TWEETS, status=500, json={"title": "Internal Error"})
    responses.post(TWEETS, status=429, json={"title": "Too Many Requests"},
                   headers={"x-rate-limit-reset": str(int(timezone.now().timestamp()) + 30)})
    responses.post(TWEETS, status=201, json={"data": {"id": "1001", "text": "ok"}})
    alert = make_alert(channels=["x"])
    publishing.publish(alert)  # eager: first attempt -> 500, retry scheduled
    delivery = Delivery.objects.get(alert=alert, channel="x")
    assert delivery.state == "retrying" and "server error 500" in delivery.last_error
    outbox.deliver(delivery.pk)  # second attempt -> 429 honours the reset time
    delivery.refresh_from_db()
    wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
    assert delivery.state == "retrying" and 20 < wait <= 31
    outbox.deliver(delivery.pk)
    outbox.deliver(delivery.pk)  # a duplicated task after success is a no-op
    delivery.refresh_from_db()
    assert delivery.state == "delivered" and delivery.receipt["tweet_id"] == "1001"
    assert len(responses.calls) == 3
    assert responses.calls[-1].request.headers["Authorization"].startswith("OAuth ")


@pytest.mark.django_db
@override_settings(**X_CREDS)
@responses.activate
def test_updates_and_cancels_reply_in_the_alerts_thread(site):
    responses.post(TWEETS, status=201, json={"data": {"id": "500", "text": "a"}})
    responses.post(TWEETS, status=201, json={"data": {"id": "501", "text": "b"}})
    responses.post(TWEETS, status=201, json={"data": {"id": "502", "text": "c"}})
    alert = publishing.publish(make_alert(channels=["x"]))
    update = publishing.update(alert, message=make_message(social_text="Update: still boil."))
    publishing.cancel(update)
    import json

    bodies = [json.loads(call.request.body) for call in responses.calls]
    assert "reply" not in bodies[0]
    assert bodies[1]["reply"]["in_reply_to_tweet_id"] == "500"
    assert bodies[2]["reply"]["in_reply_to_tweet_id"] == "501"
    assert bodies[2]["text"].startswith("CANCELLED: ")
    assert Alert.objects.get(pk=alert.pk).state == "updated"
    assert Alert.objects.get(pk=update.pk).state == "cancelled"


@pytest.mark.django_db
@override_settings(**X_CREDS)
@responses.activate
def test_x_403_is_permanent_and_visible(site):
    responses.post(TWEETS, status=403, json={"detail": "You are not permitted to perform this "
                                                        "action.", "title": "Forbidden"})
    alert = publishing.publish(make_alert(channels=["x"]))
    delivery = Delivery.objects.get(alert=alert)
    assert delivery.state == "failed" and "403" in delivery.last_error
    assert len(responses.calls) == 1


@pytest.mark.django_db
@responses.activate
def test_webhook_is_signed_with_hmac_sha256(site):
    import hashlib
    import hmac

    WebhookEndpoint.objects.create(name="County EOC", url="https://eoc.example/hook",
                                   secret="s3cret")
    responses.post("https://eoc.example/hook", status=202)
    alert = publishing.publish(make_alert(channels=["webhooks"]))
    request = responses.calls[0].request
    timestamp = request.headers["X-Beacon-Timestamp"]
    expected = hmac.new(b"s3cret", f"{timestamp}.".encode() + request.body,
                        hashlib.sha256).hexdigest()
    assert request.headers["X-Beacon-Signature"] == f"sha256={expected}"
    assert request.headers["X-Beacon-Delivery"] == f"{alert.identifier}:webhooks"
    assert Delivery.objects.get(alert=alert).state == "delivered"


@pytest.mark.django_db
def test_sweeper_redispatches_deliveries_left_pending(site, monkeypatch):
    monkeypatch.setattr(outbox, "dispatch", lambda pk, countdown=None: False)  # broker dead
    alert = publishing.publish(make_alert(channels=["site", "cap"]))
    assert set(Delivery.objects.filter(alert=alert).values_list("state", flat=True)) == {"pending"}
    monkeypatch.undo()  # broker back
    assert outbox.sweep(now=timezone.now() + timedelta(minutes=2)) == 2
    assert set(Delivery.objects.filter(alert=alert).values_list("state", flat=True)) == {
        "delivered"}


@pytest.mark.django_db
def test_scheduled_alert_goes_live_and_expired_alert_comes_down(client, site):
    alert = make_alert()
    at = timezone.now() + timedelta(minutes=5)
    publishing.publish(alert, at=at)
    assert Alert.objects.get(pk=alert.pk).state == "scheduled"
    assert publishing.activate_due(now=at + timedelta(seconds=10))
    assert "Boil water in East Hill" in client.get("/").content.decode()
    Alert.objects.filter(pk=alert.pk).update(expires=timezone.now() - timedelta(seconds=1))
    assert publishing.expire_due()
    assert 'id="crisis-banner"' not in client.get("/").content.decode()


@pytest.mark.django_db
def test_alert_for_unpublished_message_is_refused(site):
    with pytest.raises(ValidationError, match="must be approved and published"):
        publishing.publish(make_alert(message=make_message(publish=False)))


@pytest.mark.django_db
def test_break_glass_needs_a_different_second_approver(django_user_model, site):
    publisher = django_user_model.objects.create_superuser("pub", "p@x.example", "pw")
    approver = django_user_model.objects.create_superuser("app", "a@x.example", "pw")
    alert = publishing.publish(make_alert(), publisher, break_glass=True,
                               confirm_missing_translations=True)
    assert alert.break_glass and alert.confirm_by > timezone.now()
    with pytest.raises(ValidationError, match="second person"):
        publishing.confirm_break_glass(alert, publisher)
    publishing.confirm_break_glass(alert, approver)
    from wagtail.models import ModelLogEntry

    actions = list(ModelLogEntry.objects.filter(object_id=str(alert.pk)).values_list(
        "action", flat=True))
    assert "beacon.alert.break_glass" in actions and "beacon.alert.confirm" in actions


def test_backoff_grows_and_has_jitter():
    first = [outbox.backoff_seconds(1) for _ in range(50)]
    fifth = [outbox.backoff_seconds(5) for _ in range(50)]
    assert max(first) <= 5 and min(fifth) >= 40 and len(set(fifth)) > 1


@pytest.mark.django_db
def test_dispatch_waits_for_commit(site, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.undo()  # the real transaction.on_commit
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        alert = publishing.publish(make_alert(channels=["site"]))
        # Written in the same transaction, not yet handed to Celery.
        assert Delivery.objects.get(alert=alert).state == "pending"
    assert callbacks


@pytest.mark.django_db
@override_settings(**X_CREDS)
@responses.activate
def test_channel_health_finds_a_403_before_the_crisis(admin_client):
    responses.get("https://api.twitter.com/2/users/me", status=403, json={
        "title": "Forbidden", "detail": "Your app is not permitted to use this endpoint."})
    page = admin_client.post("/admin/crisis-control/channels/", {"channel": "x"})
    body = page.content.decode()
    assert "Failed" in body and "403" in body


@pytest.mark.django_db
@override_settings(**X_CREDS)
@responses.activate
def test_channel_health_reports_the_authenticated_account():
    from alerts.channels import get_channel

    responses.get("https://api.twitter.com/2/users/me", status=200,
                  json={"data": {"id": "1", "name": "Port Alder", "username": "PortAlderCity"}})
    assert get_channel("x").test_connection() == (True, "Authenticated as @PortAlderCity")


@pytest.mark.django_db
def test_x_without_credentials_is_disabled_not_failed(admin_client):
    body = admin_client.get("/admin/crisis-control/").content.decode()
    assert "disabled" in body and "X_API_KEY" in body


@pytest.mark.django_db
def test_overdue_update_notifies_comms_once(django_user_model, site):
    from django.contrib.auth.models import Group
    from django.core import mail

    from alerts import notifications

    comms = django_user_model.objects.create_user("c", "comms@portalder.example", "pw")
    comms.groups.add(Group.objects.get(name="Communications"))
    alert = publishing.publish(make_alert(next_update_by=timezone.now() + timedelta(minutes=30)))
    assert notifications.notify_overdue_updates() == []
    later = timezone.now() + timedelta(minutes=31)
    assert [a.pk for a in notifications.notify_overdue_updates(later)] == [alert.pk]
    assert notifications.notify_overdue_updates(later) == []
    assert len(mail.outbox) == 1 and "update overdue" in mail.outbox[0].subject.lower()


@pytest.mark.django_db
def test_each_reminder_goes_out_once_and_one_does_not_silence_the_other(django_user_model, site):
    """Overdue update and unconfirmed break-glass used to share one "notified at" field:
    once one email went out, the other never did."""
    from django.contrib.auth.models import Group
    from django.core import mail

    from alerts import notifications
    from alerts.models import Alert

    comms = django_user_model.objects.create_user("c", "comms@portalder.example", "pw")
    comms.groups.add(Group.objects.get(name="Communications"))
    alert = publishing.publish(make_alert())
    now = timezone.now()
    Alert.objects.filter(pk=alert.pk).update(break_glass=True, confirm_by=now + timedelta(minutes=5),
                                             next_update_by=now + timedelta(minutes=10))
    assert [a.pk for a in notifications.notify_overdue_updates(now + timedelta(minutes=11))] == [
        alert.pk]
    assert [a.pk for a in notifications.notify_unconfirmed_break_glass(
        now + timedelta(minutes=12))] == [alert.pk]
    assert notifications.notify_overdue_updates(now + timedelta(minutes=13)) == []
    assert notifications.notify_unconfirmed_break_glass(now + timedelta(minutes=13)) == []
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == ["[Beacon] Alert update overdue", "[Beacon] Break-glass alert not confirmed"]
    publishing.cancel(Alert.objects.get(pk=alert.pk))  # ended: no reminder of either kind
    Alert.objects.filter(pk=alert.pk).update(update_overdue_notified_at=None,
                                             break_glass_notified_at=None)
    assert notifications.notify_overdue_updates(now + timedelta(minutes=20)) == []
    assert notifications.notify_unconfirmed_break_glass(now + timedelta(minutes=20)) == []


@pytest.mark.django_db
def test_break_glass_publishes_a_message_still_waiting_for_review(django_user_model, site):
    from django.contrib.auth.models import Group

    publisher = django_user_model.objects.create_user("comms", "c@x.example", "pw")
    publisher.groups.add(Group.objects.get(name="Communications"))
    message = make_message(headline="Draft: evacuate Harbor", publish=False)
    message.save_revision(user=publisher)
    message.get_workflow().start(message, publisher)  # in review, not live
    alert = make_alert(message=message)
    with pytest.raises(ValidationError, match="must be approved and published"):
        publishing.publish(alert, publisher)
    published = publishing.publish(alert, publisher, break_glass=True,
                                   confirm_missing_translations=True)
    message.refresh_from_db()
    assert published.state == "active" and message.live
    assert message.current_workflow_state is None  # review cancelled, not silently pending


@pytest.mark.django_db
def test_people_must_confirm_publishing_without_translations(django_user_model, site):
    publisher = django_user_model.objects.create_superuser("pub2", "p2@x.example", "pw")
    alert = make_alert()
    with pytest.raises(ValidationError, match="no Español or العربية translation"):
        publishing.publish(alert, publisher)
    assert Alert.objects.get(pk=alert.pk).state == "draft"
    published = publishing.publish(alert, publisher, confirm_missing_translations=True)
    assert published.state == "active"


@pytest.mark.django_db
@override_settings(X_THREAD_LANGUAGES=["es"], **X_CREDS)
@responses.activate
def test_x_posts_the_spanish_version_in_the_thread_without_reposting_on_retry(site):
    import json

    from wagtail.models import Locale

    message = make_message(headline="Boil water", social_text="Boil your water.")
    spanish = message.copy_for_translation(Locale.objects.get(language_code="es"))
    spanish.social_text = "Hierva el agua."
    spanish.save()
    spanish.save_revision().publish()
    responses.post(TWEETS, status=201, json={"data": {"id": "700", "text": "en"}})
    responses.post(TWEETS, status=429, json={"title": "Too Many Requests"})
    responses.post(TWEETS, status=201, json={"data": {"id": "701", "text": "es"}})
    alert = publishing.publish(make_alert(message=message, channels=["x"]))
    delivery = Delivery.objects.get(alert=alert)
    assert delivery.state == "retrying" and delivery.receipt["tweet_id"] == "700"
    outbox.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.state == "delivered"
    assert delivery.receipt["translations"] == {"es": "701"}
    bodies = [json.loads(call.request.body) for call in responses.calls]
    assert [b["text"].split(" http")[0] for b in bodies] == [
        "Boil your water.", "Hierva el agua.", "Hierva el agua."]
    # each post links the alert's page in its own language, as the emails do
    assert bodies[0]["text"].endswith(f"/alerts/{delivery.alert_id}/")
    assert bodies[2]["text"].endswith(f"/es/alerts/{delivery.alert_id}/")
    assert bodies[2]["reply"]["in_reply_to_tweet_id"] == "700"
