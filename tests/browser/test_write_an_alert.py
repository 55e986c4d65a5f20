"""Issue 24 point 11, as staff meet it at 1280 px: "New alert", write the message there,
save one draft, publish it with break-glass, and read what the page says at each step."""

import os
import re

import pytest

from alerts.models import Alert
from content.models import Message
from tests.browser.test_agent_console_live import _login
from tests.browser.test_phone_smoke import ARTIFACTS, phone  # noqa: F401  (fixture: chromium)
from tests.helpers.areas import city_areas
from tests.helpers.content import home_page

pytestmark = [pytest.mark.browser, pytest.mark.postgres,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_write_and_publish_an_alert_from_scratch(live_server, phone, django_user_model):  # noqa: F811
    home_page()
    city_areas()
    lead = django_user_model.objects.create_superuser("lead", "lead@x.example", "pw",
                                                      first_name="Rosa", last_name="Diaz")
    context = phone.context.browser.new_context(viewport={"width": 1280, "height": 900})
    _login(context, lead, live_server)
    page = context.new_page()
    page.goto(live_server.url + "/admin/crisis-control/")
    page.get_by_role("link", name="New alert").click()
    assert page.get_by_role("radio", name="Write the message here").is_checked()
    page.get_by_label("Headline").fill("Water main break in East Hill")
    page.get_by_label("What happened and what to do").fill(
        "Crews are fixing a broken main on Elm St.\n\nWater returns by 6 PM.")
    page.get_by_label("SMS text").fill("East Hill: no water until 6 PM. Bottled water at City Hall.")
    page.get_by_label("Event").fill("Water main break")
    page.get_by_label("East Hill").check()
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, "new-alert-1280.png"), full_page=True)
    page.get_by_role("button", name="Save draft").dblclick()  # the double click of the issue
    page.wait_for_url(re.compile(r"/crisis-control/\d+/$"))
    assert Alert.objects.count() == 1 and Message.objects.count() == 1
    main = page.locator("main").inner_text()
    assert "Water main break — East Hill" in main
    assert "in review · saved" in main and "by Rosa Diaz" in main
    page.get_by_label("Publish even though some translations are missing").check()
    page.get_by_label("Break glass: publish without waiting for review").check()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_load_state()
    assert "Alert active." in page.locator("main").inner_text()
    page.screenshot(path=os.path.join(ARTIFACTS, "alert-published-1280.png"), full_page=True)
    context.close()
