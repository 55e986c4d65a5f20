"""Issue 24 point 10, as a reader sees it in each language: the city's own name in the
header, the tab title and the emails; text-message prefixes; dates and times in each
locale's own format (no English "CST" or "Dec 4, 8:01 AM" on Spanish or Arabic pages);
and the agent console naming the language a script is missing in."""

import re
from datetime import datetime
from html import unescape
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import transaction
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from alerts import fanout, publishing
from content.localization import site_name
from tests.alerts.test_console import agent, live_alert  # noqa: F401
from tests.alerts.test_outbox import make_alert
from tests.alerts.test_subscriptions import sign_up
from tests.helpers.areas import city_areas
from tests.helpers.content import make_hub

NAMES = {"en": "City of Port Alder", "es": "Ciudad de Port Alder", "ar": "مدينة بورت ألدر"}
PREFIX = {"en": "", "es": "/es", "ar": "/ar"}


@pytest.fixture(autouse=True)
def city(settings):
    settings.WAGTAIL_SITE_NAME = NAMES["en"]
    settings.SITE_NAMES = dict(NAMES)
    cache.clear()
    yield
    cache.clear()
    translation.activate("en")  # a request to /es/ or /ar/ leaves its language active


@pytest.fixture(autouse=True)
def now(monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def page_of(client, path):
    return BeautifulSoup(client.get(path).content, "html.parser")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_header_and_tab_title_name_the_city_in_the_page_language(client, site, language):
    page = page_of(client, f"{PREFIX[language]}/faq/")
    assert page.select_one("a.brand").get_text(strip=True) == NAMES[language]
    title = " ".join(page.title.get_text().split())
    assert title.endswith(f" · {NAMES[language]}") and title.count(NAMES[language]) == 1


def test_a_language_without_its_own_name_shows_the_configured_one(settings):
    settings.WAGTAIL_SITE_NAME = "Town of Elm"
    settings.SITE_NAMES = {"es": "Pueblo de Elm"}
    assert (site_name("es"), site_name("ar"), site_name("en")) == (
        "Pueblo de Elm", "Town of Elm", "Town of Elm")


@pytest.mark.django_db
@pytest.mark.parametrize("language, subject", [
    ("es", "Confirme sus avisos de Ciudad de Port Alder"),
    ("en", "Confirm your City of Port Alder alerts"),
])
def test_the_confirmation_email_names_the_city_in_the_subscribers_language(
        client, site, smtp_server, language, subject):
    city_areas()
    response = sign_up(client, PREFIX[language], email="ana@example.org", language=language)
    assert response.status_code == 200
    [mail] = smtp_server.to("ana@example.org")
    assert mail["Subject"] == subject
    assert NAMES[language] in mail.get_content()


@pytest.mark.parametrize("language, update, cancel", [
    ("en", "UPDATE: ", "CANCELLED: "),
    ("es", "ACTUALIZACIÓN: ", "CANCELADO: "),
    ("ar", "تحديث: ", "أُلغي: "),
])
def test_text_message_prefixes_are_in_the_subscribers_language(language, update, cancel):
    shown = SimpleNamespace(item=SimpleNamespace(sms_text="Harbor Bridge open.", headline=""))

    def text(msg_type):
        row = SimpleNamespace(alert=SimpleNamespace(msg_type=msg_type,
                                                    ends_without_new_words=False),
                              subscriber=SimpleNamespace(language=language))
        return fanout.sms_for(row, shown)

    assert text("Update").startswith(update + "Harbor Bridge open.")
    assert text("Cancel").startswith(cancel + "Harbor Bridge open.")
    assert text("Alert").startswith("Harbor Bridge open.")


def test_a_prefix_never_changes_a_texts_encoding():
    """A crisis-day probe: "ACTUALIZACIÓN:" before a 3-segment Spanish text in plain GSM
    letters made it UCS-2, and it went out in 7 segments without its STOP line."""
    from content.text_rules import sms_report

    words = ("Port Alder: hierva el agua del grifo 1 minuto antes de beberla o cocinar. "
             "Agua gratis en la biblioteca y el centro civico. Mas en portalder.example/es")
    shown = SimpleNamespace(item=SimpleNamespace(sms_text=words, headline=""))
    row = SimpleNamespace(alert=SimpleNamespace(msg_type="Update", ends_without_new_words=False),
                          subscriber=SimpleNamespace(language="es"))
    sent = fanout.sms_for(row, shown)
    assert sent.startswith("ACTUALIZACION: " + words)
    assert sms_report(sent).encoding == "GSM-7" and sms_report(sent).segments <= 3


# December 4 of a year to come: the alert must not have expired when the test runs (the
# short format has no year, so the expected text is the same every year).
_YEAR = datetime.now(ZoneInfo("America/Chicago")).year + 1
SENT = datetime(_YEAR, 12, 4, 8, 1, tzinfo=ZoneInfo("America/Chicago"))
EXPIRES = datetime(_YEAR, 12, 4, 20, 30, tzinfo=ZoneInfo("America/Chicago"))


@pytest.mark.django_db
@pytest.mark.parametrize("language, sent, until", [
    ("en", "Dec 4, 8:01 AM", "Dec 4, 8:30 PM"),
    ("es", "4 dic, 8:01", "4 dic, 20:30"),
    ("ar", "4 ديسمبر، 8:01 ص", "4 ديسمبر، 8:30 م"),
])
def test_alert_page_times_are_in_the_locales_own_format(client, site, now, settings,
                                                        language, sent, until):
    settings.TIME_ZONE = "America/Chicago"
    alert = publishing.publish(make_alert(area_desc="", expires=EXPIRES))
    type(alert).objects.filter(pk=alert.pk).update(sent_at=SENT)
    page = page_of(client, f"{PREFIX[language]}/alerts/{alert.pk}/")
    shown = [unescape(t.get_text(strip=True)) for t in page.select("time")]
    assert sent in shown and until in shown, shown
    assert "CST" not in page.get_text() and "AM" not in " ".join(shown[:2]) or language == "en"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "ar"])
def test_the_crisis_hub_says_no_english_time_zone_in_spanish_or_arabic(client, site, now,
                                                                       language):
    hub = make_hub()
    publishing.publish(make_alert(area_desc=""))
    response = client.get(f"{PREFIX[language]}{hub.url}")
    if response.status_code == 404:
        pytest.skip("no hub page in this language in this fixture")
    text = BeautifulSoup(response.content, "html.parser").get_text(" ")
    assert not re.search(r"\b(CST|CDT|AM|PM)\b", text), text


@pytest.mark.django_db
@pytest.mark.parametrize("second, words", [
    ("es", "No Spanish version of this script yet"),
    ("ar", "No Arabic version of this script yet"),
])
def test_the_console_names_the_language_a_script_is_missing_in(client, agent, live_alert,  # noqa: F811
                                                               second, words):
    client.force_login(agent)
    text = " ".join(page_of(client, f"/agents/?second={second}").get_text(" ").split())
    assert words in text and f"No {second} version" not in text


@pytest.mark.parametrize("language, when", [
    ("en", "Dec 4, 8:01 AM"), ("es", "4 dic, 8:01"), ("ar", "4 ديسمبر، 8:01 ص")])
def test_an_ended_alert_in_search_says_when_in_the_locales_format(settings, language, when):
    from search.documents import ended_label

    settings.TIME_ZONE = "America/Chicago"
    latest = SimpleNamespace(ended_at=SENT, sent_at=None, created_at=None)
    assert ended_label(latest, "cancelled", language).endswith(" " + when)
