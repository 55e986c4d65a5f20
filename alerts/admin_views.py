"""Crisis control: thin views over alerts.publishing and alerts.outbox."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.log_actions import log

from content.localization import translation_status

from . import after_alert, drafts, fanout, outbox, publishing
from .admin_guard import act, guard, require
from .cancel_views import cancel
from .channels import all_channels
from .forms import AlertForm, PublishForm, UpdateForm
from .models import Alert, Delivery, EndedAlertCheck
from .selectors import awaiting_confirmation, update_overdue

ATTENTION_ITEMS_HOOK = "beacon_attention_items"


@dataclass(frozen=True)
class AttentionItem:
    kind: str
    text: str
    url: str = ""


def attention_items(now=None):
    """What the comms team must act on now, for the dashboard and crisis control. Apps above
    alerts add their own through the `beacon_attention_items` Wagtail hook (search: gap
    spikes); each hook takes `now` and returns AttentionItems."""
    now = now or timezone.now()

    def link(pk):
        return reverse("crisis_control:detail", args=[pk])

    items = [AttentionItem("Update overdue", a.headline, link(a.pk)) for a in update_overdue(now)]
    items += [AttentionItem("Break-glass alert awaiting confirmation", a.headline, link(a.pk))
              for a in awaiting_confirmation()]
    items += [AttentionItem("Failed delivery", f"{d.alert.headline} → {d.channel}",
                            link(d.alert_id))
              for d in Delivery.objects.filter(state=Delivery.State.FAILED,
                                               alert__state=Alert.State.ACTIVE)
              .select_related("alert")]
    items += signup_email_items()
    waiting = EndedAlertCheck.objects.filter(checked_at__isnull=True).count()
    if waiting:
        items.append(AttentionItem(
            "Check after alert ended",
            f"{waiting} FAQ{'s' if waiting != 1 else ''} or page{'s' if waiting != 1 else ''} "
            "may still say what an ended alert said",
            reverse("crisis_control:index") + "#after-alert-ended"))
    for fn in hooks.get_hooks(ATTENTION_ITEMS_HOOK):
        items += fn(now)
    return items


def signup_email_items():
    """Sign-up emails (confirmation links) the mail server keeps refusing, beside the
    failed deliveries: how many are waiting to be retried or were given up, and the last
    error. No addresses: staff need to know the mail is failing, not who signed up."""
    failing = (Delivery.objects.filter(alert__isnull=True, subscriber__isnull=False,
                                       state__in=[Delivery.State.RETRYING,
                                                  Delivery.State.FAILED])
               .order_by("-updated_at"))
    rows = list(failing.values_list("state", "last_error")[:500])
    if not rows:
        return []
    retrying = sum(1 for state, _error in rows if state == Delivery.State.RETRYING)
    given_up = len(rows) - retrying
    parts = [f"{retrying} waiting to be retried"] if retrying else []
    parts += [f"{given_up} given up after repeated failures"] if given_up else []
    return [AttentionItem("Sign-up emails failing",
                          f"Confirmation emails not delivered: {', '.join(parts)}. "
                          f"Last error: {rows[0][1][:200]}",
                          reverse("crisis_control:index"))]


@guard
def index(request):
    alerts = Alert.objects.select_related("message").order_by("-created_at")[:100]
    upcoming, stale = [], []
    for alert in alerts:
        if alert.state in (Alert.State.DRAFT, Alert.State.SCHEDULED):
            alert.stale_reason = drafts.stale_reason(alert)
            (stale if alert.stale_reason else upcoming).append(alert)
    return render(request, "alerts/admin/index.html", {
        "active": [a for a in alerts if a.state == Alert.State.ACTIVE],
        "upcoming": upcoming, "stale": stale,
        "ended": [a for a in alerts if a.state in (Alert.State.UPDATED, Alert.State.CANCELLED,
                                                   Alert.State.EXPIRED)][:30],
        "channels": all_channels(), "attention": attention_items(),
        "can_publish": request.user.has_perm("alerts.publish_alert"),
        "checks": after_alert.pending_checks(),
    })


@guard
@require_POST
def checked(request, pk):
    """'Checked': the FAQ or page says nothing the ended alert made untrue (or was fixed)."""
    check = get_object_or_404(EndedAlertCheck.objects.select_related("faq", "page"), pk=pk)
    if after_alert.mark_checked(check, request.user):
        messages.success(request, f"Checked: {check.faq or check.page}.")
    return redirect(reverse("crisis_control:index") + "#after-alert-ended")


@guard
def create(request):
    require(request, "alerts.add_alert")
    return _alert_form(request, Alert(), "New alert")


def _draft(request, pk, perm, check):
    """(alert, None) when `request.user` has `perm` and `check` (drafts.check_editable,
    check_deletable) allows this alert; else (alert, the redirect to its page saying why)."""
    require(request, perm)
    alert = get_object_or_404(Alert.objects.select_related("message"), pk=pk)
    try:
        check(alert)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return alert, redirect("crisis_control:detail", alert.pk)
    return alert, None


@guard
def edit(request, pk):
    alert, refused = _draft(request, pk, "alerts.change_alert", drafts.check_editable)
    return refused or _alert_form(request, alert, f"Edit draft: {alert.headline}")


def _alert_form(request, alert, title):
    creating = alert.pk is None
    form = AlertForm(request.POST or None, instance=alert, user=request.user)
    if request.method == "POST" and form.is_valid():
        alert, saved = drafts.save_alert(form, request.user)
        if not saved:
            messages.info(request, "This alert was already saved (the form was sent twice): "
                                   "here it is, once.")
        else:
            log(alert, "wagtail.create" if creating else "wagtail.edit", user=request.user)
            messages.success(request, "Draft alert saved. Check the previews, then publish.")
        return redirect("crisis_control:detail", alert.pk)
    return render(request, "alerts/admin/form.html", {"form": form, "title": title,
                                                      "alert": alert})


@guard
def delete(request, pk):
    alert, refused = _draft(request, pk, "alerts.delete_alert", drafts.check_deletable)
    if refused:
        return refused
    if request.method == "POST":
        headline = alert.headline
        log(alert, "wagtail.delete", user=request.user)
        alert.delete()
        messages.success(request, f"Draft alert “{headline}” deleted. Its message stays in "
                                  f"Crisis content.")
        return redirect("crisis_control:index")
    return render(request, "alerts/admin/delete.html", {
        "alert": alert, "stale_reason": drafts.stale_reason(alert)})


@guard
def detail(request, pk):
    alert = get_object_or_404(Alert.objects.select_related("message", "references"), pk=pk)
    return _detail_page(request, alert)


def _detail_page(request, alert, update_form=None):
    """The alert's page; `update_form` is a bound update form to show again with what to
    fix (the words written in it kept)."""
    previews = [(c.label, c.name, c.is_enabled(), c.disabled_reason(), c.preview(alert))
                for c in all_channels() if c.name in publishing.channel_names(alert)]
    channels = {c.name: c for c in all_channels()}
    deliveries = [(d, _retry_refusal(d, channels.get(d.channel)))
                  for d in alert.deliveries.order_by("channel")]
    return render(request, "alerts/admin/detail.html", {
        "alert": alert, "previews": previews, "deliveries": deliveries,
        "message_state": drafts.message_state(alert.message),
        "stale_reason": drafts.stale_reason(alert),
        "can_edit": alert.state == Alert.State.DRAFT and request.user.has_perm(
            "alerts.change_alert"),
        "can_delete": alert.state in (Alert.State.DRAFT, Alert.State.SCHEDULED)
        and not alert.followups.exists() and request.user.has_perm("alerts.delete_alert"),
        "subscriber_progress": fanout.progress(alert),
        "publish_form": PublishForm(),
        "update_form": update_form or UpdateForm(initial=UpdateForm.initial_for(alert),
                                                 user=request.user),
        "can_publish": request.user.has_perm("alerts.publish_alert"),
        "can_confirm": request.user.has_perm("alerts.confirm_alert"),
        "followups": alert.followups.all(),
        "translations": translation_status(alert.message),
    })


@require_POST
@guard
def publish(request, pk):
    form = PublishForm(request.POST)

    def action(alert):
        if not form.is_valid():
            raise ValidationError(" ".join(e for errs in form.errors.values() for e in errs))
        at = form.cleaned_data["at"] if form.cleaned_data["when"] == "at" else None
        result = publishing.publish(
            alert, request.user, break_glass=form.cleaned_data["break_glass"], at=at,
            confirm_missing_translations=form.cleaned_data["confirm_missing_translations"])
        messages.success(request, f"Alert {result.get_state_display().lower()}.")
        return result

    return act(request, pk, action)


@require_POST
@guard
def update(request, pk):
    """Publish an update now with a message already published, or save the message written
    in the form and a draft update speaking it (published after review, or at once with
    break-glass). An invalid form comes back with the words written in it."""
    alert = get_object_or_404(Alert.objects.select_related("message", "references"), pk=pk)
    form = UpdateForm(request.POST, user=request.user)
    if not form.is_valid():
        return _detail_page(request, alert, update_form=form)
    data = form.cleaned_data
    if form.written_message is None:
        try:
            result = publishing.update(
                alert, message=data["message"], user=request.user,
                confirm_missing_translations=data["confirm_missing_translations"],
                **form.changes())
        except ValidationError as exc:  # the form again, as sent, with why (a probe's
            form.add_error(None, exc)  # refused update came back empty)
            return _detail_page(request, alert, update_form=form)
        except PermissionDenied:
            return permission_denied(request)
        messages.success(request, "Update published to every channel.")
        return redirect("crisis_control:detail", (result or alert).pk)
    try:
        draft, made = drafts.save_update(form, alert, request.user)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _detail_page(request, alert, update_form=form)
    except PermissionDenied:
        return permission_denied(request)
    if not made:
        messages.info(request, "This update was already saved (the form was sent twice): "
                               "here it is, once.")
    elif data["break_glass"]:
        try:
            publishing.publish(draft, request.user, break_glass=True,
                               confirm_missing_translations=data["confirm_missing_translations"])
            messages.success(request, "Update published to every channel with break-glass: "
                                      "a second person must confirm it.")
        except (ValidationError, PermissionDenied) as exc:
            why = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            messages.error(request, f"Saved as a draft update, not published: {why}")
    else:
        messages.success(request, "Draft update saved. Publish it here once its message is "
                                  "approved (or with break-glass).")
    return redirect("crisis_control:detail", draft.pk)


@require_POST
@guard
def confirm(request, pk):
    def action(alert):
        result = publishing.confirm_break_glass(alert, request.user)
        messages.success(request, "Break-glass publish confirmed.")
        return result

    return act(request, pk, action)


def _retry_refusal(delivery, channel):
    """Why "Retry" is not offered for this delivery ("" when it is): a delivered one is
    done, and a disabled channel would only be skipped again."""
    if delivery.state == Delivery.State.DELIVERED:
        return "Delivered."
    if channel is None:
        return "This channel no longer exists."
    if not channel.is_enabled():
        return f"Channel disabled: {channel.disabled_reason()}"
    return ""


@require_POST
@guard
def retry(request, pk, delivery_pk):
    require(request, "alerts.publish_alert")
    delivery = get_object_or_404(Delivery, pk=delivery_pk, alert_id=pk)
    channel = next((c for c in all_channels() if c.name == delivery.channel), None)
    if refusal := _retry_refusal(delivery, channel):
        messages.error(request, f"Not retried. {refusal}")
        return redirect("crisis_control:detail", pk)
    outbox.retry_now(delivery)
    log(delivery.alert, "beacon.delivery.retry", user=request.user,
        data={"channel": delivery.channel})
    messages.success(request, f"Retrying {delivery.channel}.")
    return redirect("crisis_control:detail", pk)


@guard
def channels(request):
    results = {}
    if request.method == "POST":
        require(request, "alerts.publish_alert")
        name = request.POST.get("channel")
        for channel in all_channels():
            if channel.name == name:
                results[name] = channel.test_connection()
    return render(request, "alerts/admin/channels.html", {
        "channels": [(c, results.get(c.name)) for c in all_channels()]})


urlpatterns = [
    path("", index, name="index"),
    path("new/", create, name="create"),
    path("channels/", channels, name="channels"),
    path("checks/<int:pk>/checked/", checked, name="checked"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/edit/", edit, name="edit"),
    path("<int:pk>/delete/", delete, name="delete"),
    path("<int:pk>/publish/", publish, name="publish"),
    path("<int:pk>/update/", update, name="update"),
    path("<int:pk>/cancel/", cancel, name="cancel"),
    path("<int:pk>/confirm/", confirm, name="confirm"),
    path("<int:pk>/deliveries/<int:delivery_pk>/retry/", retry, name="retry"),
]
