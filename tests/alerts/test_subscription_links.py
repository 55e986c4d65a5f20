"""Subscription links and the sign-up under a prober (issue 23 point 10): links are
opaque, manage links expire while unsubscribe links keep working (RFC 8058), a link that
is not ours never says "unsubscribed", tokens stay out of logs, sign-up does the same
work for known and new addresses, and 'Stop.' stops."""

import base64
import hashlib
import hmac
import logging
import re
import time
import urllib.error
import urllib.request

from django.core import mail, signing

import pytest

from alerts import subscriptions
from alerts.models import Subscriber
from portal.access_log import RedactTokens
from tests.alerts.test_subscriptions import confirmed, path_of, sign_up
from tests.helpers.areas import city_areas

DAY = 86400


def _readable(token):
    """Everything a base64 decode of the token's parts shows."""
    shown = []
    for part in re.split(r"[:.]", token):
        try:
            shown.append(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
        except ValueError:
            pass
    return b" ".join(shown)


@pytest.mark.django_db
def test_links_show_neither_the_id_nor_a_hash_of_the_address(site):
    subscriber = confirmed("eve@example.org")
    unsalted = hashlib.sha256(b"eve@example.org").hexdigest()[:16].encode()
    for purpose in ("confirm", "manage", "unsubscribe"):
        token = subscriptions.make_token(subscriber, purpose)
        shown = _readable(token)
        assert unsalted not in shown and f"[{subscriber.pk},".encode() not in shown
        assert subscriptions.read_token(token, purpose) == subscriber
    # a token for one purpose opens nothing else
    with pytest.raises(subscriptions.BadLink):
        subscriptions.read_token(subscriptions.make_token(subscriber, "unsubscribe"), "manage")


@pytest.mark.django_db
def test_manage_links_expire_but_one_click_unsubscribe_works_a_year_later(client, site,
                                                                          monkeypatch):
    areas = city_areas()
    subscriber = confirmed("late@example.org", [areas["harbor"]])
    manage = path_of(subscriptions.manage_link(subscriber))
    unsubscribe = path_of(subscriptions.unsubscribe_link(subscriber))
    now = time.time()
    monkeypatch.setattr("time.time", lambda: now + 29 * DAY)
    assert client.get(manage).status_code == 200
    monkeypatch.setattr("time.time", lambda: now + 31 * DAY)
    expired = client.get(manage)
    assert expired.status_code == 400 and "It has expired" in expired.content.decode()
    monkeypatch.setattr("time.time", lambda: now + 400 * DAY)
    done = client.post(unsubscribe)  # the mail client's one-click, no cookie, no form
    assert done.status_code == 200 and not Subscriber.objects.exists()
    again = client.post(unsubscribe)
    assert again.status_code == 200 and "already unsubscribed" in again.content.decode()


@pytest.mark.django_db
def test_unsubscribe_links_sent_before_opaque_tokens_still_work(client, site):
    subscriber = confirmed("old@example.org")
    legacy = [subscriber.pk, hashlib.sha256(b"old@example.org").hexdigest()[:16]]
    manage = signing.dumps(legacy, salt="beacon.subscription.manage")
    assert client.get(f"/subscribe/manage/{manage}/").status_code == 400  # expired
    unsubscribe = signing.dumps(legacy, salt="beacon.subscription.unsubscribe")
    assert client.post(f"/subscribe/unsubscribe/{unsubscribe}/").status_code == 200
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["not-a-token", "gAAAAABnot-really", "x" * 300])
def test_a_one_click_with_a_link_that_is_not_ours_says_nothing_changed(client, site, token):
    confirmed("eve@example.org")
    response = client.post(f"/subscribe/unsubscribe/{token}/")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was changed" in page and "no more alerts" not in page
    assert Subscriber.objects.count() == 1
    spanish = client.post(f"/es/subscribe/unsubscribe/{token}/").content.decode()
    assert "No se cambió nada" in spanish
    arabic = client.post(f"/ar/subscribe/unsubscribe/{token}/").content.decode()
    assert "لم يتغير شيء" in arabic


