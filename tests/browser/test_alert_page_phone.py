"""The resident alert page on a phone in three languages (issue 24, point 1): the headline
in <h1> and the tab title, and the "What to do" instruction, read as a person sees them."""

import os

from django.core.management import call_command
from django.utils import translation

import pytest

from alerts.models import Alert
from content.localization import localize
from tests.browser.test_phone_smoke import ARTIFACTS, phone  # noqa: F401  (fixture: chromium)

pytestmark = [pytest.mark.browser, pytest.mark.postgres,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_alert_page_reads_headline_and_instruction_in_every_language(live_server, phone):  # noqa: F811
    call_command("seed_demo")
    alert = Alert.objects.get(message__headline="Boil water notice for East Hill and Harbor",
                              msg_type="Alert")
    os.makedirs(ARTIFACTS, exist_ok=True)
    seen = set()
    for prefix, language, what_to_do in (("", "en", "What to do"), ("/es", "es", "Qué hacer"),
                                         ("/ar", "ar", "ماذا تفعل")):
        with translation.override(language):
            shown = localize(alert.message).item
        assert shown.locale.language_code == language  # the demo translates this message
        phone.goto(f"{live_server.url}{prefix}/alerts/{alert.pk}/")
        heading = phone.locator("main h1").inner_text().strip()
        assert heading == shown.headline and heading
        assert phone.title().startswith(f"{shown.headline} · ")
        instruction = phone.locator("main p.instruction")
        assert instruction.is_visible()
        assert instruction.inner_text().strip() == shown.sms_text.strip() and shown.sms_text
        assert what_to_do in phone.locator("main").inner_text()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        phone.screenshot(path=os.path.join(ARTIFACTS, f"alert-page-{language}-phone.png"),
                         full_page=True)
        seen.add(heading)
    assert len(seen) == 3  # three languages, three different headlines
