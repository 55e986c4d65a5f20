"""The agents' Conversations queue: a resident hands over, an agent takes it (never two),
chats both ways, resolves; the resident rates; the supervisor's weekly report shows it."""

import re
from datetime import date, timedelta

from django.core.management import call_command
from django.utils import timezone

import pytest

from conversations import services
from conversations.models import Conversation
from search.models import SearchEvent
from tests.conversations.conftest import make_agent


def handed_over(resident, question="Can I park my boat at the marina?"):
    resident.post("/ask/", {"question": question})
    resident.post("/ask/person/")
    return Conversation.objects.latest("pk")


@pytest.mark.django_db
def test_hand_over_chat_both_ways_resolve_and_rate(client, client_factory, faqs, staffed,
                                                   django_user_model):
    resident = client
    resident.post("/ask/", {"question": "When is garbage collected?"})  # Beacon answers this
    conversation = handed_over(resident)
    amal = client_factory(make_agent(django_user_model, "amal"))

    queue = amal.get("/agents/conversations/").content.decode()
    assert "Waiting (1)" in queue and "Web chat" in queue and "English" in queue
    assert "Can I park my boat at the marina?" in queue
    assert "Garbage is collected on Mondays before 7 am." in queue  # what Beacon answered
    console = amal.get("/agents/").content.decode()
    assert 'href="/agents/conversations/"' in console and "Conversations" in console

    taken = amal.post(f"/agents/conversations/{conversation.pk}/take/")
    assert taken.status_code == 302
    amal.post(f"/agents/conversations/{conversation.pk}/reply/",
              {"text": "Yes, berths 4 to 9 are free for residents this week."})
    shown = resident.get("/ask/").content.decode()
    assert "You are talking with a person from the city." in shown
    assert "City staff" in shown and "berths 4 to 9 are free" in shown

    resident.post("/ask/", {"question": "Do I need a permit?"})
    detail = amal.get(f"/agents/conversations/{conversation.pk}/").content.decode()
    assert "Do I need a permit?" in detail
    assert "I am not sure" not in detail.split("Do I need a permit?")[1]  # Beacon stays quiet

    amal.post(f"/agents/conversations/{conversation.pk}/resolve/")
    shown = resident.get("/ask/").content.decode()
    assert "How did we do?" in shown
    resident.post("/ask/rate/", {"rating": "3", "comment": "Too slow"})
    assert "Thank you for telling us." in resident.get("/ask/").content.decode()

    conversation.refresh_from_db()
    assert conversation.status == "resolved" and conversation.rating == 3
    assert conversation.agent.username == "amal"
    # handed over, and rated bad: both in the gap queue with the question
    assert SearchEvent.objects.filter(flag="agent", query__contains="marina").exists()
    assert SearchEvent.objects.filter(flag="agent", query__contains="permit").exists()


@pytest.mark.django_db
def test_two_agents_never_take_one_conversation(client, client_factory, faqs, staffed,
                                                django_user_model):
    conversation = handed_over(client)
    amal = make_agent(django_user_model, "amal")
    ben = make_agent(django_user_model, "ben")
    services.take(conversation.pk, amal)
    with pytest.raises(services.AlreadyTaken):
        services.take(conversation.pk, ben)
    ben_client = client_factory(ben)
    response = ben_client.post(f"/agents/conversations/{conversation.pk}/take/", follow=True)
    assert "amal has already taken this conversation." in response.content.decode()
    refused = ben_client.post(f"/agents/conversations/{conversation.pk}/reply/", {"text": "hi"})
    assert refused.status_code == 403
    conversation.refresh_from_db()
    assert conversation.agent == amal


