"""What happens in a conversation, in one place (views for the web, the SMS receiver and
the agent console all call these).

- `ask`: the resident's question goes to search; a confident answer is Beacon's reply,
  danger words get "call 911" first, otherwise Beacon says it is not sure.
- `request_person`: the conversation waits in the agents' queue; the question goes to the
  gap queue (a person had to answer it).
- `take`: one agent, never two (a locked row and a guarded update).
- `resolve` / `rate`: how did we do? A frowning rating puts the question in the gap queue.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alerts import live
from alerts.channels.base import PermanentError, RetryableError
from alerts.sms import get_provider
from search import analytics
from search.danger import detect as detect_danger
from search.service import one_answer, search
from search.site_places import places
from search.text import clean_query

from .models import Conversation, ConversationMessage

Author = ConversationMessage.Author
Status = Conversation.Status
MAX_MESSAGE_LENGTH = 1000
DEFAULT_RETENTION_DAYS = 90


class AlreadyTaken(Exception):
    """Another agent holds this conversation (or it is not waiting any more)."""


class NotYours(Exception):
    """Only the agent holding a conversation replies to it and resolves it."""


def retention():
    return timedelta(days=getattr(settings, "CONVERSATION_RETENTION_DAYS",
                                  DEFAULT_RETENTION_DAYS))


def start(channel, language, phone=""):
    language = language if language in dict(settings.LANGUAGES) else "en"
    return Conversation.objects.create(channel=channel, language=language, phone=phone)


def _touch(conversation, **fields):
    fields["updated_at"] = timezone.now()
    for name, value in fields.items():
        setattr(conversation, name, value)
    Conversation.objects.filter(pk=conversation.pk).update(**fields)
    _changed(conversation.pk)


def _changed(pk):
    """Open pages showing this conversation, and the agents' queue, update live."""
    live.publish(f"conversation/{pk}")
    live.publish("queue")


def add_message(conversation, author, text, agent=None, **fields):
    fields.setdefault("language", conversation.language)
    message = ConversationMessage.objects.create(
        conversation=conversation, author=author, agent=agent,
        text=(text or "").strip()[:MAX_MESSAGE_LENGTH], **fields)
    _touch(conversation)
    return message


def ask(conversation, text, emergency_number="911", look_up=True, language=None):
    """Store the question and Beacon's replies; return those replies (danger first).

    While a person holds (or is about to take) the conversation, Beacon stays quiet: the
    question is for them. Without `look_up` (a client over its rate) no search is made:
    only danger words are answered. `language`: the page's, when the question was asked on
    the web; the conversation follows it (a probe asked on /es/ after /ask/ and was
    answered in English)."""
    if language in dict(settings.LANGUAGES) and language != conversation.language:
        _touch(conversation, language=language)
    question = add_message(conversation, Author.RESIDENT, text)
    if conversation.status in (Status.WAITING, Status.ACTIVE):
        return []
    language = conversation.language
    danger = detect_danger(text, language, emergency_number)
    if danger:
        _touch(conversation, urgent=True)
    try:
        response = (search(clean_query(text), language=language, source="web") if look_up
                    else None)
    except Exception:  # noqa: BLE001 - a failed search is "not sure", never a lost question
        response = None
    answer = one_answer(response) if response is not None else None
    if response is not None and response.event_id:
        ConversationMessage.objects.filter(pk=question.pk).update(
            search_event_id=response.event_id)
    replies = []
    with translation.override(language):
        if danger:
            # the lifeline's number rides in the message's link: its buttons come first
            replies.append(add_message(conversation, Author.BEACON,
                                       f"{danger.title}. {danger.text}", danger=True,
                                       url=f"tel:{danger.lifeline}" if danger.lifeline else ""))
        if answer:
            replies.append(add_message(conversation, Author.BEACON, answer["text"],
                                       url=answer["url"], title=answer["question"],
                                       confident=True,
                                       language=answer.get("language", language)))
        elif not danger:
            replies.append(add_message(conversation, Author.BEACON,
                                       _("I am not sure I have the answer to that.")))
            # the site's own service the words ask for (sign-up, areas): a way on, the
            # question still "not sure" (search.site_places)
            replies += [add_message(conversation, Author.BEACON, str(place.title), url=place.url)
                        for place in places(text)]
    return replies


def with_language_notes(messages):
    """The messages, each of Beacon's answers marked `in_another_language` when it is in
    another language than the question it answers (only there yet: said to the reader)."""
    messages, asked_in = list(messages), ""
    for message in messages:
        if message.author == Author.RESIDENT:
            asked_in = message.language
        message.in_another_language = bool(
            message.author == Author.BEACON and message.title and message.language
            and asked_in and message.language != asked_in)
    return messages


def last_question(conversation):
    return (conversation.messages.filter(author=Author.RESIDENT).order_by("-created_at", "-pk")
            .first())


