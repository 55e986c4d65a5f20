"""What was sent stays what was sent; what goes out was approved; cancelling asks first."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

import pytest
from lxml import etree

from alerts import publishing
from alerts.api import issue_token
from alerts.forms import AlertForm
from alerts.models import Alert
from content.models import Message
from tests.alerts.test_outbox import make_alert
from tests.helpers.content import make_hub, make_message

CAP = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}


@pytest.fixture
def commits_now(monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.mark.django_db
def test_a_sent_cap_document_never_changes_and_an_edit_goes_out_as_an_update(
        client, site, commits_now):
    make_hub()
    alert = publishing.publish(make_alert(message=make_message(
        headline="Shelter open at Pier 4", sms_text="Go to Pier 4.")))
    sent = client.get(f"/alerts/cap/{alert.pk}.xml").content
    message = Message.objects.get(pk=alert.message_id)
    message.headline = "Shelter moved to Pier 6"
    message.sms_text = "Go to Pier 6."
    message.save_revision().publish()

    assert client.get(f"/alerts/cap/{alert.pk}.xml").content == sent  # byte for byte
    update = Alert.objects.get(references=alert)
    assert update.msg_type == "Update" and update.state == "active"
    document = etree.fromstring(client.get(f"/alerts/cap/{update.pk}.xml").content)
    assert document.findtext("cap:msgType", namespaces=CAP) == "Update"
    assert alert.identifier in document.findtext("cap:references", namespaces=CAP)
    assert document.findtext("cap:identifier", namespaces=CAP) != alert.identifier
    assert document.findtext("cap:info/cap:headline", namespaces=CAP) == "Shelter moved to Pier 6"
    # every channel of the alert hears about it, not only the web
    assert {d.channel for d in update.deliveries.all()} == {d.channel for d in alert.deliveries.all()}
    index = etree.fromstring(client.get("/alerts/cap.atom").content)
    links = [e.get("href") for e in index.iter("{http://www.w3.org/2005/Atom}link")
             if e.get("type") == "application/cap+xml"]
    assert any(link.endswith(f"/alerts/cap/{update.pk}.xml") for link in links)
    assert not any(link.endswith(f"/alerts/cap/{alert.pk}.xml") for link in links)


@pytest.mark.django_db
def test_a_script_only_edit_updates_the_agents_not_peoples_phones(site, commits_now):
    """A crisis-day probe changed only the agents' script of a live alert's message: every
    resident was texted and emailed the same words again. The update still reaches the
    site, the agents, CAP and the feeds; texts, emails and X only when their words change."""
    alert = publishing.publish(make_alert(
        message=make_message(headline="Shelter open at Pier 4", sms_text="Go to Pier 4."),
        channels=["atom", "cap", "agent_scripts", "email", "sms", "x"]))
    message = Message.objects.get(pk=alert.message_id)
    message.script_say = "Tell callers the shelter has cots and water."
    message.save_revision().publish()
    quiet = Alert.objects.get(references=alert)
    assert quiet.msg_type == "Update" and quiet.state == "active"
    assert quiet.quiet and set(publishing.channel_names(quiet)) == {"atom", "cap",
                                                                     "agent_scripts"}
    assert not quiet.deliveries.filter(channel__in=["email", "sms", "x"]).exists()
    message = Message.objects.get(pk=alert.message_id)
    message.sms_text = "Go to Pier 6."
    message.save_revision().publish()
    loud = Alert.objects.get(references=quiet)
    assert {"email", "sms", "x"} <= set(publishing.channel_names(loud))


@pytest.mark.django_db
def test_break_glass_refuses_a_headline_only_draft_before_anything_goes_live(
        django_user_model, site):
    publisher = django_user_model.objects.create_user("comms", "c@x.example", "pw")
    publisher.groups.add(Group.objects.get(name="Communications"))
    message = Message.objects.create(live=False, headline="Evacuate Harbor now",
                                     body="<p> </p>")
    message.save_revision(user=publisher)
    alert = make_alert(message=message)
    with pytest.raises(ValidationError, match="needs a body .* and an SMS text"):
        publishing.publish(alert, publisher, break_glass=True, confirm_missing_translations=True)
    message.refresh_from_db()
    assert not message.live and Alert.objects.get(pk=alert.pk).state == "draft"


@pytest.mark.django_db
def test_api_refuses_an_alert_whose_message_has_no_description(client, django_user_model, site):
    user = django_user_model.objects.create_superuser("eoc", "e@x.example", "pw")
    message = make_message(headline="Headline only", body="<p> </p>", sms_text="")
    response = client.post("/api/v1/alerts/", {
        "message_id": message.pk, "event": "Flood", "area_desc": "Harbor", "publish": True,
        "confirm_missing_translations": True}, content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {issue_token(user)}")
    assert response.status_code == 400 and "needs a body" in response.json()["error"]
    assert not Alert.objects.exists()


@pytest.mark.django_db
def test_communications_cannot_side_step_review(django_user_model, site):
    writer = django_user_model.objects.create_user("comms", "c@x.example", "pw")
    writer.groups.add(Group.objects.get(name="Communications"))
    assert writer.has_perm("content.change_message")
    assert not writer.has_perm("content.publish_message")  # publishing is the reviewers'
    approver = django_user_model.objects.create_user("approver", "a@x.example", "pw")
    approver.groups.add(Group.objects.get(name="Comms approvers"))
    assert approver.has_perm("content.publish_message")
    message = Message.objects.create(live=False, headline="Curfew 9 p.m.",
                                     body="<p>Stay home.</p>", sms_text="Stay home after 9.")
    message.save_revision(user=writer)
    with pytest.raises(ValidationError, match="must be approved"):
        publishing.publish(make_alert(message=message), writer, confirm_missing_translations=True)


@pytest.mark.django_db
def test_cancel_shows_every_channel_and_waits_for_confirmation(admin_client, site, commits_now):
    alert = publishing.publish(make_alert(message=make_message(headline="Harbor Bridge closed")))
    page = admin_client.get(f"/admin/crisis-control/{alert.pk}/cancel/")
    body = page.content.decode()
    assert page.status_code == 200 and "Yes, cancel it on every channel" in body
    assert "&lt;msgType&gt;Cancel&lt;/msgType&gt;" in body  # the CAP Cancel, shown first
    admin_client.post(f"/admin/crisis-control/{alert.pk}/cancel/")  # no confirmation
    assert Alert.objects.get(pk=alert.pk).state == "active"
    admin_client.post(f"/admin/crisis-control/{alert.pk}/cancel/", {"confirm": "yes"})
    assert Alert.objects.get(pk=alert.pk).state == "cancelled"
    detail = admin_client.get(f"/admin/crisis-control/{alert.pk}/").content.decode()
    assert "{&#x27;" not in detail and "<dt>Address</dt>" in detail  # receipts as fields


@pytest.mark.django_db
def test_message_choices_are_in_the_sites_language_only(site):
    from wagtail.models import Locale

    english = make_message(headline="Roads icy")
    spanish = english.copy_for_translation(Locale.objects.get(language_code="es"))
    spanish.headline = "Carreteras heladas"
    spanish.save()
    choices = {m.headline for m in AlertForm().fields["message"].queryset}
    assert "Roads icy" in choices and "Carreteras heladas" not in choices
