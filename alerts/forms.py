import re
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from content.localization import city_time
from content.models import Area, Message
from content.text_safety import clean_text

from . import drafts
from .channels import all_channels
from .models import Alert


def source_messages():
    """Messages in the site's own language: an alert speaks the original, and its
    translations follow it into every language (never a Spanish copy as the source)."""
    return Message.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by(
        "headline")


def use_message_picker(field):
    """Messages in the site's language, grouped and labelled with status, time and author
    (alerts.drafts.message_choices): the right draft is obvious, an unfinished one apart."""
    field.queryset = source_messages()
    field.choices = drafts.message_choices(field.queryset)


def city_time_help():
    """"City time (CST, America/Chicago)." under every time field: one zone, labelled."""
    now = city_time(timezone.now())
    return f"City time ({now.tzname()}, {settings.TIME_ZONE})."


DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MessageSourceForm(forms.Form):
    """The message an alert speaks, for "New alert" and "Update" alike: written here (saved
    as a draft Message in the site's language, which goes through review or break-glass
    like one written in Crisis content) or chosen from the messages already written. The
    hidden one-time submission key makes a second submit of the same form a no-op."""

    WRITE, CHOOSE = "write", "choose"
    message_source = forms.ChoiceField(
        label="The message", initial=WRITE, widget=forms.RadioSelect,
        choices=[(WRITE, "Write the message here"),
                 (CHOOSE, "Use a message already written")])
    headline = forms.CharField(
        max_length=140, required=False,
        help_text="Says what happened in one line: the banner, the page title, the email "
                  "subject.")
    body = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 6}),
        label="What happened and what to do",
        help_text="The web page and the crisis hub show this. A blank line starts a new "
                  "paragraph.")
    sms_text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="SMS text",
        help_text=Message._meta.get_field("sms_text").help_text)
    social_text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Post on X (optional)",
        help_text="At most 280 weighted characters; links count as 23. Empty: the headline.")
    script_say = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        label="Agent script: what to say (optional)")
    submit_for_review = forms.BooleanField(
        required=False, initial=True, label="Send the message for review now",
        help_text="A reviewer approves it (Crisis content → Messages). In an emergency, "
                  "publish with break-glass instead: a second person confirms afterwards.")
    message = forms.ModelChoiceField(
        queryset=Message.objects.none(), required=False, label="Message already written",
        help_text="Headline, body, agent script, social and SMS text all come from this "
                  "message.")
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    MESSAGE_FIELDS = ("message_source", "headline", "body", "sms_text", "social_text",
                      "script_say", "submit_for_review", "message")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.written_message = None
        use_message_picker(self.fields["message"])

    def clean_submission_key(self):
        """The form's one-time key (the form makes 32 hex digits); anything tampered with or
        too long counts as no key rather than reaching the 64-character column."""
        key = self.cleaned_data.get("submission_key") or ""
        return key if re.fullmatch(r"[0-9A-Za-z_-]{1,64}", key) else ""

    def new_submission_key(self):
        self.initial.setdefault("submission_key", uuid.uuid4().hex)

    def message_fields(self):
        return [self[name] for name in self.MESSAGE_FIELDS]

    def alert_fields(self):
        return [field for field in self if field.name not in self.MESSAGE_FIELDS
                and not field.is_hidden]

    def editable_draft_message(self):
        """A draft message this form changes instead of writing another (none here)."""
        return None

    def clean_message_source(self):
        return self.cleaned_data.get("message_source") or self.fields["message_source"].initial

    def clean_chosen_message(self, data):
        """The message chosen from the picker, or None: written here (`written_message`,
        unsaved) or an error on the form."""
        if data.get("message_source") == self.WRITE:
            self._clean_written_message(data)
        elif not data.get("message"):
            self.add_error("message", "Choose the message, or write one here.")
        else:
            return data["message"]
        return None

    def _clean_written_message(self, data):
        draft = self.editable_draft_message()
        needed = "content.change_message" if draft else "content.add_message"
        if self.user is not None and not self.user.has_perm(needed):
            self.add_error("message_source", "You may not write messages: choose one already "
                                             "written.")
            return
        for name, words in (("headline", "a headline"), ("body", "what happened"),
                            ("sms_text", "the SMS text (what to do)")):
            # what saving keeps: a headline of control characters alone is blank (a
            # fuzzed "\x08" passed here and failed the model's check on save: a 500)
            if not clean_text(data.get(name) or "").strip():
                self.add_error(name, f"Write {words}.")
        if any(name in self.errors for name in ("headline", "body", "sms_text")):
            return
        try:
            self.written_message = drafts.build_message(data, message=draft)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                self.add_error(name if name in self.fields else None, errors)


