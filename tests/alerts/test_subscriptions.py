"""Subscriptions end to end: a real SMTP server (aiosmtpd) receives the confirmation and the
alerts; the SMS provider's real client code runs against a faked Twilio API (responses)."""

import base64
import hashlib
import hmac
import re
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.core.cache import cache
from django.utils import timezone

from wagtail.models import Locale

import pytest
import responses

from alerts import fanout, publishing, subscriptions
from alerts.models import Notification, Subscriber
from tests.alerts.test_outbox import make_alert
from tests.helpers.areas import city_areas
from tests.helpers.content import make_message
from tests.helpers.sms import TWILIO, sms, texts  # noqa: F401 - the sms fixture, for importers too


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()  # rate-limit counters live in the (local-memory) cache
    yield
    cache.clear()


def path_of(link):
    return urlsplit(link).path


def sign_up(client, prefix="", **fields):
    """The form is shown first, as to a resident, and sent back with its one-time token:
    a code is texted only from a form that was shown (alerts.sms_guard)."""
    page = client.get(f"{prefix}/subscribe/").content.decode()
    challenge = re.search(r'name="challenge" value="([^"]*)"', page).group(1)
    data = {"areas": ["east-hill"], "language": "en", "consent": "on",
            "challenge": challenge, **fields}
    return client.post(f"{prefix}/subscribe/", data)


def confirmed(address, areas=(), language="en", whole_city=False, kind="email"):
    subscriber = Subscriber.objects.create(kind=kind, address=address, language=language,
                                           whole_city=whole_city, consented_at=timezone.now(),
                                           confirmed_at=timezone.now())
    subscriber.areas.set(areas)
    return subscriber


def spanish_copy(message, headline, sms_text):
    copy = message.copy_for_translation(Locale.objects.get(language_code="es"))
    copy.headline, copy.sms_text = headline, sms_text
    copy.save()
    copy.save_revision().publish()
    return copy


@pytest.mark.django_db
def test_email_double_opt_in_confirms_only_on_the_button(client, site, smtp_server):
    city_areas()
    page = sign_up(client, "/es", email="ana@example.org", language="es").content.decode()
    assert "ana@example.org" in page
    subscriber = Subscriber.objects.get()
    assert (subscriber.language, subscriber.confirmed) == ("es", False)
    assert [a.slug for a in subscriber.areas.all()] == ["east-hill"]
    [mail] = smtp_server.to("ana@example.org")
    assert mail["Subject"].startswith("Confirme sus avisos")  # in the language chosen
    link = re.search(r"https?://\S+/subscribe/confirm/\S+/", mail.get_content()).group(0)
    assert path_of(link).startswith("/es/subscribe/confirm/")
    landing = client.get(path_of(link))  # what a mail scanner does
    assert landing.status_code == 200 and 'method="post"' in landing.content.decode()
    subscriber.refresh_from_db()
    assert not subscriber.confirmed
    done = client.post(path_of(link)).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed and "/subscribe/manage/" in done


@pytest.mark.django_db
def test_a_confirmation_link_expires_after_48_hours(client, site, smtp_server, monkeypatch):
    city_areas()
    sign_up(client, email="late@example.org")
    [mail] = smtp_server.to("late@example.org")
    link = path_of(re.search(r"https?://\S+/subscribe/confirm/\S+/", mail.get_content()).group(0))
    later = time.time() + 49 * 3600
    monkeypatch.setattr("time.time", lambda: later)  # Django signing and Fernet alike
    assert client.get(link).status_code == 400
    assert client.post(link).status_code == 400
    assert not Subscriber.objects.get().confirmed
    tampered = link.replace("/confirm/", "/confirm/x")
    monkeypatch.undo()
    assert client.get(tampered).status_code == 400


