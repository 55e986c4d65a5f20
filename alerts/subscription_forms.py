"""The public sign-up and manage forms (no JavaScript needed)."""

import ipaddress
import re
import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from content.models import Area
from content.templatetags.content_tags import localized_name

from . import sms_guard

WHOLE_CITY = "whole-city"
# Why a number gets no code (alerts.sms_guard), in words for the resident.
SMS_REFUSALS = {
    sms_guard.REFUSED: _("This number cannot get text alerts: premium-rate, shared-cost, "
                         "toll-free and other special numbers are never texted. Give a "
                         "mobile number, or an email address."),
    sms_guard.NOT_ALLOWED: _("We can only text mobile numbers in the countries this city "
                             "serves. Sign up with an email address instead, or call 311."),
    sms_guard.PAUSED: _("Sign-up by text message is paused for now: very many codes were "
                        "sent in the last hours. City staff have been told. Sign up with "
                        "an email address instead (leave the phone number empty), or try "
                        "again later."),
    sms_guard.PREFIX: _("Too many codes went to phone numbers like yours in the last hour. "
                        "Try again in an hour, or sign up with an email address."),
}
SMS_CHALLENGE_FAILED = _("Please press Sign up again: to keep the city's texts from being "
                         "abused, a code is sent only from a sign-up page that has been open "
                         "a few seconds, and only once per page.")
E164 = re.compile(r"^\+[1-9]\d{7,14}$")


def normalize_phone(value):
    """A phone number as E.164. Numbers without a country code are taken as local
    (SMS_DEFAULT_COUNTRY_CODE, +1 by default)."""
    # Digits as an Arabic or Persian keyboard types them (٢٠٧...) are the same number.
    value = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch
                    for ch in (value or "").strip())
    if not value:
        return ""
    digits = re.sub(r"[^0-9]", "", value)
    if value.startswith("+"):
        candidate = "+" + digits
    elif value.startswith("00"):
        candidate = "+" + digits[2:]
    else:
        country = getattr(settings, "SMS_DEFAULT_COUNTRY_CODE", "+1")
        local = digits[1:] if country == "+1" and len(digits) == 11 and digits[0] == "1" \
            else digits
        candidate = country + local
    if candidate.startswith("+1") and len(candidate) != 12:
        # North American numbers have ten digits: "555 0123" is a number missing its area
        # code (a probe was told it was a premium number), not a special range.
        raise ValidationError(_("A phone number here has 10 digits with its area code, for "
                                "example (555) 010-1234. Check the digits and try again."))
    if not E164.match(candidate):
        raise ValidationError(_("Enter a phone number that can receive text messages, for "
                                "example (555) 010-1234."))
    return candidate


def area_choices():
    return [(WHOLE_CITY, _("The whole city"))] + [
        (area.slug, localized_name(area)) for area in Area.objects.originals()]


class AreasMixin(forms.Form):
    areas = forms.MultipleChoiceField(
        label=_("Which areas?"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one area, or the whole city.")})
    language = forms.ChoiceField(label=_("Language of the alerts"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = area_choices()

    def chosen(self):
        """(areas, whole_city) from the ticked boxes."""
        slugs = set(self.cleaned_data["areas"])
        whole_city = WHOLE_CITY in slugs
        areas = [] if whole_city else list(Area.objects.originals().filter(slug__in=slugs))
        return areas, whole_city


class SubscribeForm(AreasMixin):
    email = forms.EmailField(label=_("Email"), required=False, max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(label=_("Mobile phone for text messages"), required=False,
                            max_length=32, widget=forms.TextInput(attrs={
                                "type": "tel", "autocomplete": "tel"}))
    consent = forms.BooleanField(
        label=_("I agree to receive alerts from the city at these addresses. I can stop at any "
                "time: every message has a one-click unsubscribe link, or reply STOP."),
        error_messages={"required": _("Tick the box to agree, or we cannot send alerts.")})
    field_order = ["email", "phone", "areas", "language", "consent"]

    def clean_email(self):
        """No mail to this server's own name or to a bare IP address: Django's validator
        accepts user@localhost and user@[127.0.0.1], which only a probe would type."""
        email = self.cleaned_data.get("email", "")
        domain = email.rpartition("@")[2].strip("[]").lower().rstrip(".")
        if email and (domain == "localhost" or domain.endswith(".localhost")
                      or "." not in domain or _is_ip(domain)):
            raise ValidationError(_("Use an email address with a real domain name, like "
                                    "name@example.com."))
        return email

    def clean_phone(self):
        number = normalize_phone(self.cleaned_data.get("phone"))
        if number:
            reason = sms_guard.refusal(number)
            if reason:
                raise ValidationError(SMS_REFUSALS[reason], code=reason)
        return number

    def clean(self):
        data = super().clean()
        # An address that was given but is wrong has its own error; "give one" is only for
        # a form where both were left empty.
        given = self.errors.get("email") or self.errors.get("phone")
        if not data.get("email") and not data.get("phone") and not given:
            # On the email field, so the error summary links somewhere to type one.
            self.add_error("email", _("Give an email address, a mobile number, or both."))
        return data


class ManageForm(AreasMixin):
    pass


class SmsCodeForm(forms.Form):
    phone = forms.CharField(label=_("Mobile phone"), max_length=32, widget=forms.TextInput(
        attrs={"type": "tel", "autocomplete": "tel"}))
    code = forms.CharField(label=_("The 6-digit code we texted you"), max_length=6,
                           min_length=6, widget=forms.TextInput(attrs={
                               "inputmode": "numeric", "autocomplete": "one-time-code"}))

    def clean_phone(self):
        return normalize_phone(self.cleaned_data.get("phone"))


def _is_ip(domain):
    try:
        ipaddress.ip_address(domain.removeprefix("ipv6:"))
    except ValueError:
        return False
    return True
