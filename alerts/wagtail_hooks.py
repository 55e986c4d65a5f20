"""Admin: crisis control (publish, update, cancel, deliveries, previews, channel health),
webhook endpoints, audit-log actions and the dashboard panel."""

from django.template.loader import render_to_string
from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet

from content.answer_notices import ANSWER_NOTICES_HOOK
from content.models.pages import HUB_UPDATES_HOOK

from . import admin_views, after_alert, sms_guard
from .admin_views import ATTENTION_ITEMS_HOOK, AttentionItem, attention_items
from .models import WebhookEndpoint
from .selectors import hub_updates

LOG_ACTIONS = {
    "beacon.alert.publish": ("Publish alert", "Alert published"),
    "beacon.alert.schedule": ("Schedule alert", "Alert scheduled"),
    "beacon.alert.break_glass": ("Break-glass publish", "Published without review (break-glass)"),
    "beacon.alert.update_from_edit": ("Update from message edit",
                                      "Message edited: sent as an update on every channel"),
    "beacon.alert.confirm": ("Confirm break-glass", "Break-glass publish confirmed"),
    "beacon.alert.expire": ("Expire alert", "Alert expired"),
    "beacon.alert.content_checked": ("Check content after alert",
                                     "FAQ or page checked after the alert ended"),
    "beacon.delivery.retry": ("Retry delivery", "Delivery retried"),
}


@hooks.register("register_log_actions")
def register_alert_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link"
    menu_label = "Webhook endpoints"
    add_to_admin_menu = False
    form_fields = ["name", "url", "secret", "active"]
    list_display = ["name", "url", "active"]


webhook_viewset = WebhookEndpointViewSet("webhook_endpoints")


@hooks.register("register_admin_viewset")
def register_webhook_viewset():
    return webhook_viewset


@hooks.register("register_admin_urls")
def register_crisis_control_urls():
    return [path("crisis-control/", include((admin_views.urlpatterns, "crisis_control")))]


@hooks.register("register_admin_menu_item")
def register_crisis_control_menu_item():
    return MenuItem("Crisis control", reverse("crisis_control:index"), icon_name="warning",
                    order=100)


class AttentionPanel(Component):
    """Dashboard: what the comms team must act on now."""

    name = "beacon_attention"
    order = 50

    def render_html(self, parent_context):
        return render_to_string("alerts/admin/attention_panel.html",
                                {"items": attention_items()})


@hooks.register("construct_homepage_panels")
def add_attention_panel(request, panels):
    panels.insert(0, AttentionPanel())


@hooks.register(ATTENTION_ITEMS_HOOK)
def sms_budget_needs_attention(now):
    if not sms_guard.budget_spent(now):
        return []
    return [AttentionItem("Sign-up by text paused",
                          "the budget of texts to unconfirmed numbers is spent "
                          "(SMS_NEW_NUMBER_TEXTS_PER_HOUR / _PER_DAY); email sign-up works")]


hooks.register(HUB_UPDATES_HOOK, hub_updates)
hooks.register(ANSWER_NOTICES_HOOK, after_alert.answer_notices)
