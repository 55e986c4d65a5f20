"""Residents' subscriptions: sign up, double opt-in, manage, unsubscribe, forget.

Plain functions; the views (subscription_views.py) only translate HTTP to these. Links
are signed with Django's signing (SECRET_KEY): they carry the subscription's id and a
digest of its address, never the address itself. A confirmation link expires after 48 h
and only a POST (the page's Confirm button) confirms, so mail scanners that open links
confirm nothing. Unconfirmed entries are deleted after 48 h.
"""

import base64
import hashlib
import hmac
import json
import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cryptography.fernet import Fernet, InvalidToken

from content.localization import site_name

from . import outbox, sms_guard
from .models import Delivery, Subscriber
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
    """The link is not ours, was changed, has expired or its subscription is gone;
    `reason` is INVALID, EXPIRED or GONE (the pages say which, truthfully)."""

    def __init__(self, message, reason="invalid"):
        super().__init__(message)
        self.reason = reason


INVALID, EXPIRED, GONE = "invalid", "expired", "gone"
# How long a link works. Unsubscribe links never expire (RFC 8058: a mail client may use
# one-click months later); a manage link comes fresh with every alert email.
TOKEN_LIFETIMES = {"confirm": CONFIRM_WITHIN, "manage": timedelta(days=30),
                   "unsubscribe": None}


def _digest(address):
    return hashlib.sha256(address.encode()).hexdigest()[:16]


