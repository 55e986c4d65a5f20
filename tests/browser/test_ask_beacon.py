"""Ask Beacon with two browsers: a resident on a phone, an agent at a desk, in English,
Spanish and Arabic (issue 25, point 7). Beacon answers what it knows, a person answers the
rest, the chat reaches both screens, the resident rates it; the same by text message through
the signed inbound webhook and the real Twilio client against a faked Twilio API; the
supervisor's weekly report counts the conversation.

Nothing here depends on how live updates travel (polling or Server-Sent Events): the test
waits up to 10 s for the words a person would see."""

import os

from django.contrib.auth.models import Group
from django.test import Client

from wagtail.models import Locale

import pytest
from playwright.sync_api import expect

from conversations.models import AskSettings, Conversation
from search.backends import get_backend
from search.documents import all_documents
from tests.browser.test_phone_smoke import ARTIFACTS, phone  # noqa: F401  (fixture: chromium)
from tests.conversations.conftest import sms, text_in, texts_sent  # noqa: F401  (fixture: sms)
from tests.helpers.content import make_faq

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True,
                                                         serialized_rollback=True)]
LIVE = 10_000  # ms: the longest a person is asked to wait for a reply to show

FAQS = {
    "en": ("When is garbage collected?", "Garbage is collected on Mondays before 7 am."),
    "es": ("¿Cuándo se recoge la basura?", "La basura se recoge los lunes antes de las 7."),
    "ar": ("متى يتم جمع القمامة؟", "يتم جمع القمامة يوم الاثنين قبل السابعة صباحًا."),
}
UNKNOWN = {"en": "Can I park my boat at the marina?",
           "es": "¿Puedo estacionar mi bote en el puerto deportivo?",
           "ar": "هل يمكنني ركن قاربي في المرسى؟"}
AGENT_SAYS = {"en": "Yes: berths 4 to 9 are free this week.",
              "es": "Sí: los amarres 4 a 9 están libres esta semana.",
              "ar": "نعم: المراسي من 4 إلى 9 متاحة هذا الأسبوع."}
RESIDENT_SAYS = {"en": "Thank you! Which pier?", "es": "¡Gracias! ¿Qué muelle?",
                 "ar": "شكرًا! أي رصيف؟"}
# What the resident's screen says, as translated in locale/ (read, not looked up, so that a
# missing translation fails here).
SEEN = {
    "en": {"title": "Ask Beacon", "question": "Your question", "message": "Your message",
           "send": "Send", "full": "Read the full answer", "yes": "Yes", "good": "Good",
           "okay": "Okay", "bad": "Bad", "thanks": "Thank you for telling us.",
           "person": "Talk to someone",
           "waiting": "A person from the city will answer here soon.",
           "staff": "City staff", "rate": "How did we do?",
           "sms_unsure": "Reply AGENT to reach a person.", "agent_word": "AGENT",
           "sms_rate": "How did we do? Reply 1 good, 2 okay, 3 bad."},
    "es": {"title": "Pregunte a Beacon", "question": "Su pregunta", "message": "Su mensaje",
           "send": "Enviar", "full": "Leer la respuesta completa", "yes": "Sí", "good": "Bien",
           "okay": "Regular", "bad": "Mal", "thanks": "Gracias por decírnoslo.",
           "person": "Hablar con una persona",
           "waiting": "Una persona de la ciudad responderá aquí pronto.",
           "staff": "Personal de la ciudad", "rate": "¿Cómo lo hicimos?",
           "sms_unsure": "Responda AGENTE", "agent_word": "AGENTE",
           "sms_rate": "¿Cómo lo hicimos? Responda 1 bien, 2 regular, 3 mal."},
    "ar": {"title": "اسأل بيكون", "question": "سؤالك", "message": "رسالتك", "send": "إرسال",
           "full": "اقرأ الإجابة كاملة", "yes": "نعم", "good": "جيدة", "okay": "مقبولة",
           "bad": "سيئة", "thanks": "شكرًا لإخبارنا.", "person": "التحدث مع شخص",
           "waiting": "سيرد عليك موظف من المدينة هنا قريبًا.",
           "staff": "موظف المدينة", "rate": "كيف كانت خدمتنا؟", "sms_unsure": "موظف",
           "agent_word": "موظف",
           "sms_rate": "كيف كانت خدمتنا؟ أرسل 1 جيدة، 2 مقبولة، 3 سيئة."},
}
PREFIX = {"en": "", "es": "/es", "ar": "/ar"}
# Each language rates differently, so every rating button and reply is exercised.
RATING = {"en": 3, "es": 2, "ar": 1}
RATING_WORD = {1: "good", 2: "okay", 3: "bad"}