@pytest.mark.django_db
def test_phone_number_only_for_the_agent_holding_it(client, client_factory, faqs, closed,
                                                    django_user_model):
    client.post("/ask/", {"question": "Can I park my boat at the marina?"})
    client.post("/ask/person/", {"phone": "(555) 010-7788"})
    conversation = Conversation.objects.get()
    amal = client_factory(make_agent(django_user_model, "amal"))
    ben = client_factory(make_agent(django_user_model, "ben"))
    queue = amal.get("/agents/conversations/").content.decode()
    assert "callback requested" in queue and "7788" not in queue
    amal.post(f"/agents/conversations/{conversation.pk}/take/")
    assert "+15550107788" in amal.get(f"/agents/conversations/{conversation.pk}/").content.decode()
    assert "7788" not in ben.get(f"/agents/conversations/{conversation.pk}/").content.decode()
    assert "7788" not in ben.get("/agents/conversations/").content.decode()


@pytest.mark.django_db
def test_residents_and_strangers_are_kept_out_of_the_console(client, django_user_model, site):
    assert client.get("/agents/conversations/").status_code == 302  # to the login page
    visitor = django_user_model.objects.create_user("visitor", "v@example.com", "pw")
    client.force_login(visitor)
    assert client.get("/agents/conversations/").status_code == 403


