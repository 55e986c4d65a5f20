"""What the public sign-up may text, and how much: the guard against SMS toll fraud.

Toll fraud ("SMS pumping") pays an attacker for every text a site sends to numbers they
hold, in countries and ranges where the terminating network shares the fee. Beacon texts
a confirmation code to a number nobody has confirmed yet, so that text is guarded here:

- Where: only numbers in the regions the city allows (SMS_ALLOWED_REGIONS; "US,CA" by
  default: North American numbers outside the Caribbean and other NANP countries), never
  premium, shared-cost, toll-free or other non-geographic ranges (+1 900, NXX 976, 8XX,
  5XX, 700, 710, and SMS_REFUSED_PREFIXES, which by default also lists the satellite and
  international networks +881/+882/+883 and UK premium/shared-cost +4487/+449/+4470 for a
  city that allows +44).
- How many: a per-hour and per-day budget of such texts for the whole site
  (SMS_NEW_NUMBER_TEXTS_PER_HOUR / _PER_DAY), and per number prefix (NPA-NXX for North
  American numbers) per hour (SMS_NEW_NUMBER_TEXTS_PER_PREFIX_PER_HOUR). When the budget
  is spent, sign-up by text pauses (the form says so in the resident's language) and
  staff are told: an ERROR log line and an email to ADMINS once per hour, and an item in
  the admin dashboard's "needs attention" panel for as long as it lasts.
- Who: a code is texted only from a sign-up form that was shown a few seconds before,
  one code per form shown (`issue_challenge` / `read_challenge`, a signed token in the
  form; no cookie needed).

The counts are rows in the database (TextToNewNumber), so every web process sees the same
budget with or without Redis.
"""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import mail_admins
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import TextToNewNumber

logger = logging.getLogger("alerts.sms_guard")

# NANP area codes that belong to other countries than the US and Canada (the Caribbean,
# Bermuda, ...). Premium texts to them are the classic "one ring" / pumping destination.
NANP_OTHER = {
    "242": "BS", "246": "BB", "264": "AI", "268": "AG", "284": "VG", "345": "KY",
    "441": "BM", "473": "GD", "649": "TC", "658": "JM", "876": "JM", "664": "MS",
    "721": "SX", "758": "LC", "767": "DM", "784": "VC", "809": "DO", "829": "DO",
    "849": "DO", "868": "TT", "869": "KN",
}
# (US territories inside the NANP, such as 787/939 Puerto Rico, count as "US".)
CANADA = set("""204 226 236 249 250 257 263 289 306 343 354 365 367 368 382 387 403 416 418
428 431 437 438 450 460 468 474 506 514 519 548 579 581 584 587 600 604 613 639 647 672 683
705 709 742 753 778 780 782 807 819 825 867 873 879 902 905 942""".split())
# Non-geographic NANP codes: premium (900), toll-free (8XX), personal/machine (5XX),
# carrier services (700), US government (710), inbound international (456).
NANP_SPECIAL_NPA = {
    "900", "700", "710", "456",
    "500", "521", "522", "523", "524", "525", "526", "527", "528", "529", "533", "544",
    "566", "577", "588",
    "800", "822", "833", "844", "855", "866", "877", "888", "880", "881", "882", "883",
    "884", "885", "886", "887", "889",
}

REFUSED = "refused"
NOT_ALLOWED = "region"


def region(number):
    """ISO region of an E.164 number for North American numbers ("US", "CA", "JM", ...);
    for any other number, its leading digits ("+44...")."""
    if number.startswith("+1") and len(number) == 12:
        npa = number[2:5]
        if npa in NANP_OTHER:
            return NANP_OTHER[npa]
        return "CA" if npa in CANADA else "US"
    return number


def refusal(number):
    """Why this number may not be texted a sign-up code (REFUSED: a premium, shared-cost
    or special range; NOT_ALLOWED: outside the regions the city allows), or None."""
    refused_prefixes = getattr(settings, "SMS_REFUSED_PREFIXES", ())
    if any(number.startswith(prefix) for prefix in refused_prefixes if prefix):
        return REFUSED
    if number.startswith("+1"):
        if len(number) != 12:
            return REFUSED
        npa, nxx = number[2:5], number[5:8]
        if npa in NANP_SPECIAL_NPA or nxx == "976":  # 976: premium exchange in any area
            return REFUSED
    allowed = getattr(settings, "SMS_ALLOWED_REGIONS", ("US", "CA"))
    where = region(number)
    if not any(where == entry or (entry.startswith("+") and number.startswith(entry))
               for entry in allowed):
        return NOT_ALLOWED
    return None


def prefix_of(number):
    """The block a number was allocated in: NPA-NXX for North American numbers (10,000
    numbers), else the country code and the next four digits."""
    return number[:8] if number.startswith("+1") else number[:7]


def _limits():
    return (getattr(settings, "SMS_NEW_NUMBER_TEXTS_PER_HOUR", 300),
            getattr(settings, "SMS_NEW_NUMBER_TEXTS_PER_DAY", 1500),
            getattr(settings, "SMS_NEW_NUMBER_TEXTS_PER_PREFIX_PER_HOUR", 20))


