"""The walk from issue #10 on a phone: an alert is published, updated and cancelled from
crisis control (with its confirmation step) while a resident reads the site in English and
Spanish. Every surface tells the same, current story."""

import re

from django.core.management import call_command

import pytest

from alerts import publishing
from alerts.models import Alert
from content.models import Message
from tests.browser.test_agent_console_live import _login
from tests.browser.test_phone_smoke import phone  # noqa: F401  (fixture: chromium)

pytestmark = [pytest.mark.browser, pytest.mark.postgres,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _search_results(page, base, query):
    page.goto(f"{base}/search/?q={query}")
    return [li.inner_text() for li in page.locator("ol.results > li").all()]


def test_publish_update_cancel_walk_on_a_phone(live_server, phone, django_user_model):  # noqa: F811
    call_command("seed_demo")
    base = live_server.url
    editor = django_user_model.objects.create_superuser("comms-lead", "c@x.example", "pw")
    message = Message.objects.create(
        headline="Route 9 closed at Quay Street", body="<p>Route 9 is closed at Quay Street.</p>",
        sms_text="Route 9 closed at Quay St. Use Harbor Rd.", social_text="Route 9 closed at Quay St.")
    message.save_revision().publish()
    alert = publishing.publish(Alert.objects.create(
        event="Road closure", area_desc="Quay Street", message=message, severity="Severe"),
        editor, confirm_missing_translations=True)

    phone.goto(base + "/")  # cached from here on
    assert "Route 9 closed at Quay Street" in phone.locator("#crisis-banner").inner_text()
    found = _search_results(phone, base, "route 9")
    assert sum("Route 9 closed at Quay Street" in r for r in found) == 1

    # The editor changes the message: it goes out as an update, the resident sees it at once.
    message.body = "<p>Route 9 stays closed at Quay Street until 6 p.m.</p>"
    message.save_revision().publish()
    update = Alert.objects.get(references=alert)
    phone.goto(base + "/updates/")
    assert "until 6 p.m." in phone.locator("main").inner_text()

    # Cancel from crisis control: a confirmation page first, then the cancel.
    admin = phone.context.browser.new_context(viewport={"width": 1280, "height": 900})
    _login(admin, editor, live_server)
    control = admin.new_page()
    control.goto(f"{base}/admin/crisis-control/{update.pk}/")
    control.get_by_role("link", name=re.compile("Cancel this alert on every channel")).click()
    assert "Cancel" in control.locator("pre").first.inner_text() or control.locator("pre").count()
    assert Alert.objects.get(pk=update.pk).state == "active"  # nothing sent yet
    control.get_by_role("button", name="Yes, cancel it on every channel").click()
    control.wait_for_load_state()
    assert Alert.objects.get(pk=update.pk).state == "cancelled"

    phone.goto(base + "/")
    banner = phone.locator("#crisis-banner").inner_text()
    assert "Route 9" not in banner
    found = _search_results(phone, base, "route 9")
    route = [r for r in found if "Route 9 closed at Quay Street" in r]
    assert len(route) == 1 and "cancelled" in route[0].lower()
    phone.goto(base + "/updates/")
    item = phone.locator("li.update", has_text="Route 9 closed at Quay Street")
    assert item.count() == 1 and "Cancelled" in item.inner_text()
    phone.goto(base + "/es/")
    assert "Route 9" not in phone.locator("#crisis-banner").inner_text()
    phone.screenshot(path="test-artifacts/walk-es-home-phone.png", full_page=True)
    admin.close()