@pytest.mark.django_db
def test_the_queue_polls_with_an_etag(client, client_factory, faqs, staffed, django_user_model):
    amal = client_factory(make_agent(django_user_model, "amal"))
    page = amal.get("/agents/conversations/").content.decode()
    etag = re.search(r'data-etag="([^"]+)"', page).group(1).replace("&quot;", '"')
    assert amal.get("/agents/conversations/state", HTTP_IF_NONE_MATCH=etag).status_code == 304
    handed_over(client)
    assert amal.get("/agents/conversations/state", HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert "Can I park my boat" in amal.get("/agents/conversations/?partial=1").content.decode()


@pytest.mark.django_db
def test_urgent_first_then_oldest_first(client_factory, faqs, staffed, django_user_model):
    residents = [client_factory() for _ in range(3)]
    handed_over(residents[0], "Can I park my boat at the marina?")
    handed_over(residents[1], "Where do I return library books?")
    handed_over(residents[2], "There is smoke coming from the house next door")
    queue = client_factory(make_agent(django_user_model, "amal")).get(
        "/agents/conversations/").content.decode()
    order = [queue.index(text) for text in ("smoke coming", "park my boat", "library books")]
    assert order == sorted(order) and "Urgent" in queue


@pytest.mark.django_db
def test_weekly_report_for_supervisors(client_factory, faqs, staffed, django_user_model):
    amal = make_agent(django_user_model, "amal")
    # Beacon alone, rated good
    beacon = client_factory()
    beacon.post("/ask/", {"question": "When is garbage collected?"})
    beacon.post("/ask/answered/", {"answered": "yes"})
    beacon.post("/ask/rate/", {"rating": "1"})
    # a person, after a 10-minute wait, rated bad
    resident = client_factory()
    conversation = handed_over(resident)
    Conversation.objects.filter(pk=conversation.pk).update(
        queued_at=timezone.now() - timedelta(minutes=10))
    services.take(conversation.pk, amal)
    conversation.refresh_from_db()
    services.resolve(conversation, amal)
    resident.post("/ask/rate/", {"rating": "3", "comment": "Nobody knew"})

    supervisor = client_factory(make_agent(django_user_model, "sofia", supervisor=True))
    assert client_factory(amal).get("/agents/conversations/report/").status_code == 403
    week = date.today().strftime("%G-W%V")
    report = supervisor.get(f"/agents/conversations/report/?week={week}").content.decode()
    assert "Conversations" in report
    assert re.search(r"<dt>Conversations</dt><dd>2</dd>", report)
    assert re.search(r"<dt>Resolved by Beacon alone</dt><dd>50% \(1\)</dd>", report)
    assert re.search(r"<dt>Median wait for a person</dt><dd>10.0 min</dd>", report)
    assert re.search(r"<th scope=\"row\">Beacon</th><td>1</td><td>0</td><td>0</td>", report)
    assert re.search(r"<th scope=\"row\">amal</th><td>0</td><td>0</td><td>1</td>", report)
    assert "Nobody knew" in report and "Can I park my boat at the marina?" in report
    supervisor.post(f"/agents/conversations/{conversation.pk}/called-back/",
                    {"called_back": "on", "week": week})
    conversation.refresh_from_db()
    assert conversation.called_back_at is not None
    report = supervisor.get(f"/agents/conversations/report/?week={week}").content.decode()
    assert "checked" in report


@pytest.mark.django_db
def test_purge_deletes_conversations_past_retention(client_factory, faqs, staffed, settings):
    settings.CONVERSATION_RETENTION_DAYS = 90
    old, recent = client_factory(), client_factory()
    old.post("/ask/", {"question": "When is garbage collected?"})
    recent.post("/ask/", {"question": "Is the tap water safe?"})
    first = Conversation.objects.order_by("pk").first()
    Conversation.objects.filter(pk=first.pk).update(
        updated_at=timezone.now() - timedelta(days=91))
    call_command("purge_conversations")
    assert list(Conversation.objects.values_list("messages__text", flat=True).distinct()) != []
    assert not Conversation.objects.filter(pk=first.pk).exists()
    assert Conversation.objects.count() == 1


@pytest.mark.django_db
def test_agent_inserts_an_faq_short_answer_from_the_quick_search(client, client_factory, faqs,
                                                                 staffed, django_user_model):
    conversation = handed_over(client, "The marina question, and when is trash picked up?")
    amal = client_factory(make_agent(django_user_model, "amal"))
    amal.post(f"/agents/conversations/{conversation.pk}/take/")
    logged = SearchEvent.objects.count()
    found = amal.get(f"/agents/conversations/{conversation.pk}/",
                     {"q": "when is garbage collected"}).content.decode()
    assert "Garbage is collected on Mondays before 7 am." in found and "Insert this answer" in found
    drafted = amal.get(f"/agents/conversations/{conversation.pk}/",
                       {"q": "when is garbage collected", "use": "0"}).content.decode()
    textarea = drafted.split('id="reply-text"', 1)[1].split("</textarea>", 1)[0]
    assert "Garbage is collected on Mondays before 7 am." in textarea
    assert f"http://testserver{faqs[0].get_absolute_url()}" in textarea
    assert SearchEvent.objects.count() == logged  # an agent's lookup is no resident search


@pytest.mark.django_db
def test_pass_on_to_a_colleague_or_back_to_the_queue(client, client_factory, faqs, staffed,
                                                     django_user_model):
    conversation = handed_over(client)
    amal, ben = make_agent(django_user_model, "amal"), make_agent(django_user_model, "ben")
    amal_client, ben_client = client_factory(amal), client_factory(ben)
    amal_client.post(f"/agents/conversations/{conversation.pk}/take/")
    detail = amal_client.get(f"/agents/conversations/{conversation.pk}/").content.decode()
    assert "Pass on to" in detail and ">ben<" in detail
    assert ben_client.post(f"/agents/conversations/{conversation.pk}/pass-on/").status_code == 403
    amal_client.post(f"/agents/conversations/{conversation.pk}/pass-on/", {"to": ben.pk})
    conversation.refresh_from_db()
    assert conversation.agent == ben and conversation.status == "active"
    queued_at = conversation.queued_at
    ben_client.post(f"/agents/conversations/{conversation.pk}/pass-on/", {"to": ""})
    conversation.refresh_from_db()
    assert conversation.status == "waiting" and conversation.agent is None
    assert conversation.queued_at == queued_at  # keeps its place in the queue
    assert "Waiting (1)" in amal_client.get("/agents/conversations/").content.decode()


@pytest.mark.django_db
def test_taking_a_conversation_the_resident_just_deleted(client, client_factory, faqs, staffed,
                                                         django_user_model):
    conversation = handed_over(client)
    client.post("/ask/delete/")
    amal = client_factory(make_agent(django_user_model, "amal"))
    response = amal.post(f"/agents/conversations/{conversation.pk}/take/", follow=True)
    shown = response.content.decode()
    assert "This conversation is no longer waiting." in shown and "Nobody is waiting." in shown