def budget_spent(now=None):
    """True when the site-wide budget of texts to unconfirmed numbers is spent (this hour
    or today). No side effects: the admin dashboard asks this."""
    now = now or timezone.now()
    per_hour, per_day, _per_prefix = _limits()
    sent = TextToNewNumber.objects.filter(sent_at__gte=now - timedelta(days=1))
    return sent.count() >= per_day or sent.filter(
        sent_at__gte=now - timedelta(hours=1)).count() >= per_hour


def paused(now=None):
    """budget_spent, and if so staff are told (once an hour): sign-up by text pauses."""
    now = now or timezone.now()
    over = budget_spent(now)
    if over:
        tell_staff(now)
    return over


def prefix_full(number, now=None):
    now = now or timezone.now()
    per_prefix = _limits()[2]
    return TextToNewNumber.objects.filter(
        prefix=prefix_of(number), sent_at__gte=now - timedelta(hours=1)).count() >= per_prefix


class Refused(Exception):
    """Nothing may be texted to this number now; `reason` says why."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


PAUSED, PREFIX, CHALLENGE = "paused", "prefix", "challenge"


def spend(number, challenge=None):
    """Take one text from the budgets for `number`, or raise Refused (REFUSED,
    NOT_ALLOWED, PAUSED, PREFIX, or CHALLENGE when the form's token already bought a
    code). Recorded first and counted after (rows before it
    only), so a refused sign-up leaves the count as it was; sign-ups committing at the
    same instant in other processes can each take the last text (over by at most the
    number of sign-ups in flight)."""
    reason = refusal(number)
    if reason:
        raise Refused(reason)
    now = timezone.now()
    per_hour, per_day, per_prefix = _limits()
    try:
        with transaction.atomic():
            row = TextToNewNumber.objects.create(prefix=prefix_of(number), sent_at=now,
                                                 challenge=challenge)
    except IntegrityError as exc:
        raise Refused(CHALLENGE) from exc
    recent = TextToNewNumber.objects.filter(sent_at__gte=now - timedelta(days=1),
                                            pk__lte=row.pk)
    this_hour = recent.filter(sent_at__gte=now - timedelta(hours=1))
    if recent.count() > per_day or this_hour.count() > per_hour:
        reason = PAUSED
    elif this_hour.filter(prefix=row.prefix).count() > per_prefix:
        reason = PREFIX
    if reason:
        row.delete()
    if reason == PAUSED:
        tell_staff(now)
    if reason:
        raise Refused(reason)


def tell_staff(now):
    """Once per hour (per cache): an ERROR log line and an email to ADMINS."""
    window = now.strftime("%Y-%m-%dT%H")
    try:
        first = cache.add(f"sms-guard:told:{window}", 1, 3600 + 60)
    except Exception:  # no cache: tell every time rather than never
        first = True
    if not first:
        return
    per_hour, per_day, _per_prefix = _limits()
    message = (f"Sign-up by text is paused: the budget of texts to unconfirmed numbers is "
               f"spent ({per_hour} an hour, {per_day} a day; SMS_NEW_NUMBER_TEXTS_PER_HOUR / "
               f"_PER_DAY). Email sign-up still works. If this is not an attack (a surge of "
               f"real sign-ups), raise the budget; if it is, check the sign-up log for the "
               f"prefixes involved.")
    logger.error(message)
    try:
        mail_admins("Beacon: sign-up by text paused (SMS budget spent)", message,
                    fail_silently=True)
    except Exception:  # the warning must never break a resident's request
        logger.exception("could not email ADMINS about the SMS budget")


def purge(now=None):
    """Budget rows older than a day count for nothing: delete them."""
    now = now or timezone.now()
    return TextToNewNumber.objects.filter(sent_at__lt=now - timedelta(days=1)).delete()[0]


# --- One code per form load ------------------------------------------------------------
# A signed token in the form (no session: a session cookie would take the resident's
# browser out of every page cache for weeks). It says when the form was shown; a code is
# texted only if the form was open SMS_CHALLENGE_MIN_SECONDS, at most CHALLENGE_MAX_AGE
# ago, and the token has not bought a code before (its nonce is unique in
# TextToNewNumber, so that holds across every process).
CHALLENGE_SALT = "beacon.subscribe.sms-challenge"
CHALLENGE_MAX_AGE = timedelta(hours=2)


def issue_challenge():
    return signing.dumps({"n": secrets.token_hex(12), "t": timezone.now().timestamp()},
                         salt=CHALLENGE_SALT)


def read_challenge(token):
    """The token's nonce if it is ours, old enough and young enough; else None."""
    try:
        payload = signing.loads(token or "", salt=CHALLENGE_SALT)
        nonce, issued = str(payload["n"]), float(payload["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    waited = timezone.now().timestamp() - issued
    if not getattr(settings, "SMS_CHALLENGE_MIN_SECONDS", 3) <= waited <= \
            CHALLENGE_MAX_AGE.total_seconds():
        return None
    return nonce
