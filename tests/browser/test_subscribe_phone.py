"""Subscribe -> confirm -> manage on a phone, without JavaScript help: the way a resident
does it, with a real SMTP server (aiosmtpd) delivering the confirmation; axe on each page."""

import os
import re

from django.core.management import call_command

import pytest

from alerts.models import Subscriber
from tests.browser.test_accessibility import axe, serious_violations  # noqa: F401
from tests.browser.test_phone_smoke import ARTIFACTS, phone  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.postgres,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_subscribe_confirm_and_manage_on_a_phone(live_server, phone, axe, smtp_server,  # noqa: F811
                                                 settings):
    settings.PUBLIC_BASE_URL = live_server.url  # links in emails and pages point here
    call_command("seed_demo")
    os.makedirs(ARTIFACTS, exist_ok=True)
    problems = {}

    def check(name):
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, name
        found = serious_violations(phone, axe)
        if found:
            problems[name] = found
        phone.screenshot(path=os.path.join(ARTIFACTS, f"subscribe-{name}.png"), full_page=True)

    phone.goto(live_server.url + "/areas/")
    check("areas")
    phone.get_by_label("Your ZIP code").fill("04612")
    phone.get_by_role("button", name="Check").click()
    assert phone.locator("h1").inner_text() == "East Hill"
    check("area")
    phone.get_by_role("link", name="Get alerts for this area").click()
    assert phone.get_by_label("East Hill").is_checked()  # the area came along
    check("form")
    phone.get_by_label("Email").fill("resident@example.org")
    phone.get_by_label("Language of the alerts").select_option("es")
    phone.get_by_label("I agree to receive alerts").check()
    phone.get_by_role("button", name="Sign up").click()
    assert "resident@example.org" in phone.locator("main").inner_text()
    check("sent")

    [mail] = smtp_server.to("resident@example.org")
    link = re.search(r"https?://\S+/subscribe/confirm/\S+/", mail.get_content()).group(0)
    assert link.startswith(live_server.url + "/es/subscribe/confirm/")
    phone.goto(link)
    assert not Subscriber.objects.get().confirmed  # opening the link confirms nothing
    check("confirm")
    phone.get_by_role("button", name="Confirmar").click()
    assert Subscriber.objects.get().confirmed
    check("confirmed")
    phone.get_by_role("link", name=re.compile("Cambiar zonas")).click()
    assert phone.locator("html").get_attribute("lang") == "es", phone.url
    phone.get_by_label("Harbor (el puerto)").check()
    phone.get_by_role("button", name="Guardar").click()
    assert phone.get_by_role("status").inner_text() == "Guardado."
    check("manage")
    assert sorted(Subscriber.objects.get().areas.values_list("slug", flat=True)) == [
        "east-hill", "harbor"]
    assert problems == {}
