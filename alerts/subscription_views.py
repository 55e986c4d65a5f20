"""/subscribe/: sign up, confirm, manage, unsubscribe; /subscribe/sms/inbound for STOP.

Thin views over alerts.subscriptions. Every page is private (never page-cached: each has
a CSRF token or a personal link) and works without JavaScript.
"""

import functools
import re
from xml.sax.saxutils import escape

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from django_ratelimit.core import is_ratelimited

from . import sms_guard, subscriptions
from .sms import inbound_text, valid_signature
from .subscription_forms import (
    SMS_CHALLENGE_FAILED,
    SMS_REFUSALS,
    WHOLE_CITY,
    ManageForm,
    SmsCodeForm,
    SubscribeForm,
)

SIGNUPS_PER_CLIENT = "10/h"
# A refused number is the resident's to correct (400); a spent budget or a busy prefix is
# a limit (429, with Retry-After). Not 503: Django mails ADMINS on every 5xx, and during an
# attack staff should get one email (alerts.sms_guard.tell_staff), not one per attempt.
SMS_REFUSAL_STATUS = {sms_guard.REFUSED: 400, sms_guard.NOT_ALLOWED: 400,
                      sms_guard.PAUSED: 429, sms_guard.PREFIX: 429, sms_guard.CHALLENGE: 400}
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ALTO", "PARAR"}
# Carrier keywords the provider answers itself; a six-digit sign-up code is entered on the
# web page. Neither is a question for Ask Beacon.
START_WORDS = {"START", "UNSTOP", "YES", "HELP", "INFO"}
SIGN_UP_CODE = re.compile(r"^\d{6}$")


def _limited(request, group, rate):
    return is_ratelimited(request, group=group, key="ip", rate=rate, increment=True)


def _no_referrer(view):
    """A page whose address holds a token: links from it must not carry that address to
    the next request's Referer (and so into logs)."""
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        # same-origin, not no-referrer: the token never leaves the site in a Referer, and
        # the Confirm/Unsubscribe POSTs keep their Origin (with no-referrer Chromium sends
        # "Origin: null" and CSRF refuses the form).
        response["Referrer-Policy"] = "same-origin"
        return response
    return wrapper


def _keyword(body):
    """'Stop.', ' stop! ', 'STOP ALL' -> 'STOP', 'STOP', 'STOPALL': carriers read keywords
    whatever the punctuation, so must we (issue 23 point 10)."""
    return re.sub(r"[\W_]+", "", body).upper()


def _form_page(request, form, status=200):
    """The sign-up form; every time it is shown, this browser may have one code texted
    (alerts.sms_guard's challenge), and a paused text sign-up is said up front."""
    paused = SMS_REFUSALS[sms_guard.PAUSED] if sms_guard.paused() else ""
    return render(request, "alerts/subscriptions/subscribe.html", {
        "form": form, "sms_paused": paused, "challenge": sms_guard.issue_challenge()},
        status=status)


@never_cache
def subscribe(request):
    initial = {"language": get_language(), "areas": [request.GET.get("area", WHOLE_CITY)]}
    form = SubscribeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if _limited(request, "subscribe", SIGNUPS_PER_CLIENT):
            form.add_error(None, _("Too many sign-ups from this connection. Try again in an "
                                   "hour, or call 311."))
            return _form_page(request, form, status=429)
        areas, whole_city = form.chosen()
        data = form.cleaned_data
        challenge = sms_guard.read_challenge(request.POST.get("challenge"))
        if data["phone"] and challenge is None:
            form.add_error("phone", SMS_CHALLENGE_FAILED)
            return _form_page(request, form, status=400)
        try:
            touched = subscriptions.subscribe(
                email=data["email"], phone=data["phone"], areas=areas,
                whole_city=whole_city, language=data["language"], challenge=challenge)
        except subscriptions.TooMany:
            form.add_error(None, _("We already sent several messages to this address in the "
                                   "last hour. Check your inbox or phone, or try later."))
            return _form_page(request, form, status=429)
        except subscriptions.SmsRefused as exc:
            problem = SMS_REFUSALS.get(exc.reason, SMS_CHALLENGE_FAILED)
            if data["email"] and exc.reason != sms_guard.CHALLENGE:
                # Nothing lost: the email half goes ahead, and the page says why the text
                # half did not.
                touched = []
                try:
                    touched = subscriptions.subscribe(
                        email=data["email"], areas=areas, whole_city=whole_city,
                        language=data["language"])
                except subscriptions.TooMany:
                    pass  # the address had its messages this hour; the page still says why
                return render(request, "alerts/subscriptions/sent.html", {
                    "email": data["email"], "sms_problem": problem,
                    "email_progress": subscriptions.email_progress(touched)})
            # Nothing was saved: the form comes back as the resident filled it in.
            form.add_error("phone", problem)
            response = _form_page(request, form, status=SMS_REFUSAL_STATUS[exc.reason])
            if exc.reason in (sms_guard.PAUSED, sms_guard.PREFIX):
                response["Retry-After"] = "3600"
            return response
        return render(request, "alerts/subscriptions/sent.html", {
            "email": data["email"], "phone": data["phone"],
            "email_progress": subscriptions.email_progress(touched),
            "code_form": SmsCodeForm(initial={"phone": data["phone"]}) if data["phone"]
            else None})
    return _form_page(request, form)


