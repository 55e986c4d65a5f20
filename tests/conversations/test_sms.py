"""Ask Beacon by text message, through the signed inbound webhook and the real Twilio
client code against a faked Twilio API."""

import pytest

from alerts.models import Subscriber
from content.text_rules import sms_report
from conversations import services
from conversations.models import Conversation
from tests.conversations.conftest import make_agent, text_in, texts_sent

PHONE = "+15550104455"


@pytest.mark.django_db
def test_a_texted_question_gets_the_short_answer_and_link_in_two_segments(client, faqs, sms):
    reply = text_in(client, PHONE, "when is garbage collected")
    assert reply.startswith("Garbage is collected on Mondays before 7 am.")
    assert f"http://testserver{faqs[0].get_absolute_url()}" in reply
    assert sms_report(reply).segments <= 2
    conversation = Conversation.objects.get()
    assert conversation.channel == "sms" and conversation.phone == PHONE
    assert conversation.language == "en"


@pytest.mark.django_db
def test_a_long_answer_is_cut_to_two_segments_keeping_the_link(client, faqs, sms):
    faqs[1].short_answer = ("Yes, but boil it for one minute first, and let it cool. " * 7)[:300]
    faqs[1].save_revision().publish()
    reply = text_in(client, PHONE, "is the tap water safe to drink")
    assert sms_report(reply).segments <= 2 and "…" in reply
    assert reply.endswith(faqs[1].get_absolute_url())


@pytest.mark.django_db
def test_unknown_question_then_agent_then_chat_resolve_and_rate(client, client_factory, faqs,
                                                                 staffed, sms,
                                                                 django_user_model):
    reply = text_in(client, PHONE, "can I park my boat at the marina")
    assert reply == "We are not sure we have the answer. Reply AGENT to reach a person."
    assert text_in(client, PHONE, "agent") == "Thanks. A person will text you back here soon."
    conversation = Conversation.objects.get()
    assert conversation.status == "waiting"

    amal = client_factory(make_agent(django_user_model, "amal"))
    queue = amal.get("/agents/conversations/").content.decode()
    assert "Text message" in queue and "park my boat" in queue and PHONE not in queue
    amal.post(f"/agents/conversations/{conversation.pk}/take/")
    assert PHONE in amal.get(f"/agents/conversations/{conversation.pk}/").content.decode()
    amal.post(f"/agents/conversations/{conversation.pk}/reply/",
              {"text": "Berths 4 to 9 are free this week."})
    assert texts_sent(sms)[-1] == "Berths 4 to 9 are free this week."
    # the resident's answer goes to the agent, Beacon stays quiet
    assert text_in(client, PHONE, "thank you, which pier?") == ""
    detail = amal.get(f"/agents/conversations/{conversation.pk}/").content.decode()
    assert "which pier?" in detail

    amal.post(f"/agents/conversations/{conversation.pk}/resolve/")
    assert texts_sent(sms)[-1] == "How did we do? Reply 1 good, 2 okay, 3 bad."
    assert text_in(client, PHONE, "1") == "Thank you for telling us."
    conversation.refresh_from_db()
    assert conversation.status == "resolved" and conversation.rating == 1


@pytest.mark.django_db
def test_agent_outside_staffed_hours_says_when_and_the_number(client, faqs, closed, sms):
    text_in(client, PHONE, "can I park my boat at the marina")
    reply = text_in(client, PHONE, "AGENT")
    assert "Our staff are away now" in reply and "311" in reply
    assert Conversation.objects.get().status == "waiting"


@pytest.mark.django_db
def test_language_from_the_words_or_the_subscription(client, faqs, staffed, sms):
    spanish = text_in(client, "+15550104001", "¿Dónde está el refugio para mi familia?")
    assert "Responda AGENTE" in spanish
    arabic = text_in(client, "+15550104002", "أين الملجأ؟")
    assert "موظف" in arabic and sms_report(arabic).segments <= 2
    Subscriber.objects.create(kind="sms", address="+15550104003", language="es",
                              consented_at="2026-01-01T00:00:00Z")
    assert "Responda AGENTE" in text_in(client, "+15550104003", "shelter near harbor")
    assert "AGENTE" in text_in(client, "+15550104001", "AGENTE").upper() or \
        Conversation.objects.filter(phone="+15550104001", status="waiting").exists()
    assert Conversation.objects.get(phone="+15550104001").language == "es"
    assert Conversation.objects.get(phone="+15550104002").language == "ar"


@pytest.mark.django_db
def test_danger_by_text_is_911_first(client, faqs, sms):
    reply = text_in(client, PHONE, "my co alarm is beeping")
    assert reply.startswith("Call 911 now.") and "fresh air" in reply


@pytest.mark.django_db
def test_keywords_stay_subscription_business(client, faqs, sms):
    assert text_in(client, PHONE, "START") == ""
    assert text_in(client, PHONE, "123456") == ""
    assert "no more alerts" in text_in(client, PHONE, "STOP")
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_a_failed_send_is_told_to_the_agent(client, client_factory, faqs, staffed, sms,
                                            django_user_model):
    text_in(client, PHONE, "can I park my boat at the marina")
    text_in(client, PHONE, "agent")
    conversation = Conversation.objects.get()
    agent = make_agent(django_user_model, "amal")
    services.take(conversation.pk, agent)
    sms.replace("POST", "https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json",
                json={"code": 21211, "message": "Invalid 'To' Phone Number"}, status=400)
    page = client_factory(agent).post(f"/agents/conversations/{conversation.pk}/reply/",
                                      {"text": "Hello"}, follow=True).content.decode()
    assert "The text was not sent" in page and "Invalid" in page


@pytest.mark.django_db
def test_delete_by_text_removes_the_senders_conversations(client, faqs, sms):
    text_in(client, PHONE, "when is garbage collected")
    text_in(client, "+15550104999", "when is garbage collected")
    assert text_in(client, PHONE, "delete") == "Your conversations with the city were deleted."
    assert not Conversation.objects.filter(phone=PHONE).exists()
    assert Conversation.objects.filter(phone="+15550104999").exists()
    assert text_in(client, "+15550104999", "BORRAR") == \
        "Sus conversaciones con la ciudad fueron borradas."
