"""Arabic on a phone: numbers read left to right, and no English chrome is left."""

import os
import re

from django.core.management import call_command

import pytest

from tests.browser.test_phone_smoke import ARTIFACTS, phone  # noqa: F401  (fixture: chromium)

pytestmark = [pytest.mark.browser, pytest.mark.postgres,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHARACTER_POSITIONS = """
(el) => {
  const text = el.firstChild, range = document.createRange(), xs = [];
  for (let i = 0; i < text.length; i++) {
    range.setStart(text, i); range.setEnd(text, i + 1);
    xs.push(range.getBoundingClientRect().left);
  }
  return xs;
}"""
ENGLISH_CHROME = re.compile(r"\b(active alerts?|results? for|answers?|Cancelled|Expired|Severe|"
                            r"Updated|Page \d+ of|Search)\b")


def test_arabic_updates_show_the_phone_number_in_reading_order(live_server, phone):  # noqa: F811
    call_command("seed_demo")
    phone.goto(live_server.url + "/ar/updates/")
    os.makedirs(ARTIFACTS, exist_ok=True)
    phone.screenshot(path=os.path.join(ARTIFACTS, "ar-updates-phone.png"), full_page=True)
    number = phone.locator("main a.tel", has_text="010-3110").first
    assert number.inner_text() == "(555) 010-3110"
    xs = number.evaluate(CHARACTER_POSITIONS)
    assert xs == sorted(xs), "the digits are drawn out of order (bidi reordering)"
    footer = phone.locator("footer a.tel").last
    assert footer.evaluate(CHARACTER_POSITIONS) == sorted(footer.evaluate(CHARACTER_POSITIONS))
    for path in ("/ar/", "/ar/updates/", "/ar/faq/", "/ar/search/?q=%D9%85%D8%A7%D8%A1"):
        phone.goto(live_server.url + path)
        visible = phone.locator("body").inner_text()
        english = [m.group(0) for m in ENGLISH_CHROME.finditer(visible)]
        assert not english, (path, english)
        assert phone.evaluate("document.documentElement.dir") == "rtl"
