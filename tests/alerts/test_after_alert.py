"""Issue 24 point 7: when "Harbor Bridge closed" ends, the FAQ "Which roads are closed?"
and the pages on the same topic go to crisis control's "Check after alert ended" list with
who owns them, until someone presses "Checked"; and search puts the ended alert under the
current FAQ for "is the bridge open"."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from alerts import after_alert, publishing
from alerts.admin_views import attention_items
from alerts.models import Alert, EndedAlertCheck
from content.models import Department, TopicPage
from search import service, staff_rules
from tests.helpers.content import home_page, make_faq, make_hub, make_info_page, make_message, make_topic


@pytest.fixture
def now(monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def bridge(site, django_user_model, now, settings):
    settings.SEARCH_BACKEND = "database"
    hub = make_hub()
    roads = make_topic("Roads")
    rosa = django_user_model.objects.create_user("rosa", "rosa@x.example", "pw",
                                                 first_name="Rosa", last_name="Diaz")
    faq = make_faq(question="Which roads are closed?",
                   answer="<p>Harbor Bridge is closed because of ice. Use the Mill St bridge.</p>",
                   short_answer="Harbor Bridge is closed. Use the Mill St bridge.",
                   topics=[roads], publish=False)
    faq.owner = Department.objects.create(name="Public Works")
    faq.save()
    faq.save_revision(user=rosa).publish()
    topic_page = TopicPage(title="Roads and bridges", slug="roads", topic=roads, owner=rosa)
    home_page().add_child(instance=topic_page)
    topic_page.save_revision(user=rosa).publish()
    info = make_info_page(title="Winter road closures", parent=topic_page)
    unrelated = make_faq(question="When is trash collected?", topics=[make_topic("Trash")])
    message = make_message(headline="Harbor Bridge closed",
                           body="<p>Harbor Bridge is closed because of ice.</p>")
    message.topics.set([roads])
    message.save()  # a parental many-to-many is written on save
    alert = publishing.publish(Alert.objects.create(
        event="Road closure", area_desc="Harbor", message=message, severity="Severe"))
    return {"faq": faq, "topic_page": topic_page, "info": info, "unrelated": unrelated,
            "alert": alert, "rosa": rosa, "hub": hub}


def listed(alert):
    return {(c.faq_id, c.page_id) for c in EndedAlertCheck.objects.filter(
        alert=alert, checked_at__isnull=True)}


@pytest.mark.django_db
def test_cancelling_lists_the_faqs_and_pages_on_its_topics_with_their_owners(bridge,
                                                                             admin_client):
    alert = bridge["alert"]
    assert listed(alert) == set()  # nothing while the alert is current
    publishing.cancel(alert)
    [waiting] = [i for i in attention_items() if i.kind == "Check after alert ended"]
    assert waiting.text.startswith("4 FAQs or pages") and waiting.url.endswith("#after-alert-ended")
    assert listed(alert) == {(bridge["faq"].pk, None), (None, bridge["topic_page"].pk),
                             (None, bridge["info"].pk),
                             # the crisis hub's "What to do now", whatever its topics
                             (None, bridge["hub"].pk)}  # not the trash FAQ
    page = admin_client.get(reverse("crisis_control:index")).content.decode()
    section = page[page.index('id="after-alert-ended"'):page.index("Recently ended")]
    assert "Check after alert ended (4)" in section
    row = section[section.index("Which roads are closed?"):]
    row = row[:row.index("</tr>")]
    assert "Public Works" in row and "Rosa Diaz" in row and "Harbor Bridge closed" in row
    assert "Roads and bridges" in section and "Winter road closures" in section
    # The FAQ using the alert's own words comes first, and says which.
    assert section.index("Which roads are closed?") < section.index("Roads and bridges")
    assert "Uses the alert's words:</strong> bridge, closed, harbor" in row
    assert "When is trash collected?" not in section
    check = EndedAlertCheck.objects.get(faq=bridge["faq"])
    response = admin_client.post(reverse("crisis_control:checked", args=[check.pk]))
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.checked_at and check.checked_by == admin_client.user
    page = admin_client.get(reverse("crisis_control:index")).content.decode()
    section = page[page.index('id="after-alert-ended"'):page.index("Recently ended")]
    assert "Check after alert ended (3)" in section and "Which roads are closed?" not in section
    assert admin_client.get(reverse("crisis_control:checked", args=[check.pk])).status_code == 405


@pytest.mark.django_db
def test_an_expired_alert_lists_them_too_and_an_update_does_not(bridge):
    alert = bridge["alert"]
    update = publishing.update(alert, message=alert.message)
    assert listed(alert) == set()  # an update is not an end
    Alert.objects.filter(pk=update.pk).update(expires=timezone.now() - timedelta(minutes=1))
    publishing.expire_due()
    assert len(listed(alert)) == 4  # one list per story, under its first alert
    # Another alert on the same topic ends while those wait: nothing listed twice.
    second = publishing.publish(Alert.objects.create(
        event="Road closure", area_desc="Mill St", severity="Severe",
        message=bridge["alert"].message))
    publishing.cancel(second)
    assert EndedAlertCheck.objects.filter(checked_at__isnull=True).count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["is the bridge open", "harbor bridge closed", "harbor bridge"])
def test_search_puts_the_ended_alert_under_the_current_faq(bridge, query):
    """The alert's own headline matches "harbor bridge closed" best (it led with the same
    weight as current content before): ended, it comes after the FAQ, still found."""
    publishing.cancel(bridge["alert"])
    results = service.search(query, record=False).results
    titles = [r.title for r in results]
    assert "Harbor Bridge closed" in titles, titles  # still found, marked as ended
    assert results[titles.index("Harbor Bridge closed")].status == "cancelled"
    assert titles.index("Which roads are closed?") < titles.index("Harbor Bridge closed")


@pytest.mark.django_db
def test_an_answer_waiting_to_be_checked_says_its_alert_ended(bridge, client):
    """A probe's top answer to "is the water safe now" still said to boil it after the
    all-clear: until staff check the FAQ, its page and search's answer box say the alert
    ended and link to what the city says now."""
    faq = bridge["faq"]
    assert "has ended" not in client.get(faq.get_absolute_url()).content.decode()
    publishing.cancel(bridge["alert"])
    page = client.get(faq.get_absolute_url()).content.decode()
    assert "“Harbor Bridge closed” has ended, and this answer may not say so yet." in page
    assert f'href="/alerts/{bridge["alert"].pk}/">What the city says now' in page
    found = client.get("/search/", {"q": "Which roads are closed?"}).content.decode()
    box = found[found.index('class="answer-box"'):found.index("</section>",
                                                              found.index('class="answer-box"'))]
    assert "“Harbor Bridge closed” has ended" in box
    agent = bridge["rosa"]
    agent.groups.add(Group.objects.get(name="Agents"))
    client.force_login(agent)
    console = client.get("/agents/", {"q": "Which roads are closed?"}).content.decode()
    results = console[console.index("console-results"):console.index('id="board"')]
    assert "“Harbor Bridge closed” has ended" in results  # agents read it too
    client.logout()
    after_alert.mark_checked(EndedAlertCheck.objects.get(faq=faq), bridge["rosa"])
    assert "has ended" not in client.get(faq.get_absolute_url()).content.decode()
    found = client.get("/search/", {"q": "Which roads are closed?"}).content.decode()
    assert "has ended" not in found


@pytest.mark.django_db
def test_the_answer_box_notice_is_read_once_per_generation_and_follows_the_alert(bridge,
                                                                                 client):
    """The notice is read on computed search pages, the site's real load in a surge: held
    per FAQ and language while the search generation stays, so it costs no query on the
    next page, and the cancel and the check each move the generation, so a page read
    before either is never what a resident sees after it."""
    def box(query):
        page = client.get("/search/", {"q": query}).content.decode()
        start = page.index('class="answer-box"')
        return page[start:page.index("</section>", start)]

    assert staff_rules.notices_over(bridge["faq"].pk) == []  # held: no notice
    publishing.cancel(bridge["alert"])
    assert "“Harbor Bridge closed” has ended" in box("which roads are closed")
    with CaptureQueriesContext(connection) as queries:
        assert "“Harbor Bridge closed” has ended" in box("what roads are closed")
    assert not [q for q in queries.captured_queries if "endedalertcheck" in q["sql"].lower()]
    after_alert.mark_checked(EndedAlertCheck.objects.get(faq=bridge["faq"]), bridge["rosa"])
    assert "has ended" not in box("which roads closed")
