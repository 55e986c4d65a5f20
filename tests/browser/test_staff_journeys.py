"""Staff journeys at a desk (1280 px), issue 24 point 19, reading what the pages say:

- crisis control: update a live alert (new message, one more area), then cancel it; the
  number of subscribers the cancel confirmation promises is the number the cancel is queued
  to, channel by channel, and the cancel's own page counts the same;
- content staff: the gap queue shows a resident's "not helpful" comment and a Spanish
  search that found nothing; "Draft FAQ" makes a draft in Spanish, the query's language.

Residents' parts (the comment, the search) are done on a phone, as residents do them."""

import os
import re

from django.contrib.auth.models import Group

from wagtail.models import Locale

import pytest
from playwright.sync_api import expect

from alerts import publishing
from alerts.models import Alert, Notification
from content.models import FAQ
from search.backends import get_backend
from search.documents import all_documents
from search.models import HelpfulVote, SearchEvent
from tests.alerts.test_subscriptions import confirmed, sms  # noqa: F401  (fixture: faked Twilio)
from tests.browser.test_agent_console_live import _login
from tests.browser.test_phone_smoke import ARTIFACTS, phone  # noqa: F401  (fixture: chromium)
from tests.helpers.areas import city_areas
from tests.helpers.content import home_page, make_faq, make_message

pytestmark = [pytest.mark.browser, pytest.mark.postgres,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PROMISE = re.compile(r"^(Email|SMS) subscribers: (\d+) confirmed subscribers?\b")


def _desk(phone, user, live_server):  # noqa: F811
    context = phone.context.browser.new_context(viewport={"width": 1280, "height": 900})
    _login(context, user, live_server)
    return context.new_page()


SHOWN_AFTER = """([name, count]) => {
  // Is `count` drawn to the right of `name` (as read left to right), where they first meet?
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(name);
    if (at < 0) continue;
    const after = node.data.indexOf(count, at + name.length);
    const box = (start, length) => {
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + length);
      return range.getBoundingClientRect();
    };
    return box(after, count.length).left > box(at, name.length).right - 1;
  }
  return null;
}"""


def _shot(page, name):
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, f"staff-{name}-1280.png"), full_page=True)


def test_update_then_cancel_tells_exactly_the_subscribers_it_promised(  # noqa: F811
        live_server, phone, django_user_model, sms):  # noqa: F811
    home_page()
    areas = city_areas()
    east, harbor, west = areas["east-hill"], areas["harbor"], areas["westside"]
    lead = django_user_model.objects.create_superuser("lead", "lead@x.example", "pw")
    first = make_message(headline="Boil water in East Hill",
                         sms_text="East Hill: boil tap water 1 min.")
    make_message(headline="Boil water in East Hill and Harbor",
                 sms_text="East Hill and Harbor: boil tap water 1 min.")
    alert = Alert.objects.create(event="Boil water notice", area_desc="", message=first,
                                 severity="Severe", web="https://portalder.example/updates/")
    alert.areas.set([east])
    publishing.publish(alert)
    # Who should hear of the cancel once Harbor is added: by name, not by the fan-out's query.
    told = {"email": {confirmed("ana@example.org", [east]).pk,
                      confirmed("ben@example.org", [east], language="es").pk,
                      confirmed("carla@example.org", [harbor], language="ar").pk,
                      confirmed("eve@example.org", whole_city=True).pk},
            "sms": {confirmed("+15550104001", [harbor], language="es", kind="sms").pk}}
    confirmed("dan@example.org", [west])  # another area: never told
    confirmed("+15550104002", [west], kind="sms")
    unconfirmed = confirmed("fay@example.org", [east])
    unconfirmed.confirmed_at = None
    unconfirmed.save()

    page = _desk(phone, lead, live_server)
    page.goto(f"{live_server.url}/admin/crisis-control/{alert.pk}/")
    assert "Active" in page.locator("main dl").first.inner_text()
    # Update: the new message, and Harbor too (both areas ticked: the form replaces them).
    option = page.locator("#id_message option", has_text="Boil water in East Hill and Harbor")
    page.locator("#id_message").select_option(option.get_attribute("value"))
    page.get_by_label("East Hill").check()
    page.get_by_label("Harbor").check()
    page.get_by_label("Publish even though some translations are missing").check()
    page.get_by_role("button", name="Publish update").click()
    expect(page.locator("main")).to_contain_text("Update published to every channel.")
    update = Alert.objects.get(references=alert)
    assert page.url.endswith(f"/crisis-control/{update.pk}/")
    assert page.get_by_role("heading", level=1).inner_text().strip() == \
        "Boil water in East Hill and Harbor"
    assert "refers to Boil water in East Hill" in page.locator("main dl").first.inner_text()
    _shot(page, "alert-updated")

    page.get_by_role("link", name=re.compile("Cancel this alert on every channel")).click()
    assert page.get_by_role("heading", level=1).inner_text().strip() == "Cancel this alert?"
    promised = {}
    for item in page.locator("main li", has_text="confirmed subscriber").all_inner_texts():
        channel, number = PROMISE.match(item.strip()).groups()
        promised[channel.lower()] = int(number)
    assert promised == {"email": 4, "sms": 1}, promised
    # "العربية 1", not "1 العربية": the count reads after its language's name.
    assert page.evaluate(SHOWN_AFTER, ["العربية", "1"]) is True
    assert Alert.objects.get(pk=update.pk).state == "active"  # nothing sent yet
    _shot(page, "cancel-confirmation")
    page.get_by_role("button", name="Yes, cancel it on every channel").click()
    expect(page.locator("main")).to_contain_text("Cancellation published to every channel.")
    cancel = Alert.objects.get(references=update, msg_type=Alert.MsgType.CANCEL)
    assert Alert.objects.get(pk=update.pk).state == "cancelled"
    for channel, number in promised.items():
        queued = set(Notification.objects.filter(alert=cancel, channel=channel)
                     .values_list("subscriber_id", flat=True))
        assert queued == told[channel] and len(queued) == number, channel
    # The cancel's page counts the same people: sent + pending + failed, per channel.
    rows = page.locator("h3:text-is('Subscribers') + table tbody tr")
    shown = {}
    for row in rows.all():
        cells = row.locator("td").all_inner_texts()
        shown[cells[0].strip()] = sum(int(n) for n in cells[1:4])
    assert shown == promised, shown
    _shot(page, "alert-cancelled")


