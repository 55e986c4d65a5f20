"""Ask Beacon by text message: the receiver of alerts.sms.inbound_text.

A text is, in this order: DELETE (or BORRAR, احذف) to delete the sender's conversations;
a message for the person holding (or about to take) the sender's conversation; AGENT
(or its Spanish/Arabic words) to reach a person; 1/2/3 to rate a resolved conversation;
otherwise a question. Replies fit in two segments (the
short answer is shortened, the link kept), in the sender's language: the subscriber's
language when the number is subscribed, else guessed from the words.
"""

import re
from datetime import timedelta

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alerts.models import Subscriber
from content.text_rules import sms_report
from search.load_shedding import contact_numbers

from . import services
from .models import AskSettings, Conversation

Status = Conversation.Status
MAX_SEGMENTS = 2
DANGER_SEGMENTS = 3  # "call 911" and what to do: never cut to fit two
AGENT_WORDS = {"AGENT", "AGENTE", "PERSON", "PERSONA", "HUMAN", "HUMANO", "موظف", "شخص"}
RATINGS = {"1": 1, "2": 2, "3": 3}
DELETE_WORDS = {"DELETE": "en", "BORRAR": "es", "احذف": "ar", "حذف": "ar"}  # and their language
FOLLOW_UP = timedelta(hours=24)  # a new text within this joins the last conversation
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_WORD = re.compile(r"\w+", re.UNICODE)
SPANISH_WORDS = {"el", "la", "los", "las", "de", "del", "que", "qué", "es", "esta", "está",
                 "donde", "dónde", "cuando", "cuándo", "como", "cómo", "hay", "mi", "por",
                 "para", "puedo", "necesito", "ayuda", "agua", "basura", "luz", "calle",
                 "hola", "tengo", "casa", "una", "un", "se", "no", "y", "con", "refugio"}
ENGLISH_WORDS = {"the", "is", "are", "where", "when", "what", "how", "my", "can", "i", "do",
                 "does", "to", "of", "a", "an", "and", "for", "need", "help", "water", "trash",
                 "power", "street", "home", "shelter", "it", "in", "on"}


def guess_language(body, phone=""):
    subscribed = (Subscriber.objects.filter(kind=Subscriber.Kind.SMS, address=phone)
                  .values_list("language", flat=True).first() if phone else None)
    if subscribed:
        return subscribed
    if _ARABIC.search(body):
        return "ar"
    words = [w.lower() for w in _WORD.findall(body)]
    spanish = sum(w in SPANISH_WORDS for w in words) + sum(ch in "ñ¿¡áéíóú" for ch in body.lower())
    english = sum(w in ENGLISH_WORDS for w in words)
    return "es" if spanish > english else "en"


def fit(text, link="", segments=MAX_SEGMENTS):
    """`text` shortened (at a word, with an ellipsis) so that text + link fits."""
    tail = f" {link}" if link else ""
    if sms_report(text + tail).segments <= segments:
        return text + tail
    words = text.split()
    while words and sms_report(" ".join(words) + "…" + tail).segments > segments:
        words.pop()
    return " ".join(words) + "…" + tail


def _latest(phone, statuses, since=None):
    found = Conversation.objects.filter(channel=Conversation.Channel.SMS, phone=phone,
                                        status__in=statuses)
    if since is not None:
        found = found.filter(updated_at__gte=since)
    return found.order_by("-updated_at", "-pk").first()


def _person_reply(request, conversation):
    ask_settings = AskSettings.for_request(request)
    _emergency, info = contact_numbers(request)
    with translation.override(conversation.language):
        if ask_settings.staffed():
            return fit(_("Thanks. A person will text you back here soon."))
        opening = ask_settings.next_opening()
        when = date_format(timezone.localtime(opening), "D H:i") if opening else ""
        return fit(_("Our staff are away now; a person will text you back when we open "
                     "(%(when)s). Urgent: call %(number)s.") % {"when": when, "number": info})


def handle_inbound_question(sender, request, phone, body, **kwargs):
    body = (body or "").strip()
    if not body:
        return ""
    now = timezone.now()
    word = body.upper()
    if word in DELETE_WORDS:
        services.forget_phone(phone)
        with translation.override(DELETE_WORDS[word]):
            return _("Your conversations with the city were deleted.")
    held = _latest(phone, [Status.WAITING, Status.ACTIVE])
    if held is not None:
        services.add_message(held, services.Author.RESIDENT, body)
        return ""
    if word in AGENT_WORDS:
        conversation = (_latest(phone, [Status.BEACON], since=now - FOLLOW_UP)
                        or services.start(Conversation.Channel.SMS, guess_language("", phone),
                                          phone=phone))
        services.request_person(conversation)
        return _person_reply(request, conversation)
    if body in RATINGS:
        resolved = _latest(phone, [Status.RESOLVED], since=now - FOLLOW_UP)
        if resolved is not None and services.rate(resolved, RATINGS[body]):
            with translation.override(resolved.language):
                return _("Thank you for telling us.")
    conversation = _latest(phone, [Status.BEACON], since=now - FOLLOW_UP)
    if conversation is None:
        conversation = services.start(Conversation.Channel.SMS, guess_language(body, phone),
                                      phone=phone)
    emergency, _info = contact_numbers(request)
    replies = services.ask(conversation, body, emergency_number=emergency)
    with translation.override(conversation.language):
        for beacon in replies:
            if beacon.danger:
                return fit(beacon.text, segments=DANGER_SEGMENTS)
            if beacon.confident:
                return fit(beacon.text, request.build_absolute_uri(beacon.url))
        return fit(_("We are not sure we have the answer. Reply AGENT to reach a person."))
