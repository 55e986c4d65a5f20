"""Issue 24 point 9 on a phone (390x844), in English, Spanish and Arabic: a sign-up with a
mistyped email and the consent box left empty comes back with GOV.UK's error summary at
the top, focused (screen readers read it, the page is scrolled to it), one link per
problem; following a link puts the cursor in that field. Screenshots in test-artifacts/."""

import os

import pytest

from tests.browser.test_phone_smoke import ARTIFACTS, phone  # noqa: F401  (fixture: chromium)
from tests.helpers.areas import city_areas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True,
                                                         serialized_rollback=True)]

WORDS = {"": ("There is a problem", "Error:"), "/es": ("Hay un problema", "Error:"),
         "/ar": ("توجد مشكلة", "خطأ:")}


@pytest.mark.parametrize("prefix", ["", "/es", "/ar"])
def test_sign_up_errors_open_on_a_focused_summary(live_server, phone, site, prefix):  # noqa: F811
    city_areas()
    heading, error_word = WORDS[prefix]
    phone.goto(f"{live_server.url}{prefix}/subscribe/")
    phone.locator("#id_email").fill("ana@example")  # no domain: one problem, not two
    phone.locator("form.subscribe-form button[type=submit]").click()
    phone.wait_for_selector(".error-summary")
    focused = phone.evaluate("document.activeElement.className")
    assert focused == "error-summary"
    summary = phone.locator(".error-summary")
    assert summary.locator("h2").inner_text() == heading
    assert phone.title().startswith(error_word)
    links = summary.locator("a")
    assert links.count() == 2  # the email, and the consent box; no 'give an email or phone'
    assert summary.bounding_box()["y"] < 844  # on the first screen, not 2,100 px down
    os.makedirs(ARTIFACTS, exist_ok=True)
    phone.screenshot(path=os.path.join(ARTIFACTS, f"subscribe-errors{prefix.replace('/', '-')}"
                                                  "-390.png"))
    links.first.click()
    assert phone.evaluate("document.activeElement.id") == "id_email"
