"""Plain-text channels carry the characters as written: `&`, `'`, `"`, `<`, `>` and Arabic
arrive once, never as `&amp;`, `&#x27;` or `&amp;amp;` (issue 24, point 2).

XML channels (CAP, Atom) are parsed with lxml, so what a CAP reader shows is what is
compared; their raw bytes are also checked for double escaping."""

import json
from html import escape
from urllib.parse import parse_qs

from django.test import override_settings

from wagtail.models import Locale

import pytest
import responses
from lxml import etree

from alerts import publishing
from alerts.channels.x import compose_post
from alerts.models import WebhookEndpoint
from content.text_safety import plain_text
from tests.alerts.test_outbox import TWEETS, X_CREDS, make_alert
from tests.alerts.test_subscriptions import TWILIO, confirmed, sms  # noqa: F401 - a fixture
from tests.helpers.content import make_message

HEADLINE = "Police & Fire: don't use Main St"
QUOTED = '"Mill St" <north>'
ARABIC = "الشرطة والإطفاء: لا تستخدموا «الشارع الرئيسي» & <الشمال>"
SMS_TEXT = f"{HEADLINE}. {QUOTED} is closed. {ARABIC}"
BODY_LINES = [HEADLINE, f"{QUOTED} is closed.", ARABIC]
ESCAPES = ("&amp;", "&#x27;", "&#39;", "&quot;", "&lt;", "&gt;")

CAP = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def tricky_message():
    return make_message(headline=HEADLINE, sms_text=SMS_TEXT, social_text=SMS_TEXT,
                        body="".join(f"<p>{escape(line)}</p>" for line in BODY_LINES))


def arabic_copy(message):
    copy = message.copy_for_translation(Locale.objects.get(language_code="ar"))
    copy.headline, copy.sms_text = ARABIC, ARABIC
    copy.body = f"<p>{escape(ARABIC)}</p><p>{escape(QUOTED)}</p>"
    copy.save()
    copy.save_revision().publish()
    return copy


def no_escapes(text):
    return not any(entity in text for entity in ESCAPES)


def test_plain_text_decodes_rich_text_once_with_a_line_per_paragraph():
    rich = "<p>Police &amp; Fire: don&#x27;t</p><ul><li>&quot;Mill St&quot; &lt;north&gt;</li>" \
           "<li>a &amp;amp; b</li></ul>"
    assert plain_text(rich) == "Police & Fire: don't\n\"Mill St\" <north>\na &amp; b"


@pytest.mark.django_db
def test_email_subject_and_text_part(site, smtp_server):
    confirmed("en@example.org", whole_city=True)
    confirmed("ar@example.org", whole_city=True, language="ar")
    message = tricky_message()
    arabic_copy(message)
    publishing.publish(make_alert(message=message, area_desc="", channels=["email"]))
    [english] = smtp_server.to("en@example.org")
    assert english["Subject"] == HEADLINE
    text = english.get_content().replace("\r\n", "\n")  # SMTP's line ends
    assert f"\n{HEADLINE}\n" in f"\n{text}"
    assert SMS_TEXT in text  # "What to do:"
    assert "\n".join(BODY_LINES) in text
    assert no_escapes(text)
    [arabic] = smtp_server.to("ar@example.org")
    # Strip: Django folds a long encoded subject onto its own line ("Subject:\n =?utf-8?")
    # and Python's parser keeps the fold's space; mail clients drop it.
    assert arabic["Subject"].strip() == ARABIC
    arabic_text = arabic.get_content().replace("\r\n", "\n")
    assert f"{ARABIC}\n{QUOTED}" in arabic_text
    assert no_escapes(arabic_text)


@pytest.mark.django_db
def test_sms(site, sms):  # noqa: F811 - the Twilio fake
    confirmed("+15550102000", whole_city=True, kind="sms")
    publishing.publish(make_alert(message=tricky_message(), area_desc="", channels=["sms"]))
    [text] = [parse_qs(call.request.body)["Body"][0] for call in sms.calls
              if call.request.url == TWILIO]
    assert text.startswith(SMS_TEXT)


@pytest.mark.django_db
@override_settings(**X_CREDS)
@responses.activate
def test_x(site):
    responses.post(TWEETS, status=201, json={"data": {"id": "700", "text": "ok"}})
    alert = publishing.publish(make_alert(message=tricky_message(), channels=["x"]))
    posted = json.loads(responses.calls[0].request.body)["text"]
    assert posted == compose_post(alert) and posted.startswith(SMS_TEXT)


@pytest.mark.django_db
def test_cap_headline_description_instruction(client, site):
    alert = publishing.publish(make_alert(message=tricky_message(), channels=["cap"]))
    raw = client.get(f"/alerts/cap/{alert.pk}.xml").content
    info = etree.fromstring(raw).find("cap:info", CAP)
    assert info.findtext("cap:headline", namespaces=CAP) == HEADLINE
    assert info.findtext("cap:description", namespaces=CAP) == "\n".join(BODY_LINES)
    assert info.findtext("cap:instruction", namespaces=CAP) == SMS_TEXT
    assert b"&amp;amp;" not in raw and b"&amp;#x27;" not in raw and b"&amp;lt;" not in raw
    assert "Police &amp; Fire: don't use Main St" in raw.decode()  # escaped once, by lxml


@pytest.mark.django_db
@responses.activate
def test_webhook_json(site):
    WebhookEndpoint.objects.create(name="County EOC", url="https://eoc.example/hook",
                                   secret="s3cret")
    responses.post("https://eoc.example/hook", status=202)
    publishing.publish(make_alert(message=tricky_message(), channels=["webhooks"]))
    payload = json.loads(responses.calls[0].request.body)
    assert payload["headline"] == HEADLINE
    assert payload["body"] == "\n".join(BODY_LINES)
    assert payload["sms"] == SMS_TEXT


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/alerts/feed.atom", "/alerts/cap.atom"])
def test_atom_text(client, site, path):
    publishing.publish(make_alert(message=tricky_message(), channels=["atom"]))
    raw = client.get(path).content
    entry = etree.fromstring(raw).find("a:entry", ATOM)
    assert entry.findtext("a:title", namespaces=ATOM).endswith(f": {HEADLINE}")
    assert entry.findtext("a:summary", namespaces=ATOM) == "\n".join(BODY_LINES)
    assert b"&amp;amp;" not in raw and b"&amp;#x27;" not in raw and b"&amp;lt;" not in raw
