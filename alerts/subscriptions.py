"""Residents' subscriptions: sign up, double opt-in, manage, unsubscribe, forget.

Plain functions; the views (subscription_views.py) only translate HTTP to these. Links
are signed with Django's signing (SECRET_KEY): they carry the subscription's id and a
digest of its address, never the address itself. A confirmation link expires after 48 h
and only a POST (the page's Confirm button) confirms, so mail scanners that open links
confirm nothing. Unconfirmed entries are deleted after 48 h.
"""

import hashlib
import hmac
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import sms_guard
from .models import Subscriber
from .sms import get_provider
from .urls_helpers import absolute

logger = logging.getLogger(__name__)
CONFIRM_WITHIN = timedelta(hours=48)
MESSAGES_PER_ADDRESS_PER_HOUR = 3
CODE_ATTEMPTS_PER_HOUR = 5


class TooMany(Exception):
    """Rate limit reached for this address: nothing was sent."""


class SmsRefused(Exception):
    """No code may be texted to this number now (alerts.sms_guard): `reason` says why.
    Nothing was saved or sent."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class BadLink(Exception):
    """The link is not ours, was changed, has expired or its subscription is gone."""


def _digest(address):
    return hashlib.sha256(address.encode()).hexdigest()[:16]


def make_token(subscriber, purpose):
    return signing.dumps([subscriber.pk, _digest(subscriber.address)],
                         salt=f"beacon.subscription.{purpose}")


def read_token(token, purpose, max_age=None):
    try:
        pk, digest = signing.loads(token, salt=f"beacon.subscription.{purpose}",
                                   max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadLink(str(exc)) from exc
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None or not hmac.compare_digest(_digest(subscriber.address), str(digest)):
        raise BadLink("no such subscription")
    return subscriber


def link(subscriber, name, purpose):
    with translation.override(subscriber.language):
        return absolute(reverse(name, kwargs={"token": make_token(subscriber, purpose)}))


def manage_link(subscriber):
    return link(subscriber, "subscribe_manage", "manage")


def unsubscribe_link(subscriber):
    return link(subscriber, "subscribe_unsubscribe", "unsubscribe")


def _count(key, limit):
    """Count one more use of `key` in this hour, in the store every process shares (the
    'ratelimit' cache alias); False once over `limit`. (It fails open: without the store
    nothing is counted and nobody is refused.)"""
    store = caches["ratelimit"]
    try:
        store.add(key, 0, 3600)
        return store.incr(key) <= limit
    except ValueError:  # expired between add and incr
        store.set(key, 1, 3600)
        return True
    except Exception:
        return True


def sms_code(subscriber):
    """Six digits derived from the subscription (nothing extra stored): a new sign-up
    (new consent time) gives a new code."""
    data = f"{subscriber.pk}:{subscriber.address}:{subscriber.consented_at.isoformat()}"
    digest = hmac.new(settings.SECRET_KEY.encode(), data.encode(), hashlib.sha256).hexdigest()
    return f"{int(digest, 16) % 1_000_000:06d}"


@transaction.atomic
def subscribe(*, email="", phone="", areas=(), whole_city=False, language="en",
              challenge=None):
    """Record consent and send the confirmation (email link, SMS code) for each address.
    Returns the Subscribers touched. An address that is already confirmed is not changed
    by this public form: it gets a "manage your subscription" message instead.
    `challenge`: the nonce of the form's one-time token (alerts.sms_guard)."""
    touched = []
    for kind, address in ((Subscriber.Kind.EMAIL, email), (Subscriber.Kind.SMS, phone)):
        if not address:
            continue
        if not _count(f"subscribe:address:{_digest(address)}", MESSAGES_PER_ADDRESS_PER_HOUR):
            raise TooMany(address)
        if kind == Subscriber.Kind.SMS:
            # Every text this public form sends (a code, or "already subscribed") is one a
            # stranger asked for: allowed region, no special range, within the budgets.
            try:
                sms_guard.spend(address, challenge=challenge)
            except sms_guard.Refused as exc:
                raise SmsRefused(exc.reason) from exc
        subscriber = Subscriber.objects.select_for_update().filter(kind=kind,
                                                                   address=address).first()
        if subscriber and subscriber.confirmed:
            transaction.on_commit(lambda s=subscriber: _send_already_subscribed(s))
            touched.append(subscriber)
            continue
        subscriber = subscriber or Subscriber(kind=kind, address=address)
        subscriber.language, subscriber.whole_city = language, whole_city
        subscriber.consented_at = timezone.now()
        subscriber.save()
        subscriber.areas.set([] if whole_city else areas)
        transaction.on_commit(lambda s=subscriber: _send_confirmation(s))
        touched.append(subscriber)
    return touched