class AlertForm(MessageSourceForm, forms.ModelForm):
    """A draft alert, and the message it speaks (MessageSourceForm)."""

    channels = forms.MultipleChoiceField(
        choices=[(c.name, c.label) for c in all_channels()], required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Leave all unticked to use every channel.")

    class Meta:
        model = Alert
        fields = ["event", "status", "category", "severity", "urgency", "certainty",
                  "areas", "area_desc", "polygon", "geocodes", "effective", "onset", "expires",
                  "next_update_by", "web", "channels"]
        widgets = {name: DATETIME_WIDGET for name in ("effective", "onset", "expires",
                                                      "next_update_by")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = Area.objects.originals()
        self.fields["areas"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["areas"].choices)
        # the form asks for a place (clean): "None: the whole city" was refused on save
        self.fields["areas"].help_text = (
            "The parts of the city this alert is for. For the whole city, tick none and write "
            "“Whole city” (or the place) in the area description.")
        for name in ("effective", "onset", "expires", "next_update_by"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M"]
            self.fields[name].help_text = city_time_help()
        draft = self.editable_draft_message()
        if self.instance.pk:
            self.initial.setdefault("message", self.instance.message_id)
            self.initial.setdefault("message_source", self.WRITE if draft else self.CHOOSE)
        else:
            self.new_submission_key()
        if draft is not None:  # its words, to change them here
            for name in drafts.WRITTEN_FIELDS:
                self.initial.setdefault(name, drafts.body_text(draft) if name == "body"
                                        else getattr(draft, name))

    def editable_draft_message(self):
        """The draft message (never published) only this alert speaks: writing here changes
        it instead of making another."""
        if not self.instance.pk:
            return None
        message = self.instance.message
        if message.live or message.alerts.exclude(pk=self.instance.pk).exists():
            return None
        return message

    def clean(self):
        data = super().clean()
        if chosen := self.clean_chosen_message(data):
            self.instance.message = chosen
        if not data.get("area_desc") and not data.get("areas"):
            self.add_error("area_desc", "Say where: choose areas or describe the area.")
        if data.get("expires") and data.get("effective") and data["expires"] <= data["effective"]:
            self.add_error("expires", "Expiry must be after the effective time.")
        return data


class CancelForm(forms.Form):
    """Cancelling, with closing words or without. Without, every channel says the alert
    is no longer in force; with, it says them (an "all clear": tap water is safe again,
    run the taps first). Only a published message can close an alert: a cancel is never
    held up by a review, so its words must already have had theirs."""

    closing = forms.ModelChoiceField(
        queryset=Message.objects.none(), required=False,
        label="Closing words",
        empty_label="None: say only that it is no longer in force",
        help_text="A published message, such as an all-clear written in Crisis content. "
                  "Texts, emails, X, CAP and the alert's page say it in place of the "
                  "alert's words.")
    # The closing words the page previewed: a confirm with other words chosen since (or
    # chosen and never previewed) shows their preview instead of sending.
    previewed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, alert=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Not the words of a live or scheduled alert (another alert's instructions)
        published = source_messages().filter(live=True).exclude(
            alerts__state__in=[Alert.State.ACTIVE, Alert.State.SCHEDULED])
        if alert is not None:
            published = published.exclude(pk=alert.message_id)
        self.fields["closing"].queryset = published

    def previewed_matches(self):
        closing = self.cleaned_data.get("closing")
        previewed = self.cleaned_data.get("previewed") or "none"
        return previewed == (str(closing.pk) if closing else "none")


class PublishForm(forms.Form):
    when = forms.ChoiceField(choices=[("now", "Publish now"), ("at", "Schedule")],
                             initial="now", widget=forms.RadioSelect)
    at = forms.DateTimeField(required=False, widget=DATETIME_WIDGET,
                             input_formats=["%Y-%m-%dT%H:%M"])
    confirm_missing_translations = forms.BooleanField(
        required=False, label="Publish even though some translations are missing",
        help_text="Readers of those languages will see the English text with a notice.")
    break_glass = forms.BooleanField(
        required=False, label="Break glass: publish without waiting for review",
        help_text="A second approver must confirm afterwards. Both steps are in the audit log.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at"].help_text = city_time_help()

    def clean(self):
        data = super().clean()
        if data.get("when") == "at":
            if not data.get("at"):
                self.add_error("at", "Give a time to schedule it for.")
            elif data["at"] <= timezone.now():
                self.add_error("at", "That time has passed. Publish now instead.")
        return data


class UpdateForm(MessageSourceForm):
    """An update: a message chosen (published now) or written here (saved as a draft
    update that goes through review, or out at once with break-glass)."""

    confirm_missing_translations = forms.BooleanField(
        required=False, label="Publish even though some translations are missing")
    break_glass = forms.BooleanField(
        required=False, label="Break glass: publish the message written here without "
                              "waiting for review",
        help_text="Without it, a written message makes a draft update, published once its "
                  "message is approved. A second approver confirms a break-glass update.")
    severity = forms.ChoiceField(choices=Alert.Severity.choices)
    next_update_by = forms.DateTimeField(required=False, widget=DATETIME_WIDGET,
                                         input_formats=["%Y-%m-%dT%H:%M"])
    expires = forms.DateTimeField(required=False, widget=DATETIME_WIDGET,
                                  input_formats=["%Y-%m-%dT%H:%M"])
    areas = forms.ModelMultipleChoiceField(
        queryset=Area.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Ticked: where the alert is now. Tick more to extend it, untick one to take "
                  "it out. Nothing ticked keeps the areas as they are.")

    WRITTEN_FIELDS = ("headline", "body", "sms_text", "social_text", "script_say")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choosing a published message stays the quick path (and a form without the
        # choice, from before it existed, means that).
        self.fields["message_source"].initial = self.CHOOSE
        self.fields["message_source"].required = False
        self.fields["areas"].queryset = Area.objects.originals()
        for name in ("next_update_by", "expires"):
            self.fields[name].help_text = city_time_help()
        self.new_submission_key()

    def clean(self):
        data = super().clean()
        if data.get("message_source") == self.CHOOSE and any(
                (data.get(name) or "").strip() for name in self.WRITTEN_FIELDS):
            # A probe typed a new headline and body and pressed Publish with the choice left
            # on the message already written: its words were dropped and the old message
            # went out again to every channel.
            self.add_error("message_source", "You wrote a message here, but “Use a message "
                           "already written” is chosen. Choose “Write the message here” to "
                           "send what you wrote, or empty its fields to use the message "
                           "chosen.")
        data["message"] = self.clean_chosen_message(data)
        return data

    @classmethod
    def initial_for(cls, alert):
        """The form as an update of `alert` starts: its message, severity and areas, and
        its next-update and expiry times while they are ahead (a probe's update cleared the
        promised next update, and ticking one new area replaced the two it had)."""
        now = timezone.now()
        return {"message": alert.message_id, "severity": alert.severity,
                "areas": list(alert.areas.values_list("pk", flat=True)),
                "next_update_by": alert.next_update_by if alert.next_update_by and
                alert.next_update_by > now else None,
                "expires": alert.expires if alert.expires and alert.expires > now else None}

    def changes(self):
        """What the update changes besides the message (publishing.update's keywords)."""
        data = self.cleaned_data
        changes = {"severity": data["severity"], "next_update_by": data["next_update_by"]}
        if data["expires"]:
            changes["expires"] = data["expires"]
        if data["areas"]:
            changes["areas"] = list(data["areas"])
        return changes
