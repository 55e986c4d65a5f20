"""An agent's console updates live while an editor publishes in another browser."""

import time

from django.contrib.auth.models import Group
from django.test import Client

import pytest

from alerts import publishing
from alerts.models import Alert
from tests.browser.test_phone_smoke import phone  # noqa: F401  (fixture: chromium)
from tests.helpers.content import make_message

pytestmark = [pytest.mark.browser, pytest.mark.postgres,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _login(context, user, live_server):
    django_client = Client()
    django_client.force_login(user)
    cookie = django_client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value,
                          "url": live_server.url}])


def test_console_shows_an_edit_within_3_seconds_with_the_change_highlighted(
        live_server, phone, django_user_model, site):  # noqa: F811
    agent = django_user_model.objects.create_user("agent1", "a@x.example", "pw")
    agent.groups.add(Group.objects.get(name="Agents"))
    supervisor = django_user_model.objects.create_user("sup", "s@x.example", "pw")
    supervisor.groups.add(Group.objects.get(name="Agent supervisors"))
    editor = django_user_model.objects.create_superuser("editor", "e@x.example", "pw")
    message = make_message(headline="Boil water East Hill",
                           script_say="Tell callers to boil tap water.")
    publishing.publish(Alert.objects.create(event="Boil", area_desc="East Hill", message=message,
                                            severity="Severe"))

    browser = phone.context.browser
    agent_context = browser.new_context(viewport={"width": 1280, "height": 900})
    _login(agent_context, agent, live_server)
    console = agent_context.new_page()
    polled, streamed = [], []
    console.on("request", lambda r: (polled if "/agents/state" in r.url else
                                     streamed if "/events/console" in r.url else []).append(r))
    console.goto(live_server.url + "/agents/")
    console.get_by_role("button", name="I’ve read version 1").click()
    console.wait_for_selector("text=You have read version 1")
    assert "Live" in console.locator("#live-status").inner_text()

    editor_context = browser.new_context(viewport={"width": 1280, "height": 900})
    _login(editor_context, editor, live_server)
    admin = editor_context.new_page()
    admin.goto(f"{live_server.url}/admin/snippets/content/message/edit/{message.pk}/")
    admin.fill("#id_script_say", "Tell callers to boil tap water for one full minute.")
    admin.evaluate("document.querySelector('button[name=action-publish]').click()")
    admin.wait_for_load_state("networkidle")
    published_at = time.monotonic()

    console.wait_for_selector("text=Changed since you read version 1", timeout=3000)
    seen_after = time.monotonic() - published_at
    assert seen_after < 3.0
    assert streamed and not polled  # pushed over Server-Sent Events, not found by polling
    assert console.locator(".diff ins").first.inner_text().endswith("one full minute.")
    console.get_by_role("button", name="I’ve read version 2").click()
    console.wait_for_selector("text=You have read version 2")

    supervisor_context = browser.new_context()
    _login(supervisor_context, supervisor, live_server)
    report = supervisor_context.new_page()
    report.goto(live_server.url + "/agents/supervisor/")
    row = report.locator(f"#ack-{message.pk}")
    assert row.locator(".count-read").inner_text() == "1"
    assert row.locator(".count-unread").inner_text() == "0"
    console.screenshot(path="test-artifacts/agent-console.png", full_page=True)