@pytest.mark.django_db
def test_known_and_new_addresses_go_through_the_same_writes(client, site, monkeypatch):
    areas = city_areas()
    known = confirmed("known@example.org", [areas["harbor"]])
    calls = []
    real = subscriptions._record_consent
    monkeypatch.setattr(subscriptions, "_record_consent",
                        lambda subscriber, **kw: calls.append(kw["keep"]) or real(subscriber, **kw))
    assert sign_up(client, email="known@example.org", language="es").status_code == 200
    assert sign_up(client, email="new@example.org").status_code == 200
    assert calls == [False, True]  # the same function, the same writes; only one is kept
    known.refresh_from_db()
    assert known.language == "en" and [a.slug for a in known.areas.all()] == ["harbor"]
    assert sorted(m.to[0] for m in mail.outbox) == ["known@example.org", "new@example.org"]
    assert Subscriber.objects.get(address="new@example.org").confirmed_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["a@localhost", "a@mail.localhost", "a@[127.0.0.1]",
                                     "a@127.0.0.1", "a@[IPv6:::1]", "a@intranet"])
def test_addresses_at_localhost_or_an_ip_literal_are_refused(client, site, address):
    city_areas()
    response = sign_up(client, email=address)
    page = response.content.decode()  # (Django's own validator refuses some already)
    assert "real domain name" in page or "Enter a valid email address" in page
    assert not Subscriber.objects.exists() and not mail.outbox


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["Stop.", " stop! ", "STOP ALL", "Alto."])
def test_stop_with_punctuation_stops(client, site, settings, body):
    settings.SMS_AUTH_TOKEN = "twilio-secret"
    confirmed("+15550102000", kind="sms")
    url = "http://testserver/subscribe/sms/inbound"
    params = {"From": "+15550102000", "Body": body}
    data = url + "".join(f"{k}{v}" for k, v in sorted(params.items()))
    signature = base64.b64encode(hmac.new(b"twilio-secret", data.encode(),
                                          hashlib.sha1).digest()).decode()
    reply = client.post("/subscribe/sms/inbound", params, HTTP_X_TWILIO_SIGNATURE=signature)
    assert reply.status_code == 200 and not Subscriber.objects.exists()


@pytest.mark.django_db
def test_tokens_stay_out_of_django_and_granian_logs(client, site, caplog):
    subscriber = confirmed("eve@example.org")
    token = subscriptions.make_token(subscriber, "manage")
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(f"/subscribe/manage/{token}x/")  # a 400 Django logs with its path
    assert caplog.records and token not in caplog.text and "[token]" in caplog.text
    # Granian logs {"path": ...} through the 'granian.access' logger
    assert any(isinstance(f, RedactTokens) for f in logging.getLogger("granian.access").filters)
    record = logging.LogRecord("granian.access", logging.INFO, "", 0, '%(path)s %(status)d',
                               ({"path": f"/es/subscribe/unsubscribe/{token}/",
                                 "status": 200},), None)
    RedactTokens().filter(record)
    assert record.getMessage() == "/es/subscribe/unsubscribe/[token]/ 200"
    response = client.get(f"/subscribe/manage/{token}/")
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.nginx
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_shipped_nginx_logs_no_tokens(shipped_nginx, site):
    subscriber = confirmed("eve@example.org")
    token = subscriptions.make_token(subscriber, "unsubscribe")
    manage = subscriptions.make_token(subscriber, "manage")
    for path in (f"/subscribe/unsubscribe/{token}/", f"/es/subscribe/manage/{manage}/?a=1"):
        try:
            urllib.request.urlopen(shipped_nginx.url + path, timeout=10).close()  # noqa: S310
        except urllib.error.HTTPError as error:
            raise AssertionError(error.read().decode()[-3000:]) from error
    deadline = time.monotonic() + 10
    while True:  # nginx writes a line once the response has gone out
        with open(f"{shipped_nginx.tmp}/access.log") as handle:
            log = handle.read()
        if log.count("/subscribe/") >= 2 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert token not in log and manage not in log
    assert "GET /subscribe/unsubscribe/[token]/ HTTP/1.1" in log
    assert "GET /es/subscribe/manage/[token]/?a=1 HTTP/1.1" in log
