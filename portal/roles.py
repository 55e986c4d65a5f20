"""Groups, permissions and the review workflow every Beacon site starts with.

Runs after every migrate (idempotent), so a fresh database is usable at once.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from wagtail.models import GroupApprovalTask, Locale, Workflow, WorkflowContentType, WorkflowTask

from content.models import FAQ, Message

# Communications write messages but cannot publish them: a message goes live through the
# "Crisis content review" workflow (Moderators / Comms approvers), or by break-glass from
# crisis control, which a second person must confirm. Group permissions are set to exactly
# these lists on every migrate, so a permission removed here is removed from the site too.
ROLES = {
    "Communications": [
        "wagtailadmin.access_admin",
        "content.add_message", "content.change_message", "content.lock_message",
        "content.add_faq", "content.change_faq", "content.publish_faq",
        "alerts.add_alert", "alerts.change_alert", "alerts.delete_alert", "alerts.view_alert",
        "alerts.publish_alert", "alerts.view_delivery",
        # Wagtail's "Translate": a copy in Spanish or Arabic, saved as a draft to translate
        # (content.signals); a probe's comms staff were refused it, and only a superuser
        # could start a translation
        "simple_translation.submit_translation",
    ],
    "Comms approvers": [
        "wagtailadmin.access_admin", "alerts.view_alert", "alerts.confirm_alert",
        "alerts.publish_alert", "content.change_message", "content.publish_message",
        "content.change_faq", "content.publish_faq",
    ],
    "Content editors": [
        "wagtailadmin.access_admin", "content.add_faq", "content.change_faq",
        "content.add_message", "content.change_message", "content.view_topic",
        "simple_translation.submit_translation",
    ],
    # Wagtail's own reviewers: they approve messages and FAQs in the review workflow.
    "Moderators": [
        "wagtailadmin.access_admin", "content.change_message", "content.publish_message",
        "content.change_faq", "content.publish_faq",
    ],
    "Agents": [],
    "Agent supervisors": [],
}


def _permission(codename_with_app):
    app_label, codename = codename_with_app.split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def ensure_locales():
    """One Wagtail locale per configured content language (en, es, ar)."""
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def ensure_roles(**kwargs):
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [p for p in map(_permission, codenames) if p]
        group.permissions.set(permissions)
    ensure_review_workflow()
    ensure_locales()


def ensure_review_workflow():
    moderators = Group.objects.filter(name="Moderators").first()
    workflow, _ = Workflow.objects.get_or_create(name="Crisis content review")
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task, _ = GroupApprovalTask.objects.get_or_create(name="Comms review")
        reviewers = [g for g in (moderators, Group.objects.get(name="Comms approvers")) if g]
        task.groups.set(reviewers)
        # WorkflowTask hangs off a ParentalKey: create it directly so it is saved now.
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for model in (Message, FAQ):
        content_type = ContentType.objects.get_for_model(model)
        WorkflowContentType.objects.get_or_create(content_type=content_type,
                                                  defaults={"workflow": workflow})