def request_person(conversation, callback_phone=""):
    """Put the conversation in the agents' queue (once); its question goes to the gap
    queue, because Beacon could not answer it alone."""
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if locked.status in (Status.WAITING, Status.ACTIVE):
            return False
        now = timezone.now()
        fields = {"status": Status.WAITING, "queued_at": now, "taken_at": None, "agent": None,
                  "resolved_at": None}
        if callback_phone:
            fields.update(phone=callback_phone, callback_requested=True)
        _touch(conversation, **fields)
    question = last_question(conversation)
    if question:
        analytics.record_gap(question.text, language=conversation.language)
    return True


def answered(conversation, helpful):
    """The resident's "Did this answer your question?"."""
    if helpful:
        resolve(conversation)
        return
    question = last_question(conversation)
    if question is not None:
        flagged = (analytics.record_not_helpful(question.search_event_id)
                   if question.search_event_id else 0)
        if not flagged:
            analytics.record_gap(question.text, language=conversation.language)
    with translation.override(conversation.language):
        add_message(conversation, Author.BEACON,
                    _("Sorry that did not answer it. A person can help."))


def take(conversation_id, agent):
    """The agent holds the conversation, or AlreadyTaken when someone else got there first.
    The row lock serialises takers on PostgreSQL; the guarded UPDATE keeps it one-taker on
    databases without row locks (SQLite's write lock does the rest)."""
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().filter(pk=conversation_id).first()
        if conversation is None:  # the resident deleted it meanwhile
            raise AlreadyTaken(None)
        if conversation.status != Status.WAITING:
            raise AlreadyTaken(conversation.agent)
        now = timezone.now()
        updated = Conversation.objects.filter(pk=conversation_id, status=Status.WAITING).update(
            status=Status.ACTIVE, agent=agent, taken_at=now, updated_at=now)
        if not updated:
            raise AlreadyTaken(None)
        _changed(conversation_id)
    conversation.refresh_from_db()
    return conversation


def release(conversation, agent):
    """Back to the queue, keeping its place (queued_at) for the next agent."""
    if conversation.agent_id != agent.pk or conversation.status != Status.ACTIVE:
        raise NotYours()
    _touch(conversation, status=Status.WAITING, agent=None, taken_at=None)


def transfer(conversation, agent, to):
    """Hand a held conversation straight to another agent."""
    if conversation.agent_id != agent.pk or conversation.status != Status.ACTIVE:
        raise NotYours()
    _touch(conversation, agent=to)


def send_text(phone, body):
    """Text `body` through the configured provider; "" when sent, else why not."""
    provider = get_provider()
    if provider is None or not provider.configured:
        return _("Text messages are not set up.")
    try:
        provider.send(phone, body)
    except (RetryableError, PermanentError) as exc:
        return str(exc)
    return ""


def reply(conversation, agent, text):
    """An agent's reply: on the resident's page at their next refresh, or texted at once.
    Returns (message, "" or why the text was not sent)."""
    if conversation.agent_id != agent.pk or conversation.status != Status.ACTIVE:
        raise NotYours()
    message = add_message(conversation, Author.AGENT, text, agent=agent)
    problem = ""
    if conversation.channel == Conversation.Channel.SMS and message.text:
        problem = send_text(conversation.phone, message.text)
    return message, problem


def rating_question(language):
    with translation.override(language):
        return _("How did we do? Reply 1 good, 2 okay, 3 bad.")


def resolve(conversation, agent=None):
    """Done: by the agent holding it, or by the resident ("yes, this answered it")."""
    if agent is not None and (conversation.agent_id != agent.pk
                              or conversation.status != Status.ACTIVE):
        raise NotYours()
    if conversation.status == Status.RESOLVED:
        return ""
    _touch(conversation, status=Status.RESOLVED, resolved_at=timezone.now(),
           rating=None, rating_comment="", rated_at=None)
    if agent is not None and conversation.channel == Conversation.Channel.SMS:
        return send_text(conversation.phone, rating_question(conversation.language))
    return ""


def rate(conversation, rating, comment=""):
    """One rating per resolution; a frown sends the question to the gap queue."""
    if conversation.status != Status.RESOLVED or conversation.rating is not None:
        return False
    if rating not in Conversation.Rating.values:
        return False
    _touch(conversation, rating=rating, rating_comment=(comment or "").strip()[:1000],
           rated_at=timezone.now())
    if rating == Conversation.Rating.BAD:
        question = last_question(conversation)
        if question is not None:
            analytics.record_gap(question.text, language=conversation.language)
    return True


def mark_called_back(conversation, done=True):
    _touch(conversation, called_back_at=timezone.now() if done else None)


def delete(conversation):
    """The resident's "delete my conversation": everything, at once."""
    pk = conversation.pk
    conversation.delete()
    _changed(pk)


def forget_phone(phone):
    """A texted "delete my conversations": everything held for that number."""
    deleted, per_model = Conversation.objects.filter(phone=phone).delete()
    return per_model.get(Conversation._meta.label, 0)


def purge(now=None):
    """Delete conversations untouched for the retention period; returns how many."""
    cutoff = (now or timezone.now()) - retention()
    deleted, per_model = Conversation.objects.filter(updated_at__lt=cutoff).delete()
    return per_model.get(Conversation._meta.label, 0)
