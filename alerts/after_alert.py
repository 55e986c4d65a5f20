"""After an alert ends (cancelled or expired), the FAQs and pages tied to its topics may
still say what the alert said: "Which roads are closed?" still naming Harbor Bridge after
"Harbor Bridge closed" was cancelled. They go on crisis control's "Check after alert
ended" list, with who owns them, until someone marks them checked (issue 24 point 7).

Tied to its topics: live FAQs with one of the alert messages' topics (in any language,
matched through the topic's translation group), live topic pages for those topics and the
live information pages under them."""

import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log

from content.answer_notices import AnswerNotice
from content.localization import localize, staff_time
from content.models import FAQ, CrisisHubPage, InfoPage, Topic, TopicPage

from .events import ended_alert_checked
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
    """Put the content tied to the ended `alert` on the list: once per item while it waits
    (an item still waiting from another ended alert is not listed twice), again after it was
    checked if a later alert on its topics ends."""
    root = thread_root(alert)
    faqs, pages = tied_content(alert)
    # The crisis hub's own "What to do now" repeats alerts' instructions whatever their
    # topics: a probe's hub still led with "Boil tap water" after the all-clear.
    pages = pages + [hub for hub in CrisisHubPage.objects.live() if hub not in pages]
    made = 0
    for field, items in (("faq", faqs), ("page", pages)):
        waiting = set(EndedAlertCheck.objects.filter(
            checked_at__isnull=True, **{f"{field}__in": items}).values_list(f"{field}_id",
                                                                           flat=True))
        for item in items:
            if item.pk not in waiting:
                _check, created = EndedAlertCheck.objects.get_or_create(alert=root,
                                                                       **{field: item})
                made += created
    return made


def answer_notices(faq_id):
    """An FAQ still waiting on the list may say what an ended alert said: residents are
    told, over the answer, with a link to the city's last words on it (the closing words
    when it was ended with some)."""
    checks = (EndedAlertCheck.objects.filter(faq_id=faq_id, checked_at__isnull=True)
              .select_related("alert__message"))
    return [AnswerNotice(headline=localize(check.alert.message).item.headline,
                         url=reverse("alert_page", args=[check.alert_id]))
            for check in checks]


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
    mentions: list


def _words(text):
    return set(re.findall(r"\w{4,}", text.lower()))


def _text_of(item, is_faq):
    if is_faq:
        return " ".join([item.question, item.short_answer, item.plain_answer])
    parts = [item.title, getattr(item, "summary", ""), getattr(item, "intro", ""),
             item.search_description]
    for name in ("body", "key_actions"):  # key_actions: the hub's "What to do now"
        value = getattr(item, name, None)
        if value is not None:
            parts.append(strip_tags(str(value)))
    return " ".join(parts)


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
    # The alert's own words found in the item ("harbor", "bridge"): what most likely needs
    # rewriting now, so those rows come first.
    mentions = sorted(_words(alert.headline) & _words(_text_of(item, bool(check.faq_id))))
    return CheckRow(
        check=check, kind=kind, title=title, language=item.locale.get_display_name(),
        edit_url=edit_url, live_url=live_url, owner=owner or "—",
        last_editor=_name(revision.user) if revision and revision.user_id else "—",
        last_edited=staff_time(revision.created_at if revision else None),
        alert_headline=alert.headline, ended=staff_time(check.created_at), mentions=mentions)


def pending_checks(limit=200):
    """Rows not yet checked, with who owns each item: those using the ended alert's own
    words first (most of them), then newest ended alert first."""
    checks = (EndedAlertCheck.objects.filter(checked_at__isnull=True)
              .select_related("alert__message", "faq__owner", "faq__locale",
                              "page__owner", "page__locale")[:limit])
    rows = [_row(check) for check in checks]
    rows.sort(key=lambda row: -len(row.mentions))  # stable: newest first within a count
    return rows


def mark_checked(check, user):
    if check.checked_at:
        return False
    check.checked_at, check.checked_by = timezone.now(), user
    check.save(update_fields=["checked_at", "checked_by"])
    ended_alert_checked.send(sender=EndedAlertCheck, reason=f"ended-alert check {check.pk} done")
    log(check.alert, "beacon.alert.content_checked", user=user,
        data={"faq": check.faq_id, "page": check.page_id})
    return True

