"""After an alert ends (cancelled or expired), the FAQs and pages tied to its topics may
still say what the alert said: "Which roads are closed?" still naming Harbor Bridge after
"Harbor Bridge closed" was cancelled. They go on crisis control's "Check after alert
ended" list, with who owns them, until someone marks them checked (issue 24 point 7).

Tied to its topics: live FAQs with one of the alert messages' topics (in any language,
matched through the topic's translation group), live topic pages for those topics and the
live information pages under them."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log

from content.localization import staff_time
from content.models import FAQ, InfoPage, Topic, TopicPage

from .models import EndedAlertCheck
from .selectors import thread_root


def topic_keys(alert):
    """Translation keys of the topics of the chain's first and this version's messages."""
    root = thread_root(alert)
    message_ids = {m for m in (root.message_id, alert.message_id) if m}
    return set(Topic.objects.filter(messages__in=message_ids)
               .values_list("translation_key", flat=True))


def tied_content(alert):
    """(FAQs, pages) tied to the alert's topics, live ones only."""
    keys = topic_keys(alert)
    if not keys:
        return [], []
    faqs = list(FAQ.objects.filter(live=True, topics__translation_key__in=keys).distinct())
    topic_pages = TopicPage.objects.live().filter(topic__translation_key__in=keys)
    pages = list(topic_pages)
    for topic_page in topic_pages:
        pages += list(InfoPage.objects.live().child_of(topic_page))
    return faqs, pages


def record_checks(alert):
    """Put the content tied to the ended `alert` on the list (once per alert chain and item;
    an item already listed for this chain and not yet checked is not listed again)."""
    root = thread_root(alert)
    faqs, pages = tied_content(alert)
    made = 0
    for field, items in (("faq", faqs), ("page", pages)):
        for item in items:
            _check, created = EndedAlertCheck.objects.get_or_create(alert=root, **{field: item})
            made += created
    return made


@dataclass
class CheckRow:
    check: EndedAlertCheck
    kind: str
    title: str
    language: str
    edit_url: str
    live_url: str
    owner: str
    last_editor: str
    last_edited: str
    alert_headline: str
    ended: str


def _name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _row(check):
    alert = check.alert
    if check.faq_id:
        item = check.faq
        kind, title = _("FAQ"), item.question
        edit_url = reverse("wagtailsnippets_content_faq:edit", args=[item.pk])
        live_url = item.get_absolute_url()
        owner = str(item.owner) if item.owner_id else ""
    else:
        item = check.page.specific
        kind, title = _("Page"), item.title
        edit_url = reverse("wagtailadmin_pages:edit", args=[item.pk])
        live_url = item.url or ""
        owner = _name(item.owner)
    revision = item.latest_revision
    return CheckRow(
        check=check, kind=kind, title=title, language=item.locale.get_display_name(),
        edit_url=edit_url, live_url=live_url, owner=owner or "—",
        last_editor=_name(revision.user) if revision and revision.user_id else "—",
        last_edited=staff_time(revision.created_at if revision else None),
        alert_headline=alert.headline, ended=staff_time(check.created_at))


def pending_checks(limit=200):
    """Rows not yet checked, newest ended alert first, with who owns each item."""
    checks = (EndedAlertCheck.objects.filter(checked_at__isnull=True)
              .select_related("alert__message", "faq__owner", "faq__locale",
                              "page__owner", "page__locale")[:limit])
    return [_row(check) for check in checks]


def mark_checked(check, user):
    if check.checked_at:
        return False
    check.checked_at, check.checked_by = timezone.now(), user
    check.save(update_fields=["checked_at", "checked_by"])
    log(check.alert, "beacon.alert.content_checked", user=user,
        data={"faq": check.faq_id, "page": check.page_id})
    return True

