from django import forms
from django.conf import settings
from django.utils import timezone

from content.localization import city_time
from content.models import Area, Message

from .channels import all_channels
from .models import Alert


def source_messages():
    """Messages in the site's own language: an alert speaks the original, and its
    translations follow it into every language (never a Spanish copy as the source)."""
    return Message.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by(
        "headline")


def city_time_help():
    """"City time (CST, America/Chicago)." under every time field: one zone, labelled."""
    now = city_time(timezone.now())
    return f"City time ({now.tzname()}, {settings.TIME_ZONE})."


DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class AlertForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        choices=[(c.name, c.label) for c in all_channels()], required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Leave all unticked to use every channel.")

    class Meta:
        model = Alert
        fields = ["message", "event", "status", "category", "severity", "urgency", "certainty",
                  "areas", "area_desc", "polygon", "geocodes", "effective", "onset", "expires",
                  "next_update_by", "web", "channels"]
        widgets = {name: DATETIME_WIDGET for name in ("effective", "onset", "expires",
                                                      "next_update_by")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].queryset = source_messages()
        self.fields["areas"].queryset = Area.objects.originals()
        self.fields["areas"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["areas"].choices)
        self.fields["message"].help_text = ("Headline, body, agent script, social and SMS text "
                                            "all come from this message.")
        for name in ("effective", "onset", "expires", "next_update_by"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M"]
            self.fields[name].help_text = city_time_help()

    def clean(self):
        data = super().clean()
        if not data.get("area_desc") and not data.get("areas"):
            self.add_error("area_desc", "Say where: choose areas or describe the area.")
        if data.get("expires") and data.get("effective") and data["expires"] <= data["effective"]:
            self.add_error("expires", "Expiry must be after the effective time.")
        return data


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

    def clean(self):
        data = super().clean()
        if data.get("when") == "at":
            if not data.get("at"):
                self.add_error("at", "Give a time to schedule it for.")
            elif data["at"] <= timezone.now():
                self.add_error("at", "That time has passed. Publish now instead.")
        return data


class UpdateForm(forms.Form):
    message = forms.ModelChoiceField(queryset=Message.objects.none())
    confirm_missing_translations = forms.BooleanField(
        required=False, label="Publish even though some translations are missing")
    severity = forms.ChoiceField(choices=Alert.Severity.choices)
    next_update_by = forms.DateTimeField(required=False, widget=DATETIME_WIDGET,
                                         input_formats=["%Y-%m-%dT%H:%M"])
    expires = forms.DateTimeField(required=False, widget=DATETIME_WIDGET,
                                  input_formats=["%Y-%m-%dT%H:%M"])
    areas = forms.ModelMultipleChoiceField(
        queryset=Area.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to keep the alert's areas.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].queryset = source_messages()
        self.fields["areas"].queryset = Area.objects.originals()
