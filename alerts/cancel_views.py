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
    """GET: the preview (`?closing=<message id>` previews those closing words). POST with
    confirm=yes: the cancel goes out, with the closing words the preview showed."""
    alert = get_object_or_404(Alert.objects.select_related("message"), pk=pk)
    require(request, "alerts.publish_alert")
    posted = request.method == "POST" and request.POST.get("confirm") == "yes"
    form = CancelForm(request.POST if posted else request.GET, alert=alert)
    closing = form.cleaned_data.get("closing") if form.is_valid() else None
    if posted and form.is_valid():
        def action(alert):
            result = publishing.cancel(alert, user=request.user, message=closing)
            messages.success(request, "Cancellation published to every channel"
                             + (f", with “{closing.headline}”." if closing else "."))
            return result

        return act(request, pk, action)
    preview_alert = publishing.cancel_preview(alert, message=closing)
    names = publishing.channel_names(alert)
    previews = [(c.label, c.is_enabled(), c.disabled_reason(), c.preview(preview_alert))
                for c in all_channels() if c.name in names]
    return render(request, "alerts/admin/cancel.html", {
        "alert": alert, "form": form, "closing": closing, "previews": previews,
        "audience": audience(preview_alert, names)},
        status=400 if posted else 200)


def audience(alert, names):
    """(label, enabled, reason, "3 confirmed subscribers (English 2, Español 1)") per
    subscriber channel: counted exactly as the fan-out will send (alerts.fanout)."""
    return [(c.label, c.is_enabled(), c.disabled_reason(),
             audience_text(fanout.recipient_counts(alert, c.name)))
            for c in all_channels() if isinstance(c, SubscriberChannel) and c.name in names]
