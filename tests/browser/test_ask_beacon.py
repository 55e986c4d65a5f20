"""Ask Beacon with two browsers: a resident on a phone, an agent at a desk. Beacon answers
what it knows, a person answers the rest, the chat updates on both screens without a
reload, and the resident rates it."""

import os

from django.contrib.auth.models import Group
from django.test import Client

import pytest

from conversations.models import AskSettings, Conversation
from search.backends import get_backend
from search.documents import all_documents
from tests.browser.test_phone_smoke import ARTIFACTS, phone  # noqa: F401  (fixture: chromium)
from tests.helpers.content import make_faq

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True,
                                                         serialized_rollback=True)]


def _login(context, user, live_server):
    django_client = Client()
    django_client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": django_client.cookies["sessionid"].value,
                          "url": live_server.url}])


def test_resident_and_agent_chat_live(live_server, phone, django_user_model, site,  # noqa: F811
                                      settings):
    settings.SEARCH_BACKEND = "database"
    settings.SEARCH_SEMANTIC_LANGUAGES = []
    make_faq(question="When is garbage collected?",
             short_answer="Garbage is collected on Mondays before 7 am.")
    get_backend("database").rebuild(all_documents())
    hours = AskSettings.for_site(site.get_site())
    hours.always_staffed = True
    hours.save()
    agent = django_user_model.objects.create_user("amal", "a@x.example", "pw")
    agent.groups.add(Group.objects.get_or_create(name="Agents")[0])

    resident = phone
    resident.goto(live_server.url + "/ask/")
    assert resident.get_by_role("heading", level=1).inner_text() == "Ask Beacon"
    resident.get_by_label("Your question").fill("When is garbage collected?")
    resident.get_by_role("button", name="Send").click()
    resident.wait_for_selector("text=Garbage is collected on Mondays before 7 am.")
    assert resident.get_by_role("link", name="Read the full answer").is_visible()
    resident.get_by_role("button", name="Yes").click()
    resident.get_by_role("button", name="Good").click()
    resident.wait_for_selector("text=Thank you for telling us.")

    resident.get_by_label("Your question").fill("Can I park my boat at the marina?")
    resident.get_by_role("button", name="Send").click()
    resident.get_by_role("button", name="Talk to someone").click()
    resident.wait_for_selector("text=A person from the city will answer here soon.")

    desk = resident.context.browser.new_context(viewport={"width": 1280, "height": 900})
    _login(desk, agent, live_server)
    console = desk.new_page()
    console.goto(live_server.url + "/agents/conversations/")
    assert "Can I park my boat at the marina?" in console.inner_text("#queue")
    console.get_by_role("button", name="Take").click()
    console.get_by_label("Reply").fill("Yes: berths 4 to 9 are free this week.")
    console.get_by_role("button", name="Send").click()

    # No reload on either side from here: each page hears of the other's words.
    resident.wait_for_selector("text=Yes: berths 4 to 9 are free this week.", timeout=15000)
    resident.get_by_label("Your message").fill("Thank you! Which pier?")
    resident.get_by_role("button", name="Send").click()
    console.wait_for_selector("text=Thank you! Which pier?", timeout=15000)
    console.get_by_role("button", name="Resolve").click()
    resident.wait_for_selector("text=How did we do?", timeout=15000)
    os.makedirs(ARTIFACTS, exist_ok=True)
    resident.screenshot(path=os.path.join(ARTIFACTS, "ask-phone.png"), full_page=True)
    resident.get_by_role("button", name="Bad").click()
    resident.wait_for_selector("text=Thank you for telling us.")
    handed = Conversation.objects.exclude(queued_at=None).get()
    assert handed.rating == 3 and handed.agent == agent