@pytest.mark.django_db
def test_alerts_reach_subscribers_of_their_areas_in_their_language(client, site, smtp_server):
    areas = city_areas()
    ana = confirmed("ana@example.org", [areas["east-hill"]], language="es")
    confirmed("bob@example.org", [areas["westside"]])
    confirmed("carla@example.org", whole_city=True)
    Subscriber.objects.create(kind="email", address="dan@example.org",
                              consented_at=timezone.now()).areas.set([areas["east-hill"]])
    message = make_message(headline="Boil water in East Hill", sms_text="Boil tap water 1 min.")
    spanish_copy(message, "Hierva el agua en East Hill", "Hierva el agua 1 minuto.")
    alert = make_alert(message=message, area_desc="")
    alert.areas.set([areas["east-hill"]])
    alert = publishing.publish(alert)
    [to_ana] = smtp_server.to("ana@example.org")
    assert to_ana["Subject"] == "Hierva el agua en East Hill"
    assert "Hierva el agua 1 minuto." in to_ana.get_content()
    assert "Dónde: Colina Este" in to_ana.get_content()  # the area, named in Spanish
    assert smtp_server.to("bob@example.org") == []  # another area
    assert smtp_server.to("dan@example.org") == []  # never confirmed
    [to_carla] = smtp_server.to("carla@example.org")
    assert to_carla["Subject"] == "Boil water in East Hill"
    assert to_carla["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.sub(r"\s", "", str(to_carla["List-Unsubscribe"])).strip("<>")
    assert fanout.progress(alert) == {"email": {"sent": 2, "pending": 0, "failed": 0}}
    # Delivering this version again sends nothing twice.
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert fanout.plan(alert, "email") == 2 and fanout.send_batch(ids) == {}
    assert len(smtp_server.messages) == 2
    # An update reaches the same people; RFC 8058 one-click unsubscribe forgets carla.
    publishing.update(alert, message=message)
    assert len(smtp_server.to("carla@example.org")) == 2
    assert smtp_server.to("carla@example.org")[1]["Subject"].startswith("Update:")
    response = client.post(path_of(unsubscribe), "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not Subscriber.objects.filter(address="carla@example.org").exists()
    assert Subscriber.objects.filter(pk=ana.pk).exists()


@pytest.mark.django_db
def test_a_worker_dying_mid_batch_loses_nothing_and_repeats_nothing(site, smtp_server):
    areas = city_areas()
    for n in range(6):
        confirmed(f"r{n}@example.org", [areas["harbor"]])
    alert = make_alert(area_desc="")
    alert.areas.set([areas["harbor"]])
    fanout.plan(alert, "email")
    ids = list(Notification.objects.order_by("pk").values_list("pk", flat=True))
    fanout.send_batch(ids[:2])  # a first batch went out
    fanout.claim(ids[2:])  # a worker took the rest and was killed before sending
    assert len(smtp_server.messages) == 2
    assert fanout.sweep() == 0  # its claim is still fresh: nobody else touches those rows
    assert fanout.sweep(timezone.now() + fanout.STALE_CLAIM + timedelta(seconds=1)) == 4
    got = sorted(recipients[0] for recipients, _ in smtp_server.messages)
    assert got == sorted(f"r{n}@example.org" for n in range(6))  # each exactly once
    assert set(Notification.objects.values_list("state", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_sms_code_opt_in_alert_text_and_stop(client, site, sms, settings):  # noqa: F811
    areas = city_areas()
    sign_up(client, phone="(555) 010-2000", areas=["harbor"])
    subscriber = Subscriber.objects.get()
    assert (subscriber.kind, subscriber.address) == ("sms", "+15550102000")
    [code_text] = texts(sms)
    assert code_text["To"] == ["+15550102000"] and code_text["From"] == ["+15550100000"]
    code = re.search(r"\b(\d{6})\b", code_text["Body"][0]).group(1)
    wrong = "000000" if code != "000000" else "111111"
    assert client.post("/subscribe/code/", {"phone": "555-010-2000", "code": wrong}
                       ).status_code == 400
    assert client.post("/subscribe/code/", {"phone": "555-010-2000", "code": code}
                       ).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.confirmed
    alert = make_alert(message=make_message(sms_text="Harbor Bridge closed. Use Quay St."),
                       area_desc="")
    alert.areas.set([areas["harbor"]])
    publishing.publish(alert)
    alert_text = texts(sms)[-1]
    assert alert_text["Body"][0].startswith("Harbor Bridge closed. Use Quay St.")
    # STOP, signed as Twilio signs its webhooks, forgets the number; a forged one does not.
    url = "http://testserver/subscribe/sms/inbound"
    params = {"From": "+15550102000", "Body": "stop"}
    data = url + "".join(f"{k}{v}" for k, v in sorted(params.items()))
    signature = base64.b64encode(hmac.new(b"twilio-secret", data.encode(),
                                          hashlib.sha1).digest()).decode()
    forged = client.post("/subscribe/sms/inbound", params, HTTP_X_TWILIO_SIGNATURE="bad")
    assert forged.status_code == 403 and Subscriber.objects.exists()
    reply = client.post("/subscribe/sms/inbound", params, HTTP_X_TWILIO_SIGNATURE=signature)
    assert reply.status_code == 200 and "<Message>" in reply.content.decode()
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
def test_sms_provider_429_puts_texts_back_for_later(site, sms):  # noqa: F811
    areas = city_areas()
    confirmed("+15550103000", [areas["harbor"]], kind="sms")
    sms.replace(responses.POST, TWILIO, json={"code": 20429, "message": "Too Many Requests"},
                status=429, headers={"Retry-After": "30"})
    alert = make_alert(area_desc="")
    alert.areas.set([areas["harbor"]])
    fanout.plan(alert, "sms")
    result = fanout.send_batch(list(Notification.objects.values_list("pk", flat=True)))
    row = Notification.objects.get()
    assert result == {"retry": 1} and (row.state, row.attempts) == ("pending", 1)
    assert "429" in row.last_error
    sms.replace(responses.POST, TWILIO, json={"sid": "SM2"}, status=201)
    fanout.sweep(timezone.now() + fanout.STUCK_PENDING + timedelta(seconds=1))
    assert Notification.objects.get().state == "sent"


@pytest.mark.django_db
def test_manage_link_changes_areas_and_language_or_deletes_everything(client, site):
    areas = city_areas()
    subscriber = confirmed("eve@example.org", [areas["harbor"]])
    manage = path_of(subscriptions.manage_link(subscriber))
    page = client.get(manage).content.decode()
    assert 'value="harbor"' in page and "checked" in page
    client.post(manage, {"areas": ["east-hill", "westside"], "language": "ar"})
    subscriber.refresh_from_db()
    assert subscriber.language == "ar"
    assert sorted(subscriber.areas.values_list("slug", flat=True)) == ["east-hill", "westside"]
    client.post(manage, {"areas": ["whole-city"], "language": "ar"})
    subscriber.refresh_from_db()
    assert subscriber.whole_city and not subscriber.areas.exists()
    client.post(manage, {"delete": "yes"})
    assert not Subscriber.objects.exists()
    assert client.get(manage).status_code == 400  # the link dies with the subscription


@pytest.mark.django_db
def test_bad_input_and_abuse_get_clear_answers(client, site, smtp_server):
    city_areas()
    neither = sign_up(client).content.decode()
    assert "email address, a mobile number, or both" in neither
    no_consent = client.post("/subscribe/", {"email": "x@example.org", "areas": ["harbor"],
                                             "language": "en"}).content.decode()
    assert "Tick the box" in no_consent
    bad_phone = sign_up(client, phone="12").content.decode()
    assert "10 digits with its area code" in bad_phone
    not_a_phone = sign_up(client, phone="+44 12").content.decode()
    assert "can receive text messages" in not_a_phone
    assert not Subscriber.objects.exists()
    for _ in range(3):
        assert sign_up(client, email="target@example.org").status_code == 200
    flooded = sign_up(client, email="target@example.org")
    assert flooded.status_code == 429  # a fourth message to one address in an hour: refused
    assert len(smtp_server.to("target@example.org")) == 3


@pytest.mark.django_db
def test_unconfirmed_sign_ups_are_deleted_after_48_hours(site):
    areas = city_areas()
    old = Subscriber.objects.create(kind="email", address="old@example.org",
                                    consented_at=timezone.now() - timedelta(hours=49))
    fresh = Subscriber.objects.create(kind="email", address="new@example.org",
                                      consented_at=timezone.now())
    kept = confirmed("kept@example.org", [areas["harbor"]])
    kept.consented_at = timezone.now() - timedelta(days=30)
    kept.save()
    assert subscriptions.purge_unconfirmed() == 1
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {fresh.pk, kept.pk}
    assert not Subscriber.objects.filter(pk=old.pk).exists()


@pytest.mark.django_db
def test_a_cancel_says_the_alert_is_over_and_never_repeats_its_instructions(
        client, site, smtp_server, sms):  # noqa: F811
    """A crisis-day probe: the cancel texted "CANCELLED: Port Alder: DO NOT DRINK tap water
    ... even boiled", the email repeated "What to do: DO NOT DRINK", and the CAP cancel and
    the feed said "do not drink until further notice"."""
    from alerts.cap import render_alert
    from alerts.models import Alert

    areas = city_areas()
    confirmed("carla@example.org", whole_city=True)
    confirmed("+15550102000", whole_city=True, kind="sms", language="es")
    message = make_message(headline="Do not drink tap water in East Hill",
                           sms_text="DO NOT DRINK tap water, even boiled.")
    spanish_copy(message, "No beba agua del grifo en East Hill",
                 "NO BEBA agua del grifo, ni hervida.")
    alert = make_alert(message=message, area_desc="")
    alert.areas.set([areas["east-hill"]])
    alert = publishing.publish(alert)
    ended = publishing.cancel(alert)
    mail = smtp_server.to("carla@example.org")[-1]
    assert mail["Subject"] == "Cancelled: Do not drink tap water in East Hill"
    body = mail.get_content()
    assert "It is no longer in force: do not follow its earlier instructions." in body
    assert "DO NOT DRINK" not in body and "What to do:" not in body
    text = texts(sms)[-1]["Body"][0]
    assert text.startswith("CANCELADO: No beba agua del grifo en East Hill. Este aviso ya no "
                           "está vigente."), text
    assert "NO BEBA" not in text
    cap = render_alert(Alert.objects.get(pk=ended.pk)).decode()
    assert "DO NOT DRINK" not in cap and "<instruction>" not in cap
    assert "This alert is no longer in force." in cap
    feed = client.get("/alerts/feed.atom").content.decode()
    assert "DO NOT DRINK" not in feed
