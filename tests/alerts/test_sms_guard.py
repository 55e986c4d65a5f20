# ruff: noqa: F811 - pytest fixtures imported from test_subscriptions are used by name
"""Issue 23 point 2: SMS toll fraud at /subscribe/.

The attack, as reported: /subscribe/ texted a code to any E.164 number (+882, +881
satellite, +4490x, +1 900 premium numbers were sent codes), 20 texts an hour per client
address to 20 different numbers, with no overall cap. Here each of those is tried the way
a script would: through the form, one client or many."""

import logging
import re
from datetime import timedelta

from django.core import mail
from django.test import Client
from django.utils import timezone

import pytest

from alerts import sms_guard, subscriptions
from alerts.admin_views import attention_items
from alerts.models import Subscriber, TextToNewNumber
from tests.alerts.test_subscriptions import fresh_limits, sign_up, sms, texts  # noqa: F401
from tests.helpers.areas import city_areas

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(site):
    return city_areas()


def from_client(number, n, prefix=""):
    """A new client (own cookies and address) signing up one number."""
    client = Client(REMOTE_ADDR=f"198.51.{n // 250}.{n % 250 + 1}")
    return sign_up(client, prefix, phone=number)


@pytest.mark.parametrize("number", [
    "+882 1234 5678 90",      # international networks
    "+881 6 1234 5678",       # satellite (Iridium / Globalstar)
    "+44 909 879 0000",       # UK premium rate
    "+44 871 234 5678",       # UK shared cost
    "+1 900 555 0123",        # NANP premium
    "1 (212) 976-1234",       # NXX 976: premium exchange
    "(876) 555 0123",         # Jamaica: NANP but another country
    "+1 809 555 0123",        # Dominican Republic
    "+1 800 555 0123",        # toll-free
    "+33 6 12 34 56 78",      # a real mobile, but not a country the city serves
])
def test_numbers_that_could_earn_someone_money_get_no_text(client, city, sms, number):
    response = sign_up(client, phone=number)
    assert response.status_code == 200  # the form again, with the reason at the phone field
    page = response.content.decode()
    assert "cannot get text alerts" in page or "countries this city serves" in page
    assert texts(sms) == [] and not Subscriber.objects.exists()


def test_a_city_number_still_gets_its_code(client, city, sms):
    assert sign_up(client, phone="(207) 555-0142").status_code == 200
    assert "Sign-up by text paused" not in [item.kind for item in attention_items()]
    [text] = texts(sms)
    assert text["To"] == ["+12075550142"]
    assert TextToNewNumber.objects.get().prefix == "+1207555"
    # a Canadian number and a US territory pass too, by default
    for n, number in enumerate(["+1 416 555 0142", "+1 787 555 0142"]):
        assert from_client(number, n).status_code == 200
    assert len(texts(sms)) == 3


def test_the_hourly_budget_pauses_text_sign_up_and_tells_staff(city, sms, settings, caplog):
    settings.SMS_NEW_NUMBER_TEXTS_PER_HOUR = 5
    settings.ADMINS = [("Duty officer", "duty@city.example")]
    # 20 different numbers in 20 different blocks, from 20 client addresses
    with caplog.at_level(logging.ERROR, logger="alerts.sms_guard"):
        statuses = [from_client(f"+1207{200 + n:03d}0142", n).status_code for n in range(20)]
    assert statuses == [200] * 5 + [429] * 15
    assert len(texts(sms)) == 5 and Subscriber.objects.count() == 5
    # staff are told once, not 15 times (nor once per refused request)
    [warning] = [m for m in mail.outbox if m.to == ["duty@city.example"]]
    assert "paused" in warning.subject
    assert [r for r in caplog.records if r.levelno == logging.ERROR and "paused" in r.message]
    # and the dashboard says so for as long as it lasts
    assert "Sign-up by text paused" in [item.kind for item in attention_items()]
    # the resident sees why before filling anything in; email sign-up still works
    page = Client().get("/subscribe/").content.decode()
    assert "Sign-up by text message is paused" in page
    assert sign_up(Client(), email="resident@example.org").status_code == 200
    assert Subscriber.objects.filter(kind="email").count() == 1
    # nothing lost: with both, the email half goes ahead and the page says why no text
    both = sign_up(Client(), email="both@example.org", phone="+1 207 900 0142")
    assert both.status_code == 200 and "Sign-up by text message is paused" in \
        both.content.decode()
    assert Subscriber.objects.filter(address="both@example.org").exists()
    assert not Subscriber.objects.filter(address="+12079000142").exists()


def test_the_daily_budget_counts_the_earlier_hours(city, sms, settings):
    settings.SMS_NEW_NUMBER_TEXTS_PER_DAY = 10
    earlier = timezone.now() - timedelta(hours=5)
    TextToNewNumber.objects.bulk_create(
        [TextToNewNumber(prefix=f"+1207{n:03d}", sent_at=earlier) for n in range(10)])
    assert from_client("+1 207 555 0142", 1).status_code == 429
    assert texts(sms) == []
    # rows older than a day count for nothing and are purged with unconfirmed sign-ups
    TextToNewNumber.objects.update(sent_at=timezone.now() - timedelta(days=2))
    subscriptions.purge_unconfirmed()
    assert not TextToNewNumber.objects.exists()
    assert from_client("+1 207 555 0142", 2).status_code == 200