def test_gap_queue_comment_and_draft_faq_in_the_querys_language(live_server, phone,  # noqa: F811
                                                                django_user_model, settings):
    settings.SEARCH_BACKEND = "database"
    settings.SEARCH_SEMANTIC_LANGUAGES = []
    home_page()
    spanish = make_faq(locale=Locale.objects.get(language_code="es"),
                       question="¿Dónde está el refugio más cercano?",
                       short_answer="En el Centro Comunitario Millbrook.",
                       answer="<p>En el Centro Comunitario Millbrook, 14 Millbrook Road.</p>")
    get_backend("database").rebuild(all_documents())
    editor = django_user_model.objects.create_user("rosa", "rosa@x.example", "pw")
    editor.groups.add(Group.objects.get(name="Content editors"))

    # A resident reads the Spanish answer, says it did not help and why, then searches for
    # something nobody has written about.
    phone.goto(live_server.url + spanish.get_absolute_url())
    assert phone.get_by_role("heading", level=1).inner_text() == spanish.question
    phone.get_by_label("¿Qué buscaba?", exact=False).fill("¿Aceptan perros en el refugio?")
    phone.get_by_role("button", name="No", exact=True).click()
    phone.wait_for_load_state()
    assert HelpfulVote.objects.filter(helpful=False).count() == 1
    phone.goto(live_server.url + "/es/search/?q=generador+gratis")
    assert SearchEvent.objects.filter(query="generador gratis", language="es").exclude(
        flag="").exists()

    page = _desk(phone, editor, live_server)
    page.goto(live_server.url + "/admin/reports/search-gaps/")
    comments = page.locator("table.gap-comments tbody tr")
    expect(comments).to_have_count(1)
    comment = comments.first.locator("td").all_inner_texts()
    assert comment[1:4] == ["Spanish", spanish.question, "¿Aceptan perros en el refugio?"], comment
    gaps = page.locator("tbody tr", has=page.get_by_role("button", name="Draft FAQ"))
    row = gaps.filter(has=page.get_by_role("cell", name="generador gratis", exact=True))
    expect(row).to_have_count(1)
    assert "Spanish" in row.inner_text()
    _shot(page, "gap-queue")
    row.get_by_role("button", name="Draft FAQ").click()
    page.wait_for_url(re.compile(r"/admin/snippets/content/faq/edit/\d+/"))
    draft = FAQ.objects.get(question="¿Generador gratis?")
    assert draft.locale.language_code == "es" and not draft.live
    assert page.locator("#id_question").input_value() == "¿Generador gratis?"
    _shot(page, "draft-faq")
    page.goto(live_server.url + "/admin/reports/search-gaps/")
    expect(row).to_have_count(0)  # handled: out of the queue, listed as taught in Spanish
    taught = page.locator("tbody tr", has=page.get_by_role("link", name="¿Generador gratis?"))
    assert "generador gratis" in taught.inner_text() and "(Spanish)" in taught.inner_text()
