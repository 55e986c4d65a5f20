"""/ask/ (and /es/ask/, /ar/ask/): Ask Beacon on the web. A form and an answer page that
work without JavaScript; with it, the thread refreshes itself (polling with an ETag).

The resident's conversation is found by an opaque random token in its own cookie, never
by its number; every page is private (never page-cached). A cookie and not the session:
a session cookie would take the resident out of the page cache and the nginx microcache
on every page for weeks (as alerts/subscription_views learned for the SMS challenge).
"""

from django import forms
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from django_ratelimit.core import is_ratelimited

from alerts.subscription_forms import normalize_phone
from search.danger import danger_kind
from search.load_shedding import contact_numbers

from . import services
from .etags import conversation_etag
from .models import AskSettings, Conversation

COOKIE = "beacon_ask"
# Each question is a search and a stored message: plenty for a person typing, not for a
# script filling the queue.
QUESTIONS_PER_CLIENT = "30/10m"
Status = Conversation.Status


class QuestionForm(forms.Form):
    question = forms.CharField(label=_("Your question"), max_length=services.MAX_MESSAGE_LENGTH,
                               widget=forms.Textarea(attrs={"rows": 3}))


class CallbackForm(forms.Form):
    phone = forms.CharField(label=_("Your phone number"), max_length=32,
                            widget=forms.TextInput(attrs={"type": "tel",
                                                          "autocomplete": "tel"}))

    def clean_phone(self):
        try:
            phone = normalize_phone(self.cleaned_data["phone"])
        except forms.ValidationError:
            phone = ""
        if not phone:
            raise forms.ValidationError(_("Enter a phone number we can call."))
        return phone


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(choices=Conversation.Rating.choices, coerce=int)
    comment = forms.CharField(label=_("Anything to add? (optional)"), required=False,
                              max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


def current(request):
    token = request.COOKIES.get(COOKIE)
    if not token:
        return None
    return Conversation.objects.filter(token=token, channel=Conversation.Channel.WEB).first()


def _ask_url():
    return reverse("ask")


def _context(request, conversation, **extra):
    ask_settings = AskSettings.for_request(request)
    messages = services.with_language_notes(conversation.messages.all()) if conversation else []
    last_beacon = next((m for m in reversed(messages) if m.author == "beacon"), None)
    open_to_beacon = conversation is not None and conversation.status == Status.BEACON
    context = {
        "conversation": conversation, "thread_messages": messages,
        # from a search's "Ask Beacon" link: the resident's words, not typed again
        "form": QuestionForm(initial={
            "question": request.GET.get("q", "")[:services.MAX_MESSAGE_LENGTH]}),
        "callback_form": CallbackForm(), "rating_form": RatingForm(),
        "staffed": ask_settings.staffed(), "next_opening": ask_settings.next_opening(),
        "ask_answered": open_to_beacon and last_beacon is not None and last_beacon.confident,
        # After "call 911 now" nothing else is offered: not 311, not a callback on Monday.
        "offer_person": open_to_beacon and last_beacon is not None and not last_beacon.confident
        and not last_beacon.danger,
        "etag": conversation_etag(conversation),
    }
    context.update(extra)
    return context


@never_cache
def ask_page(request):
    conversation = current(request)
    if request.method == "POST":
        form = QuestionForm(request.POST)
        limited = form.is_valid() and is_ratelimited(request, group="ask", key="ip",
                                                     rate=QUESTIONS_PER_CLIENT, increment=True)
        # Over the rate, a question that speaks of danger still gets "call 911" (a third
        # probe: a shared connection at a warming centre, "my dad collapsed" refused).
        if limited and not danger_kind(form.cleaned_data["question"]):
            form.add_error(None, _("Too many questions from this connection. Wait a few "
                                   "minutes, or call %(number)s.")
                           % {"number": contact_numbers(request)[1]})
        if form.is_valid():
            response = redirect(f"{_ask_url()}#latest")
            if conversation is None or conversation.status == Status.RESOLVED:
                conversation = services.start(Conversation.Channel.WEB, get_language())
                response.set_cookie(COOKIE, conversation.token,
                                    max_age=int(services.retention().total_seconds()),
                                    secure=request.is_secure(), httponly=True, samesite="Lax")
            emergency, _info = contact_numbers(request)
            services.ask(conversation, form.cleaned_data["question"], emergency_number=emergency,
                         look_up=not limited, language=get_language())
            return response
        return render(request, "conversations/ask.html",
                      _context(request, conversation, form=form), status=400)
    template = ("conversations/includes/thread.html" if request.GET.get("partial")
                else "conversations/ask.html")
    return render(request, template, _context(request, conversation))


@never_cache
def ask_state(request):
    """Polled by the open page: 304 while nothing changed since its ETag."""
    etag = conversation_etag(current(request))
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = JsonResponse({"etag": etag})
    response["ETag"] = etag
    return response


def _back():
    return redirect(f"{_ask_url()}#latest")


@require_POST
def answered(request):
    conversation = current(request)
    if conversation is not None and conversation.status == Status.BEACON:
        services.answered(conversation, request.POST.get("answered") == "yes")
    return _back()


@require_POST
def talk_to_someone(request):
    conversation = current(request)
    if conversation is None:
        return _back()
    if AskSettings.for_request(request).staffed():
        services.request_person(conversation)
        return _back()
    form = CallbackForm(request.POST)
    if not form.is_valid():
        return render(request, "conversations/ask.html",
                      _context(request, conversation, callback_form=form), status=400)
    services.request_person(conversation, callback_phone=form.cleaned_data["phone"])
    return _back()


@require_POST
def rate(request):
    conversation = current(request)
    form = RatingForm(request.POST)
    if conversation is not None and form.is_valid():
        services.rate(conversation, form.cleaned_data["rating"], form.cleaned_data["comment"])
    return _back()


@require_POST
def delete(request):
    conversation = current(request)
    if conversation is not None:
        services.delete(conversation)
    response = redirect(f"{_ask_url()}?deleted=1")
    response.delete_cookie(COOKIE, samesite="Lax")
    return response