def _login(context, user, live_server):
    django_client = Client()
    django_client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": django_client.cookies["sessionid"].value,
                          "url": live_server.url}])


@pytest.fixture
def ask_beacon(site, settings):
    """One FAQ per language, searched lexically by the database backend; staffed hours."""
    settings.SEARCH_BACKEND = "database"
    settings.SEARCH_SEMANTIC_LANGUAGES = []
    for language, (question, answer) in FAQS.items():
        locale, _ = Locale.objects.get_or_create(language_code=language)
        make_faq(locale=locale, question=question, short_answer=answer,
                 answer=f"<p>{answer}</p>")
    get_backend("database").rebuild(all_documents())
    hours = AskSettings.for_site(site.get_site())
    hours.always_staffed = True
    hours.save()


def _staff(django_user_model, name, group):
    user = django_user_model.objects.create_user(name, f"{name}@x.example", "pw")
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def _desk(phone, user, live_server):  # noqa: F811
    desk = phone.context.browser.new_context(viewport={"width": 1280, "height": 900})
    _login(desk, user, live_server)
    return desk.new_page()


def _weekly_report_shows(page, live_server, agent, rating, channel):
    """The supervisor's report for this week counts what happened, as the database has it."""
    page.goto(live_server.url + "/agents/conversations/report/")
    figures = dict(zip(page.locator("dl.figures dt").all_inner_texts(),
                       page.locator("dl.figures dd").all_inner_texts(), strict=True))
    assert figures["Conversations"] == str(Conversation.objects.count())
    assert figures["Handed to a person"] == "1"
    row = page.locator("tbody tr", has=page.get_by_role("rowheader", name=agent.username))
    cells = row.locator("td").all_inner_texts()  # Good, Okay, Bad, Good share
    assert cells[rating - 1] == "1" and sum(int(n) for n in cells[:3]) == 1, cells
    frowns = page.locator("#frowns + ol li")
    if rating == 3:  # a bad rating is listed to call back
        expect(frowns.filter(has_text=channel)).to_have_count(1)
    else:
        assert "No bad ratings this week." in page.locator("main").inner_text()
    return figures


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_resident_and_agent_chat_live(live_server, phone, django_user_model, ask_beacon,  # noqa: F811
                                      language):
    words, prefix = SEEN[language], PREFIX[language]
    agent = _staff(django_user_model, "amal", "Agents")
    supervisor = _staff(django_user_model, "sara", "Agent supervisors")

    resident = phone
    resident.goto(f"{live_server.url}{prefix}/ask/")
    assert resident.locator("html").get_attribute("lang") == language
    assert resident.get_by_role("heading", level=1).inner_text() == words["title"]
    resident.get_by_label(words["question"]).fill(FAQS[language][0])
    resident.get_by_role("button", name=words["send"]).click()
    expect(resident.get_by_text(FAQS[language][1])).to_be_visible()
    assert resident.get_by_role("link", name=words["full"]).is_visible()
    resident.get_by_role("button", name=words["yes"], exact=True).click()
    resident.get_by_role("button", name=words["good"], exact=True).click()
    expect(resident.get_by_text(words["thanks"])).to_be_visible()

    resident.get_by_label(words["question"]).fill(UNKNOWN[language])
    resident.get_by_role("button", name=words["send"]).click()
    resident.get_by_role("button", name=words["person"]).click()
    expect(resident.get_by_text(words["waiting"])).to_be_visible()

    console = _desk(resident, agent, live_server)
    console.goto(live_server.url + "/agents/conversations/")
    assert UNKNOWN[language] in console.inner_text("#queue")
    console.get_by_role("button", name="Take").click()
    console.get_by_label("Reply").fill(AGENT_SAYS[language])
    console.get_by_role("button", name="Send").click()

    # No reload on either side from here: each page hears of the other's words.
    expect(resident.get_by_text(AGENT_SAYS[language])).to_be_visible(timeout=LIVE)
    assert words["staff"] in resident.locator("#thread").inner_text()
    resident.get_by_label(words["message"]).fill(RESIDENT_SAYS[language])
    resident.get_by_role("button", name=words["send"]).click()
    expect(console.get_by_text(RESIDENT_SAYS[language])).to_be_visible(timeout=LIVE)
    console.get_by_role("button", name="Resolve").click()
    expect(resident.get_by_text(words["rate"])).to_be_visible(timeout=LIVE)
    os.makedirs(ARTIFACTS, exist_ok=True)
    resident.screenshot(path=os.path.join(ARTIFACTS, f"ask-{language}-phone.png"),
                        full_page=True)
    rating = RATING[language]
    resident.get_by_role("button", name=words[RATING_WORD[rating]], exact=True).click()
    expect(resident.get_by_text(words["thanks"])).to_be_visible()
    handed = Conversation.objects.exclude(queued_at=None).get()
    assert handed.rating == rating and handed.agent == agent
    assert handed.language == language

    report = _desk(resident, supervisor, live_server)
    figures = _weekly_report_shows(report, live_server, agent, rating, "Web")
    assert figures["Resolved by Beacon alone"].endswith("(1)")
    report.screenshot(path=os.path.join(ARTIFACTS, f"ask-report-{language}-1280.png"),
                      full_page=True)


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_text_message_resident_and_agent_at_a_desk(live_server, phone, django_user_model,  # noqa: F811
                                                   ask_beacon, sms, language):  # noqa: F811
    """The resident texts (the signed webhook, as Twilio calls it); the agent works in the
    browser; Beacon's and the agent's texts go out through the real Twilio client code."""
    words, number = SEEN[language], "+15550107001"
    agent = _staff(django_user_model, "amal", "Agents")
    supervisor = _staff(django_user_model, "sara", "Agent supervisors")
    texting = Client()

    answer = text_in(texting, number, FAQS[language][0])
    assert answer.startswith(FAQS[language][1])
    assert words["sms_unsure"] in text_in(texting, number, UNKNOWN[language])
    text_in(texting, number, words["agent_word"])
    waiting = Conversation.objects.get(status="waiting")
    assert (waiting.channel, waiting.language) == ("sms", language)

    console = _desk(phone, agent, live_server)
    console.goto(live_server.url + "/agents/conversations/")
    queue = console.locator("#queue")
    expect(queue).to_contain_text(UNKNOWN[language])
    assert "Text message" in queue.inner_text() and number not in queue.inner_text()
    console.get_by_role("button", name="Take").click()
    expect(console.get_by_text(number)).to_be_visible()  # the holder sees whom to text
    console.get_by_label("Reply").fill(AGENT_SAYS[language])
    console.get_by_role("button", name="Send").click()
    expect(console.get_by_text(AGENT_SAYS[language])).to_be_visible()
    assert texts_sent(sms)[-1] == AGENT_SAYS[language]

    assert text_in(texting, number, RESIDENT_SAYS[language]) == ""  # to the agent, not Beacon
    expect(console.get_by_text(RESIDENT_SAYS[language])).to_be_visible(timeout=LIVE)
    os.makedirs(ARTIFACTS, exist_ok=True)
    console.screenshot(path=os.path.join(ARTIFACTS, f"ask-sms-{language}-desk.png"),
                       full_page=True)
    console.get_by_role("button", name="Resolve").click()
    console.wait_for_load_state()
    assert texts_sent(sms)[-1] == words["sms_rate"]
    rating = RATING[language]
    assert text_in(texting, number, str(rating)) == words["thanks"]
    waiting.refresh_from_db()
    assert (waiting.status, waiting.rating, waiting.agent) == ("resolved", rating, agent)

    report = _desk(phone, supervisor, live_server)
    _weekly_report_shows(report, live_server, agent, rating, "Text message")
    report.screenshot(path=os.path.join(ARTIFACTS, f"ask-sms-report-{language}-1280.png"),
                      full_page=True)