def test_one_number_block_is_limited_per_hour(city, sms, settings):
    settings.SMS_NEW_NUMBER_TEXTS_PER_PREFIX_PER_HOUR = 3
    statuses = [from_client(f"+1 207 555 {n:04d}", n).status_code for n in range(8)]
    assert statuses == [200] * 3 + [429] * 5
    assert from_client("+1 207 556 0000", 9).status_code == 200  # another block
    assert len(texts(sms)) == 4


def challenge_of(response):
    return re.search(r'name="challenge" value="([^"]*)"', response.content.decode()).group(1)


def test_a_code_goes_only_to_a_form_that_was_shown(city, sms, settings, monkeypatch):
    settings.SMS_CHALLENGE_MIN_SECONDS = 3
    data = {"areas": ["east-hill"], "language": "en", "consent": "on",
            "phone": "+1 207 555 0142"}
    script = Client()
    # a script posting straight away, without the form, or with a made-up token
    for token in ("", "x", "eyJuIjoiMSIsInQiOjB9:1abc:forged"):
        response = script.post("/subscribe/", {**data, "challenge": token})
        assert response.status_code == 400
        assert "open a few seconds" in response.content.decode()
    # the form, then the post in the same instant
    now = timezone.now()
    monkeypatch.setattr(sms_guard.timezone, "now", lambda: now)
    token = challenge_of(script.get("/subscribe/"))
    assert script.post("/subscribe/", {**data, "challenge": token}).status_code == 400
    assert texts(sms) == []
    # a person: reads the form for a while, then signs up (no cookie needed but CSRF's)
    person = Client()
    token = challenge_of(person.get("/subscribe/"))
    monkeypatch.setattr(sms_guard.timezone, "now", lambda: now + timedelta(seconds=20))
    assert person.post("/subscribe/", {**data, "challenge": token}).status_code == 200
    assert len(texts(sms)) == 1
    assert "sessionid" not in person.cookies  # pages stay cacheable for this resident
    # one code per form shown: the same token again, for another number, from anywhere
    other = {**data, "phone": "+1 207 555 0143", "challenge": token}
    again = Client(REMOTE_ADDR="198.51.100.200").post("/subscribe/", other)
    assert again.status_code == 400 and len(texts(sms)) == 1
    # a token older than two hours is refused too
    stale = challenge_of(person.get("/subscribe/"))
    monkeypatch.setattr(sms_guard.timezone, "now", lambda: now + timedelta(hours=3))
    old = {**data, "phone": "+1 207 555 0144", "challenge": stale}
    assert person.post("/subscribe/", old).status_code == 400 and len(texts(sms)) == 1


def test_the_resident_is_told_in_their_language(city, sms, settings):
    settings.SMS_NEW_NUMBER_TEXTS_PER_HOUR = 0
    spanish = from_client("+1 207 555 0142", 1, prefix="/es").content.decode()
    assert "pausa" in spanish
    arabic = from_client("+1 207 555 0143", 2, prefix="/ar").content.decode()
    assert "متوقف مؤقتًا" in arabic and "Sign-up by text message is paused" not in arabic
    elsewhere = from_client("+33 6 12 34 56 78", 3, prefix="/es").content.decode()
    assert "países que atiende esta ciudad" in elsewhere
    premium = from_client("+1 900 555 0123", 4, prefix="/ar").content.decode()
    assert "التعرفة المميزة" in premium


def test_a_number_typed_in_arabic_digits_is_the_same_number(client, city, sms):
    """A resident's probe typed ٢٠٧٥٥٥٠١٤٣ on /ar/subscribe/: it was stored as '+1٢٠٧٥٥٥٠١٤٣',
    a second subscriber for a number no text could reach."""
    assert sign_up(client, "/ar", phone="٢٠٧٥٥٥٠١٤٣").status_code == 200
    [text] = texts(sms)
    assert text["To"] == ["+12075550143"]
    assert list(Subscriber.objects.values_list("address", flat=True)) == ["+12075550143"]
    assert from_client("۲۰۷ ۵۵۵ ۰۱۴۳", 7).status_code == 200  # Persian digits: the same one
    assert Subscriber.objects.count() == 1


@pytest.mark.parametrize("number", ["555 0123", "207 555 01", "+1 207 555 01420"])
def test_a_number_with_digits_missing_or_extra_is_told_so_not_called_premium(client, city, sms,
                                                                           number):
    """A resident's probe typed '555 0123' (no area code) and was told premium-rate numbers
    are never texted."""
    page = sign_up(client, phone=number).content.decode()
    assert "10 digits with its area code" in page and "premium" not in page
    assert texts(sms) == [] and not Subscriber.objects.exists()
    spanish = sign_up(client, "/es", phone=number).content.decode()
    assert "10 dígitos con su código de área" in spanish
    # the example number stays whole, left to right, in the Arabic error summary too (a
    # third probe saw it broken over two lines as "-010 (555)" / "1234")
    arabic = sign_up(client, "/ar", phone=number).content.decode()
    summary = arabic[arabic.index('class="error-summary"'):]
    summary = summary[:summary.index("</div>")]
    assert '<bdi dir="ltr" class="num">(555) 010-1234</bdi>' in summary
