"""Crisis control's cancel: one more step, which shows what every channel will say (with
the closing words chosen, or without) before the confirm button sends it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, render

from . import fanout, publishing
from .admin_guard import act, guard, require
from .channels import all_channels
from .channels.subscribers import SubscriberChannel, audience_text
from .forms import CancelForm
from .models import Alert


@guard
def cancel(request, pk):
    """GET: the preview without closing words. POST: the closing words chosen are
    previewed ("preview"), or sent ("confirm") if they are the ones the page previewed;
    a probe chose closing words, skipped the preview and pressed confirm, and the cancel
    went out without them (the words sat in another form)."""
    alert = get_object_or_404(Alert.objects.select_related("message"), pk=pk)
    require(request, "alerts.publish_alert")
    if alert.state not in (Alert.State.ACTIVE, Alert.State.SCHEDULED):
        return render(request, "alerts/admin/cancel.html", {"alert": alert, "over": True})
    form = CancelForm(request.POST if request.method == "POST" else None, alert=alert)
    valid = form.is_valid()
    closing = form.cleaned_data.get("closing") if valid else None
    changed = False
    if valid and request.POST.get("confirm") == "yes":
        if form.previewed_matches():
            def action(alert):
                result = publishing.cancel(alert, user=request.user, message=closing)
                messages.success(request, "Cancellation published to every channel"
                                 + (f", with “{closing.headline}”." if closing else "."))
                return result

            return act(request, pk, action)
        changed = True
    preview_alert = publishing.cancel_preview(alert, message=closing)
    names = publishing.channel_names(alert)
    previews = [(c.label, c.is_enabled(), c.disabled_reason(), c.preview(preview_alert))
                for c in all_channels() if c.name in names]
    missing = publishing.missing_translations(closing) if closing else []
    return render(request, "alerts/admin/cancel.html", {
        "alert": alert, "form": form, "closing": closing, "previews": previews,
        "previewed": str(closing.pk) if closing else "none", "changed": changed,
        "missing": publishing.language_names(missing),
        "audience": audience(preview_alert, names)},
        status=400 if request.method == "POST" and not valid else 200)


def audience(alert, names):
    """(label, enabled, reason, "3 confirmed subscribers (English 2, Español 1)") per
    subscriber channel: counted exactly as the fan-out will send (alerts.fanout)."""
    return [(c.label, c.is_enabled(), c.disabled_reason(),
             audience_text(fanout.recipient_counts(alert, c.name)))
            for c in all_channels() if isinstance(c, SubscriberChannel) and c.name in names]
