"""Admin panel that reports what each channel will make of the saved message."""

from django import forms
from django.utils.html import format_html, format_html_join

from wagtail.admin.panels import HelpPanel

from .localization import translation_status
from .text_rules import SMS_MAX_SEGMENTS, X_MAX_WEIGHTED_LENGTH


class ChannelLengthsPanel(HelpPanel):
    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            message = self.instance
            if message is None or not message.pk:
                self.content = "Lengths are shown after the first save; the preview shows them live."
                return
            sms = message.sms
            status = ", ".join(f"{code}: {state}" for code, state in
                               translation_status(message).items()) if message.locale_id else ""
            self.content = format_html(
                "<p><strong>X:</strong> {} of {} weighted characters (links count as 23).</p>"
                "<p><strong>SMS:</strong> {} (at most {} segments).</p>"
                "<p><strong>Translations:</strong> {}</p>",
                message.social_length, X_MAX_WEIGHTED_LENGTH, sms, SMS_MAX_SEGMENTS,
                status or "none needed")


class WordingsSummaryPanel(HelpPanel):
    """How many alternative wordings this FAQ version has and where they came from."""

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            faq = self.instance
            counts = faq.wording_sources() if faq is not None else {}
            total = sum(counts.values())
            if not total:
                self.content = format_html(
                    "<p>No other wordings yet. Add them here, or from the gap queue "
                    "(Reports → Searches without a good answer): “Use this wording for…”.</p>")
                return
            parts = "; ".join(f"{label}: {n}" for label, n in counts.items())
            self.content = format_html(
                "<p><strong>{} wording{}</strong>: {}. {}</p>", total, "" if total == 1 else "s",
                parts, _searched_now(faq, total))


def _searched_now(faq, total):
    """Which of a version's wordings search uses today: the rows of a live FAQ are its
    published wordings; the edit form shows its latest draft (a probe read "once this FAQ
    is published" on an FAQ live for weeks, and could not tell a draft's wordings apart)."""
    if not faq.pk or not faq.live:
        return "Search uses them once this FAQ is published."
    wording = faq._meta.get_field("wordings").related_model  # the published rows
    published = wording.objects.filter(faq_id=faq.pk).count()
    if published >= total:
        return "Search uses all of them."
    return (f"Search uses {published} of them now; the other {total - published} once this "
            f"draft is published.")


class WordingSourcePanel(HelpPanel):
    """Inside one wording of the inline: where it came from, shown read-only, with source and
    origin carried as hidden inputs. A wording that so far lives only in a draft revision has
    no row yet, so the edit form would otherwise recreate it as typed by staff, origin lost."""

    HIDDEN = ["source", "origin_type", "origin_id"]

    def get_form_options(self):
        return {"fields": self.HIDDEN, "widgets": {name: forms.HiddenInput for name in self.HIDDEN}}

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            wording = self.instance
            source = getattr(wording, "source", "") or "staff"
            labels = dict(wording._meta.get_field("source").choices)
            hidden = format_html_join("", "{}", ((self.form[name],) for name in self.panel.HIDDEN
                                                 if self.form is not None and name in self.form.fields))
            self.content = format_html("<p>{}</p>{}", labels.get(source, source), hidden)