def _send_confirmation(subscriber):
    if subscriber.kind == Subscriber.Kind.EMAIL:
        _email(subscriber, "confirm", {"link": link(subscriber, "subscribe_confirm", "confirm")})
    else:
        with translation.override(subscriber.language):
            body = render_to_string("alerts/subscriptions/sms_code.txt",
                                    {"code": sms_code(subscriber)}).strip()
        _text(subscriber, body)


def _send_already_subscribed(subscriber):
    if subscriber.kind == Subscriber.Kind.EMAIL:
        _email(subscriber, "already", {"link": manage_link(subscriber)})
    else:
        with translation.override(subscriber.language):
            _text(subscriber, render_to_string("alerts/subscriptions/sms_already.txt").strip())


def _email(subscriber, template, context):
    """Send one message now. With the mail server down the sign-up is kept (it was saved
    before this runs) and `subscriber.not_sent` tells the page to say so: the resident
    signs up again later and gets a fresh link, nothing lost, no 500."""
    with translation.override(subscriber.language):
        context = {"subscriber": subscriber, "site_name": settings.WAGTAIL_SITE_NAME, **context}
        subject = render_to_string(f"alerts/subscriptions/{template}_subject.txt",
                                   context).strip()
        body = render_to_string(f"alerts/subscriptions/{template}.txt", context)
    try:
        EmailMessage(subject, body, to=[subscriber.address]).send()
    except (smtplib.SMTPException, OSError) as exc:
        subscriber.not_sent = True
        logger.warning("Subscription email (%s) not sent to subscriber %s: %s", template,
                       subscriber.pk, exc)


def _text(subscriber, body):
    provider = get_provider()
    if provider is not None and provider.configured:
        provider.send(subscriber.address, body)


def confirm(token):
    """The Confirm button (POST). Idempotent; a link older than 48 h is refused."""
    subscriber = read_token(token, "confirm", max_age=CONFIRM_WITHIN)
    if not subscriber.confirmed:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber


def confirm_sms(phone, code):
    """The code texted to `phone`; a few tries per hour. Returns the subscriber or None."""
    if not _count(f"subscribe:code:{_digest(phone)}", CODE_ATTEMPTS_PER_HOUR):
        raise TooMany(phone)
    subscriber = Subscriber.objects.filter(kind=Subscriber.Kind.SMS, address=phone).first()
    if subscriber is None or subscriber.consented_at < timezone.now() - CONFIRM_WITHIN:
        return None
    if not hmac.compare_digest(sms_code(subscriber), (code or "").strip()):
        return None
    if not subscriber.confirmed:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber


@transaction.atomic
def change(subscriber, *, areas=(), whole_city=False, language=None):
    subscriber.whole_city = whole_city
    subscriber.language = language or subscriber.language
    subscriber.save(update_fields=["whole_city", "language"])
    subscriber.areas.set([] if whole_city else areas)
    return subscriber


def forget(subscriber):
    """Unsubscribe = delete everything held about this address (and what it was sent)."""
    subscriber.delete()


def forget_phone(phone):
    """An inbound STOP (or the carrier's opt-out): forget that number."""
    _total, per_model = Subscriber.objects.filter(kind=Subscriber.Kind.SMS,
                                                  address=phone).delete()
    return per_model.get(Subscriber._meta.label, 0)


def purge_unconfirmed(now=None):
    """Sign-ups nobody confirmed within 48 h are deleted (and the SMS budget's day-old
    rows)."""
    now = now or timezone.now()
    sms_guard.purge(now)
    _total, per_model = Subscriber.objects.filter(confirmed_at__isnull=True,
                                                  consented_at__lt=now - CONFIRM_WITHIN).delete()
    return per_model.get(Subscriber._meta.label, 0)
