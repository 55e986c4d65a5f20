from django.contrib.auth.models import Group

import pytest

from alerts import console, publishing
from alerts.models import Acknowledgement
from search.models import SearchEvent
from tests.alerts.test_outbox import make_alert
from tests.helpers.content import make_faq, make_message


@pytest.fixture
def agent(django_user_model, db):
    user = django_user_model.objects.create_user("agent1", "a1@x.example", "pw")
    user.groups.add(Group.objects.get(name="Agents"))
    return user


@pytest.fixture
def supervisor_user(django_user_model, db):
    user = django_user_model.objects.create_user("sup", "s@x.example", "pw")
    user.groups.add(Group.objects.get(name="Agent supervisors"))
    return user


@pytest.fixture
def live_alert(site):
    message = make_message(headline="Boil water East Hill", script_say="Tell callers to boil water.")
    return publishing.publish(make_alert(message=message, severity="Severe"))


URLS = ["/agents/", "/agents/state", "/agents/print/", "/agents/supervisor/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_anonymous_users_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS + ["/agents/gap/", "/agents/ack/1/"])
def test_residents_and_editors_without_the_agent_role_get_403(client, django_user_model, url):
    user = django_user_model.objects.create_user("resident", "r@x.example", "pw")
    user.groups.add(Group.objects.get(name="Content editors"))
    client.force_login(user)
    method = client.post if url.endswith(("/gap/", "/ack/1/")) else client.get
    assert method(url).status_code == 403


@pytest.mark.django_db
def test_agents_cannot_reach_the_supervisor_view_or_edit_content(client, agent):
    client.force_login(agent)
    assert client.get("/agents/supervisor/").status_code == 403
    response = client.get("/admin/snippets/content/message/")
    assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_console_shows_scripts_with_version_and_marks_changes_word_by_word(client, agent,
                                                                           live_alert):
    client.force_login(agent)
    body = client.get("/agents/").content.decode()
    assert "Tell callers to boil water." in body and "version 1" in body
    assert "Not yet read" in body
    message = live_alert.message
    client.post(f"/agents/ack/{message.pk}/", {"version": 1})
    message.script_say = "Tell callers to boil water for one minute."
    message.save_revision().publish()
    body = client.get("/agents/").content.decode()
    assert "Changed since you read version 1" in body and "version 2" in body
    assert "boil <del>water.</del> <ins>water for one minute.</ins>" in body


@pytest.mark.django_db
def test_an_update_with_a_new_message_shows_what_changed_since_the_script_read(
        client, agent, live_alert):
    """A crisis-day probe: an update written in crisis control speaks a new message, and
    the agent saw a fresh "version 1 · Not yet read" card with no diff."""
    from alerts import publishing
    from tests.helpers.content import make_message

    client.force_login(agent)
    client.post(f"/agents/ack/{live_alert.message.pk}/", {"version": 1})
    newer = make_message(headline="Boil water: Millbrook added",
                         script_say="Tell callers to boil water for one minute.")
    publishing.update(live_alert, message=newer, confirm_missing_translations=True)
    body = client.get("/agents/").content.decode()
    card = body[body.index(f'id="script-{newer.pk}"'):]
    card = card[:card.index("</article>")]
    assert f"Replaces “{live_alert.message.headline}”, which you read" in card
    assert "<ins>" in card and "one minute" in card


@pytest.mark.django_db
def test_state_endpoint_answers_304_until_something_changes(client, agent, live_alert):
    client.force_login(agent)
    first = client.get("/agents/state")
    etag = first["ETag"]
    assert first.status_code == 200
    assert client.get("/agents/state", HTTP_IF_NONE_MATCH=etag).status_code == 304
    message = live_alert.message
    message.script_ask = "Ask for the street name."
    message.save_revision().publish()
    changed = client.get("/agents/state", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


@pytest.mark.django_db
def test_acknowledgements_are_stored_and_counted_for_supervisors(client, agent, supervisor_user,
                                                                 django_user_model, live_alert):
    other = django_user_model.objects.create_user("agent2", "a2@x.example", "pw")
    other.groups.add(Group.objects.get(name="Agents"))
    client.force_login(agent)
    message = live_alert.message
    client.post(f"/agents/ack/{message.pk}/", {"version": message.script_version})
    ack = Acknowledgement.objects.get()
    assert (ack.user, ack.version) == (agent, message.script_version) and ack.created_at
    client.force_login(supervisor_user)
    row = console.supervisor_rows([agent, other])[0]
    assert [u.username for u in row["read"]] == ["agent1"]
    assert [u.username for u in row["unread"]] == ["agent2"]
    page = client.get("/agents/supervisor/").content.decode()
    assert 'class="count-read">1<' in page and 'class="count-unread">1<' in page


@pytest.mark.django_db
def test_gap_report_from_the_phone_lands_in_the_gap_queue(client, agent):
    client.force_login(agent)
    response = client.post("/agents/gap/", {"question": "Is the ferry running?"})
    assert response.status_code == 302
    event = SearchEvent.objects.get()
    assert (event.query, event.source, event.result_count) == ("is the ferry running?", "agent", 0)
    assert event.language == "en"


@pytest.mark.django_db
def test_a_callers_question_is_logged_in_its_language(client, agent):
    """A probe: the console's gap form sent no language, so a Spanish caller's question was
    logged as English (and "Use this wording" would have put it on the English FAQ)."""
    client.force_login(agent)
    form = client.get("/agents/").content.decode()
    assert 'name="lang"' in form and '<option value="es" lang="es">español</option>' in form
    client.post("/agents/gap/", {"question": "el agua sale marron es normal?", "lang": "es"})
    client.post("/agents/gap/", {"question": "المي لونها بني", "lang": "en"})  # left on English
    client.post("/agents/gap/", {"question": "Is the ferry running?", "lang": "xx"})
    client.post("/agents/gap/", {"question": "hay ferry hoy", "lang": "ES"})
    assert sorted(SearchEvent.objects.values_list("language", flat=True)) == ["ar", "en", "es", "es"]


@pytest.mark.django_db
def test_quick_search_shows_short_answers_and_is_not_counted_as_resident_demand(client, agent,
                                                                               site):
    from search.backends import get_backend
    from search.documents import all_documents

    make_faq(question="Where is the warming center?", short_answer="Millbrook, open 24 hours.")
    get_backend("database").index(all_documents())
    client.force_login(agent)
    body = client.get("/agents/", {"q": "warming center"}).content.decode()
    assert "Millbrook, open 24 hours." in body
    assert not SearchEvent.objects.exists()


@pytest.mark.django_db
def test_print_view_lists_every_current_script_and_pinned_faq(client, agent, live_alert):
    make_faq(question="Pinned question?", pinned_for_agents=True)
    client.force_login(agent)
    body = client.get("/agents/print/").content.decode()
    assert "Tell callers to boil water." in body and "Pinned question?" in body


@pytest.mark.django_db
def test_console_shows_english_and_a_chosen_second_language_side_by_side(client, agent):
    from django.core.management import call_command

    call_command("seed_demo")
    client.force_login(agent)
    body = client.get("/agents/", {"second": "es"}).content.decode()
    assert "East Hill y Harbor están bajo aviso de hervir el agua" in body
    assert 'lang="es" dir="ltr"' in body
    arabic = client.get("/agents/", {"second": "ar"}).content.decode()
    assert 'lang="ar" dir="rtl"' in arabic and "يخضع إيست هيل وهاربر" in arabic
    remembered = client.get("/agents/").content.decode()  # choice kept in the session
    assert "يخضع إيست هيل وهاربر" in remembered


@pytest.mark.django_db
def test_an_agent_signing_in_at_the_admin_login_lands_on_the_console(client, agent, site):
    """A crisis-day probe: an agent signing in at /admin/login/ read "You do not have
    permission to access the admin" and was not pointed to /agents/."""
    agent.set_password("pw-agent-123")
    agent.save()
    response = client.post("/admin/login/", {"username": agent.username,
                                             "password": "pw-agent-123"})
    assert response.status_code == 302 and response["Location"] == "/agents/"
    # staff with admin access, and a page to return to, go where they were going
    other = client.__class__()
    going = other.post("/admin/login/?next=/agents/supervisor/",
                       {"username": agent.username, "password": "pw-agent-123"})
    assert going["Location"] == "/agents/supervisor/"