def _address_mac(address, purpose):
    """Keyed (SECRET_KEY) and per purpose: nothing in a link lets anyone test guesses of
    the address offline, as an unsalted hash did."""
    key = hashlib.sha256(f"beacon.subscription.mac:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, f"{purpose}:{address}".encode(), hashlib.sha256).hexdigest()[:20]


def _fernet():
    key = hashlib.sha256(f"beacon.subscription.token:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def make_token(subscriber, purpose):
    """An opaque link token (encrypted and authenticated, with its time): neither the
    subscription's id nor anything derived from the address can be read from it."""
    payload = json.dumps([purpose, subscriber.pk, _address_mac(subscriber.address, purpose)])
    return _fernet().encrypt(payload.encode()).decode().rstrip("=")


def _open(token, purpose):
    lifetime = TOKEN_LIFETIMES[purpose]
    fernet = _fernet()
    padded = token + "=" * (-len(token) % 4)
    try:
        data = fernet.decrypt(padded.encode())
    except (InvalidToken, ValueError, TypeError) as exc:
        raise BadLink("not our link", INVALID) from exc
    if lifetime is not None:
        try:
            fernet.decrypt(padded.encode(), ttl=int(lifetime.total_seconds()))
        except InvalidToken as exc:
            raise BadLink("expired", EXPIRED) from exc
    try:
        kind, pk, mac = json.loads(data)
    except (ValueError, TypeError) as exc:
        raise BadLink("not our link", INVALID) from exc
    if kind != purpose:
        raise BadLink("a link for something else", INVALID)
    return pk, mac, lambda address: _address_mac(address, purpose)


def _open_legacy(token, purpose):
    """Links sent before opaque tokens (signed [id, sha256(address)]): unsubscribe links
    keep working forever, confirmation links for their 48 hours; manage links do not."""
    if purpose == "manage":
        raise BadLink("an old manage link", EXPIRED)
    lifetime = TOKEN_LIFETIMES[purpose]
    try:
        pk, digest = signing.loads(token, salt=f"beacon.subscription.{purpose}",
                                   max_age=lifetime)
    except signing.SignatureExpired as exc:
        raise BadLink("expired", EXPIRED) from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadLink("not our link", INVALID) from exc
    return pk, digest, _digest


def read_token(token, purpose, max_age=None):
    """The subscriber a link is for, or BadLink with the reason. (`max_age` is kept for
    callers; each purpose has its lifetime in TOKEN_LIFETIMES.)"""
    opener = _open_legacy if ":" in token else _open  # Django's signing uses ':'
    pk, mac, expected = opener(token, purpose)
    subscriber = Subscriber.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if subscriber is None or not hmac.compare_digest(expected(subscriber.address), str(mac)):
        raise BadLink("no such subscription", GONE)
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
        known = bool(subscriber and subscriber.confirmed)
        subscriber = subscriber or Subscriber(kind=kind, address=address)
        _record_consent(subscriber, language=language, whole_city=whole_city, areas=areas,
                        keep=not known)
        send = _send_already_subscribed if known else _send_confirmation
        if kind == Subscriber.Kind.EMAIL:
            send(subscriber)  # an outbox row in this transaction, sent after the commit
        else:
            transaction.on_commit(lambda s=subscriber, send=send: send(s))
        touched.append(subscriber)
    return touched


def _record_consent(subscriber, *, language, whole_city, areas, keep):
    """The same writes whether or not the address is known (issue 23 point 10: a known
    address answered in half the time, which told a prober who is subscribed). For a
    confirmed subscriber this public form changes nothing: the writes are rolled back."""
    with transaction.atomic():
        subscriber.language, subscriber.whole_city = language, whole_city
        subscriber.consented_at = timezone.now()
        subscriber.save()
        subscriber.areas.set([] if whole_city else areas)
        if not keep:
            transaction.set_rollback(True)
    if not keep:
        subscriber.refresh_from_db()


def _send_confirmation(subscriber):
    if subscriber.kind == Subscriber.Kind.EMAIL:
        _queue_email(subscriber, "confirm")
    else:
        with translation.override(subscriber.language):
            body = render_to_string("alerts/subscriptions/sms_code.txt",
                                    {"code": sms_code(subscriber)}).strip()
        _text(subscriber, body)


def _send_already_subscribed(subscriber):
    if subscriber.kind == Subscriber.Kind.EMAIL:
        _queue_email(subscriber, "already")
    else:
        with translation.override(subscriber.language):
            _text(subscriber, render_to_string("alerts/subscriptions/sms_already.txt").strip())


def _queue_email(subscriber, template):
    """One outbox row (alerts.outbox: retried with backoff while the mail server is down,
    shown to staff when it keeps failing), written with the sign-up and sent after it
    commits. Each sign-up gets its own row: signing up again sends a fresh link."""
    delivery = Delivery.objects.create(
        subscriber=subscriber, channel="signup_email",
        key=f"signup:{template}:{subscriber.pk}:{uuid.uuid4().hex}",
        receipt={"template": template})
    subscriber.signup_email = delivery
    outbox.dispatch_on_commit([delivery.pk])


def signup_email(subscriber, template):
    """The sign-up email (`template`: confirm or already) as it is sent now: its link is
    made at sending time, so a retried message carries a link that works 48 hours."""
    links = {"confirm": lambda: link(subscriber, "subscribe_confirm", "confirm"),
             "already": lambda: manage_link(subscriber)}
    with translation.override(subscriber.language):
        context = {"subscriber": subscriber, "site_name": site_name(subscriber.language),
                   "link": links[template]()}
        subject = render_to_string(f"alerts/subscriptions/{template}_subject.txt",
                                   context).strip()
        body = render_to_string(f"alerts/subscriptions/{template}.txt", context)
    return EmailMessage(subject, body, to=[subscriber.address])


def email_progress(touched):
    """How the sign-up email(s) of this request stand: "sent", "retrying" (the first try
    failed; the outbox keeps trying) or "queued" (not tried yet); None without one."""
    ids = [s.signup_email.pk for s in touched if getattr(s, "signup_email", None)]
    if not ids:
        return None
    states = set(Delivery.objects.filter(pk__in=ids).values_list("state", flat=True))
    if states <= {Delivery.State.DELIVERED}:
        return "sent"
    if states & {Delivery.State.RETRYING, Delivery.State.FAILED}:
        return "retrying"
    return "queued"


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
