"""The whole exchange in Spanish and Arabic: Beacon answers from the FAQ in the resident's
language, a question it does not know goes to a person, the agent replies, resolves, the
resident rates; on the web and by text message."""

from wagtail.models import Locale

import pytest

from conversations.models import Conversation
from search.backends import get_backend
from search.documents import all_documents
from tests.conversations.conftest import make_agent, text_in, texts_sent
from tests.helpers.content import make_faq

FAQS = {
    "es": ("¿Cuándo se recoge la basura?", "La basura se recoge los lunes antes de las 7."),
    "ar": ("متى يتم جمع القمامة؟", "يتم جمع القمامة يوم الاثنين قبل السابعة صباحًا."),
}
UNKNOWN = {"es": "¿Puedo estacionar mi bote en el puerto deportivo?",
           "ar": "هل يمكنني ركن قاربي في المرسى؟"}
SEEN = {
    "es": {"answered": "¿Esto respondió su pregunta?", "person": "Hablar con una persona",
           "waiting": "Una persona de la ciudad responderá aquí pronto.",
           "staff": "Personal de la ciudad", "rate": "¿Cómo lo hicimos?",
           "thanks": "Gracias por decírnoslo.", "sms_agent": "Responda AGENTE",
           "sms_rate": "¿Cómo lo hicimos? Responda 1 bien, 2 regular, 3 mal."},
    "ar": {"answered": "هل أجاب هذا عن سؤالك؟", "person": "التحدث مع شخص",
           "waiting": "سيرد عليك موظف من المدينة هنا قريبًا.",
           "staff": "موظف المدينة", "rate": "كيف كانت خدمتنا؟", "thanks": "شكرًا لإخبارنا.",
           "sms_agent": "موظف", "sms_rate": "كيف كانت خدمتنا؟ أرسل 1 جيدة، 2 مقبولة، 3 سيئة."},
}


@pytest.fixture
def translated_faqs(site, settings):
    settings.SEARCH_BACKEND = "database"
    settings.SEARCH_SEMANTIC_LANGUAGES = []
    made = {}
    for language, (question, answer) in FAQS.items():
        locale, _ = Locale.objects.get_or_create(language_code=language)
        made[language] = make_faq(locale=locale, question=question, short_answer=answer,
                                  answer=f"<p>{answer}</p>")
    get_backend("database").rebuild(all_documents())
    return made


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "ar"])
def test_web_conversation(client, client_factory, translated_faqs, staffed, django_user_model,
                          language):
    words = SEEN[language]
    prefix = f"/{language}"
    client.post(f"{prefix}/ask/", {"question": FAQS[language][0]})
    shown = client.get(f"{prefix}/ask/").content.decode()
    assert f'<html lang="{language}"' in shown
    assert FAQS[language][1] in shown and words["answered"] in shown
    client.post(f"{prefix}/ask/", {"question": UNKNOWN[language]})
    shown = client.get(f"{prefix}/ask/").content.decode()
    assert words["person"] in shown
    client.post(f"{prefix}/ask/person/")
    assert words["waiting"] in client.get(f"{prefix}/ask/").content.decode()

    conversation = Conversation.objects.get()
    assert conversation.language == language
    agent = client_factory(make_agent(django_user_model, "amal"))
    assert UNKNOWN[language] in agent.get("/agents/conversations/").content.decode()
    agent.post(f"/agents/conversations/{conversation.pk}/take/")
    agent.post(f"/agents/conversations/{conversation.pk}/reply/", {"text": "OK: muelle 4 / رصيف 4"})
    shown = client.get(f"{prefix}/ask/").content.decode()
    assert words["staff"] in shown and "muelle 4 / رصيف 4" in shown
    agent.post(f"/agents/conversations/{conversation.pk}/resolve/")
    assert words["rate"] in client.get(f"{prefix}/ask/").content.decode()
    client.post(f"{prefix}/ask/rate/", {"rating": "2"})
    assert words["thanks"] in client.get(f"{prefix}/ask/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "ar"])
def test_sms_conversation(client, client_factory, translated_faqs, staffed, sms,
                          django_user_model, language):
    words = SEEN[language]
    phone = "+15550109000"
    reply = text_in(client, phone, FAQS[language][0])
    assert reply.startswith(FAQS[language][1]) and translated_faqs[language].slug in reply
    assert words["sms_agent"] in text_in(client, phone, UNKNOWN[language])
    text_in(client, phone, "AGENTE" if language == "es" else "موظف")
    conversation = Conversation.objects.get(status="waiting")
    assert conversation.language == language
    agent = make_agent(django_user_model, "amal")
    console = client_factory(agent)
    console.post(f"/agents/conversations/{conversation.pk}/take/")
    console.post(f"/agents/conversations/{conversation.pk}/resolve/")
    assert texts_sent(sms)[-1] == words["sms_rate"]
    assert text_in(client, phone, "1") == words["thanks"]