def _bad_link(request, exc):
    """The truth about a link that did not work: not ours (nothing changed), expired (how
    to get a fresh one) or its subscription is gone."""
    return render(request, "alerts/subscriptions/bad_link.html", {"reason": exc.reason},
                  status=400)


@never_cache
@_no_referrer
def confirm(request, token):
    """GET shows a Confirm button; only the POST confirms (link scanners only GET)."""
    try:
        subscriber = subscriptions.read_token(token, "confirm",
                                              max_age=subscriptions.CONFIRM_WITHIN)
    except subscriptions.BadLink as exc:
        return _bad_link(request, exc)
    if request.method == "POST" or subscriber.confirmed:
        # A used link says so (and never offers "Confirm" again); confirming stays idempotent.
        already = subscriber.confirmed
        subscriber = subscriptions.confirm(token)
        return render(request, "alerts/subscriptions/confirmed.html", {
            "subscriber": subscriber, "manage": subscriptions.manage_link(subscriber),
            "already": already})
    return render(request, "alerts/subscriptions/confirm.html", {"subscriber": subscriber})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_code(request):
    """GET: the code form on its own (the text message links here, so a resident who
    closed the tab can come back); POST: check the phone number and code."""
    if request.method == "GET":
        return render(request, "alerts/subscriptions/sent.html", {"code_form": SmsCodeForm()})
    form = SmsCodeForm(request.POST)
    subscriber = None
    if form.is_valid():
        try:
            subscriber = subscriptions.confirm_sms(form.cleaned_data["phone"],
                                                   form.cleaned_data["code"])
        except subscriptions.TooMany:
            form.add_error(None, _("Too many tries. Wait an hour and try again."))
            return render(request, "alerts/subscriptions/sent.html", {"code_form": form},
                          status=429)
        if subscriber is None:
            form.add_error("code", _("That code is not right, or it has expired."))
    if subscriber is None:
        return render(request, "alerts/subscriptions/sent.html", {"code_form": form},
                      status=400)
    return render(request, "alerts/subscriptions/confirmed.html", {"subscriber": subscriber})


@never_cache
@_no_referrer
def manage(request, token):
    try:
        subscriber = subscriptions.read_token(token, "manage")
    except subscriptions.BadLink as exc:
        return _bad_link(request, exc)
    if request.method == "POST" and request.POST.get("delete") == "yes":
        subscriptions.forget(subscriber)
        return render(request, "alerts/subscriptions/unsubscribed.html")
    chosen = [WHOLE_CITY] if subscriber.whole_city else [a.slug for a in subscriber.areas.all()]
    form = ManageForm(request.POST or None,
                      initial={"areas": chosen, "language": subscriber.language})
    saved = False
    if request.method == "POST" and form.is_valid():
        areas, whole_city = form.chosen()
        subscriptions.change(subscriber, areas=areas, whole_city=whole_city,
                             language=form.cleaned_data["language"])
        saved = True
    return render(request, "alerts/subscriptions/manage.html", {
        "form": form, "subscriber": subscriber, "saved": saved})


@never_cache
@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without a form or cookie
@_no_referrer
def unsubscribe(request, token):
    """GET: a page with an Unsubscribe button. POST (the button, or the mail client's
    List-Unsubscribe-Post one-click): forget the address."""
    try:
        subscriber = subscriptions.read_token(token, "unsubscribe")
    except subscriptions.BadLink as exc:
        if exc.reason == subscriptions.GONE:  # a genuine link, the address already gone
            return render(request, "alerts/subscriptions/unsubscribed.html",
                          {"already": True})
        return _bad_link(request, exc)  # not ours: say nothing changed, never "done"
    if request.method == "POST":
        subscriptions.forget(subscriber)
        return render(request, "alerts/subscriptions/unsubscribed.html")
    return render(request, "alerts/subscriptions/unsubscribe.html", {"subscriber": subscriber})


@csrf_exempt  # the SMS provider calls this; it is authenticated by its signature
@require_POST
def sms_inbound(request):
    """Texts residents send to the city's number: STOP (and its usual synonyms) forgets
    the number at once; any other text but a carrier keyword or a code goes to whoever
    listens to `inbound_text` (Ask Beacon). Signed like Twilio's webhooks (X-Twilio-Signature)."""
    url = request.build_absolute_uri()
    if not valid_signature(url, request.POST.dict(), request.headers.get("X-Twilio-Signature")):
        return HttpResponseForbidden("Bad signature.")
    sender, body = request.POST.get("From", ""), request.POST.get("Body", "")
    if not sender:
        return HttpResponseBadRequest("No sender.")
    reply = ""
    keyword = _keyword(body)
    if keyword in STOP_WORDS:
        subscriptions.forget_phone(sender)
        reply = _("You will get no more alerts from the city. To sign up again: %(url)s") % {
            "url": request.build_absolute_uri(reverse("subscribe"))}
    elif keyword not in START_WORDS and not SIGN_UP_CODE.match(body.strip()):
        answers = inbound_text.send(sender=sms_inbound, request=request, phone=sender, body=body)
        reply = next((answer for _receiver, answer in answers if answer), "")
    twiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
    if reply:
        twiml += f"<Message>{escape(reply)}</Message>"
    return HttpResponse(twiml + "</Response>", content_type="text/xml")

