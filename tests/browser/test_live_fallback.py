"""When the event stream cannot stay open (here: a production WSGI process answers 204),
the agent console falls back to polling its ETag and still shows an edit within seconds."""

import time

from django.contrib.auth.models import Group

import pytest

from alerts import publishing
from alerts.models import Alert
from alerts.scripts import record_script_version
from tests.browser.test_agent_console_live import _login
from tests.browser.test_phone_smoke import phone  # noqa: F401  (fixture: chromium)
from tests.helpers.content import make_message

pytestmark = [pytest.mark.browser, pytest.mark.postgres,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_console_polls_when_the_stream_is_refused_and_still_updates(
        live_server, phone, django_user_model, site, settings):  # noqa: F811
    settings.LIVE_STREAMS_ON_WSGI = False
    agent = django_user_model.objects.create_user("agent1", "a@x.example", "pw")
    agent.groups.add(Group.objects.get(name="Agents"))
    message = make_message(headline="Boil water East Hill",
                           script_say="Tell callers to boil tap water.")
    publishing.publish(Alert.objects.create(event="Boil", area_desc="East Hill", message=message,
                                            severity="Severe"))

    context = phone.context.browser.new_context(viewport={"width": 1280, "height": 900})
    _login(context, agent, live_server)
    console = context.new_page()
    polled, refused = [], []
    console.on("response", lambda r: (polled if "/agents/state" in r.url else
                                      refused if "/events/console" in r.url else []).append(r))
    console.goto(live_server.url + "/agents/")
    console.get_by_role("button", name="I’ve read version 1").click()
    console.wait_for_selector("text=You have read version 1")

    message.script_say = "Tell callers to boil tap water for one full minute."
    message.save()
    record_script_version(message, reason="edited")
    changed_at = time.monotonic()
    console.wait_for_selector("text=Changed since you read version 1", timeout=5000)
    assert time.monotonic() - changed_at < 5.0
    assert [r.status for r in refused][:1] == [204]
    assert polled  # found by polling, the stream having been refused
