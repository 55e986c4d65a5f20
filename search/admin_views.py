"""The gap queue (Reports → Searches without a good answer): searches residents made that
found no good answer and what callers asked agents, least helpful FAQs, click-through, and
the one-click fixes staff make from them. Listing, filters and CSV/XLSX export come from
Wagtail's ReportView (content/reports.py)."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import get_language_info
from django.views.decorators.http import require_POST

from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import Column

import django_filters

from content.localization import city_time, staff_time
from content.models import FAQ, FAQWording
from content.reports import ListFilterSet, SafeReportView
from content.wordings import WordingRefused, draft_faq_from_query

from . import analytics
from .models import GapStatus, HelpfulVote, SearchEvent

PERIOD_LABELS = {"24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days"}
DEFAULT_PERIOD = "7d"


LANGUAGE_NAMES = dict(settings.LANGUAGES)


def language_label(code):
    """"Spanish" for "es", in the staff member's admin language (one name per language on
    every screen: a probe read "Español", "Spanish" and "SPANISH" on one page)."""
    return str(get_language_info(code)["name_translated"]) if code in LANGUAGE_NAMES else code


def _allowed(user):
    return user.has_perm("content.add_faq") or user.has_perm("content.change_faq")


def _may_teach(user):
    """Adding a wording is an edit of the FAQ."""
    return user.has_perm("content.change_faq")


def least_helpful(limit=10):
    rows = (HelpfulVote.objects.filter(target_type="faq").values("target_id")
            .annotate(no=Count("id", filter=Q(helpful=False)), yes=Count("id", filter=Q(helpful=True)))
            .filter(no__gt=0).order_by("-no")[:limit])
    questions = dict(FAQ.objects.filter(pk__in=[r["target_id"] for r in rows])
                     .values_list("pk", "question"))
    comments = {}
    for vote in (HelpfulVote.objects.filter(target_type="faq", helpful=False,
                                            target_id__in=[r["target_id"] for r in rows])
                 .exclude(comment="").order_by("-created_at")):
        comments.setdefault(vote.target_id, []).append(vote.comment)
    return [{**row, "question": questions.get(row["target_id"], "(deleted)"),
             "comments": comments.get(row["target_id"], [])[:3]} for row in rows]


def not_helpful_comments(period=None, language="", include_handled=False, now=None):
    """"Not helpful" votes with a comment, newest first, with the FAQ they were on and its
    language (the language the reader read it in)."""
    votes = HelpfulVote.objects.filter(helpful=False).exclude(comment="").order_by("-created_at")
    if period:
        now = now or timezone.now()
        votes = votes.filter(created_at__gt=now - analytics.PERIODS.get(period, analytics.PERIODS["7d"]))
    if not include_handled:
        votes = votes.filter(handled_at__isnull=True)
    votes = list(votes[:500])
    faqs = FAQ.objects.select_related("locale").in_bulk(
        [vote.target_id for vote in votes if vote.target_type == "faq"])
    rows = []
    for vote in votes:
        faq = faqs.get(vote.target_id) if vote.target_type == "faq" else None
        row_language = faq.locale.language_code if faq else ""
        if language and row_language != language:
            continue
        rows.append({"id": vote.pk, "comment": vote.comment, "created_at": vote.created_at,
                     "target_type": vote.target_type, "target_id": vote.target_id, "faq": faq,
                     "on": faq.question if faq else f"{vote.target_type} {vote.target_id}",
                     "language": row_language, "handled_at": vote.handled_at,
                     "handled_by": vote.handled_by})
    return rows


def _dominant_languages(queries):
    """The language most of a query's searches were made in (a gap row groups languages)."""
    counts = (SearchEvent.objects.filter(query__in=queries).exclude(flag="")
              .values("query", "language").annotate(n=Count("id")).order_by("query", "-n"))
    found = {}
    for row in counts:
        found.setdefault(row["query"], row["language"])
    return found


def wording_url(text, language, source, vote=None):
    params = {"text": text, "lang": language, "source": source}
    if vote:
        params["vote"] = vote
    return reverse("search_gaps_wording") + "?" + urlencode(params)


def _keep(rows, name, value):
    return rows  # period and language choose which rows are computed (GapReportView.get_queryset)


class GapFilterSet(ListFilterSet):
    period = django_filters.ChoiceFilter(choices=list(PERIOD_LABELS.items()), label="Period",
                                         empty_label=None, method=_keep)
    lang = django_filters.ChoiceFilter(choices=settings.LANGUAGES, label="Language",
                                       empty_label="All languages", method=_keep)


def trend_text(row):
    if row["trend"] > 0:
        return f"▲ +{row['trend']}"
    return f"▼ {row['trend']}" if row["trend"] < 0 else "—"


class FixItColumn(Column):
    """One form per row: draft an FAQ, add a synonym or a best bet, or mark handled."""

    cell_template_name = "search/admin/gap_fix_it_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context["request"]
        source = (FAQWording.Source.AGENT if instance["agent"] and not instance["web"]
                  else FAQWording.Source.SEARCH)
        context.update(csrf_token=get_token(request), back=request.GET.urlencode(),
                       wording_url=wording_url(instance["query"], instance["language"], source),
                       may_teach=_may_teach(request.user),
                       may_draft=request.user.has_perm("content.add_faq"))
        return context


class GapReportView(SafeReportView):
    page_title = "Searches without a good answer"
    header_icon = "search"
    template_name = "search/admin/gap_report.html"
    results_template_name = "search/admin/gap_report_results.html"
    index_url_name = "search_gaps"
    index_results_url_name = "search_gaps_results"
    filterset_class = GapFilterSet
    context_object_name = "rows"
    list_export = ["query", "total", "web", "agent", "reasons_text", "previous", "trend",
                   "first_seen", "language"]
    export_headings = {"reasons_text": "reasons", "previous": "previous_period"}
    custom_field_preprocess = {"first_seen": {"csv": lambda value: city_time(value).isoformat()}}
    columns = [
        Column("query", label="Query"),
        Column("language", label="Language", accessor=lambda row: language_label(row["language"])),
        Column("total", label="Total"),
        Column("web", label="Web"),
        Column("agent", label="Phone"),
        Column("reasons_text", label="Why", classname="gap-reasons"),
        Column("trend", label="Trend", accessor=trend_text),
        Column("first_seen", label="First seen",
               accessor=lambda row: staff_time(row["first_seen"])),
        FixItColumn("fix", label="Fix it"),
    ]

    def user_may_see(self, user):
        return _allowed(user)

    @cached_property
    def chosen(self):
        data = self.filters.form.cleaned_data if self.filters.is_valid() else {}
        return (data.get("period") or DEFAULT_PERIOD), (data.get("lang") or "")

    def get_filename(self):
        return f"search-gaps-{self.chosen[0]}"

    def get_queryset(self):
        period, language = self.chosen
        rows = analytics.zero_result_report(period, language)
        languages = {} if language else _dominant_languages([row["query"] for row in rows])
        for row in rows:
            row["reasons_text"] = "; ".join(f"{label}: {n}" for label, n in row["reasons"])
            row["language"] = language or languages.get(row["query"], "en")
        return rows

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        days = analytics.daily_zero_counts(14)
        peak = max((n for _, n in days), default=0) or 1
        context.update(
            period=self.chosen[0], language=self.chosen[1],
            chart=[(day, n, round(100 * n / peak)) for day, n in days],
            click_through=analytics.click_through(self.chosen[0]),
            least_helpful=least_helpful(),
            comments=[{**row, "wording_url": wording_url(row["comment"], row["language"] or "en",
                                                         FAQWording.Source.NOT_HELPFUL, row["id"])}
                      for row in not_helpful_comments(*self.chosen)[:20]],
            may_teach=_may_teach(self.request.user), csrf_token=get_token(self.request),
            recently_taught=_with_search_state(
                GapStatus.objects.filter(faq__isnull=False, handled_at__isnull=False)
                .select_related("faq", "faq__locale").order_by("-handled_at")[:10]))
        return context


def _with_search_state(statuses):
    """Each taught row says whether search uses its wording yet: a row leaves the queue when
    the wording is in a draft, and a probe could not tell which were published."""
    statuses = list(statuses)
    for status in statuses:
        status.searched = status.faq.asks(status.query)
    return statuses


@require_POST
def gap_action(request):
    if not _allowed(request.user):
        return permission_denied(request)
    query = request.POST.get("query", "")[:200]
    action = request.POST.get("action")
    if action == "handled":
        analytics.mark_handled(query, request.user)
        messages.success(request, f"“{query}” marked as handled.")
        return redirect(reverse("search_gaps") + "?" + request.POST.get("back", ""))
    if action == "draft_faq":
        if not request.user.has_perm("content.add_faq"):
            return permission_denied(request)
        language = request.POST.get("lang", "")
        if language not in LANGUAGE_NAMES:
            language = _dominant_languages([query]).get(query, "en")
        try:
            faq = draft_faq_from_query(query, language=language, user=request.user)
        except WordingRefused as refused:
            messages.error(request, str(refused))
            return redirect("search_gaps")
        status = analytics.mark_handled(query, request.user)
        GapStatus.objects.filter(pk=status.pk).update(faq=faq)
        messages.success(request, f"A draft FAQ in {language_label(language)} was started from "
                                  f"“{query}”, which left the gap queue. Write its answer, then "
                                  f"publish it or submit it for review.")
        return redirect("wagtailsnippets_content_faq:edit", faq.pk)
    if action == "synonym":
        return redirect(reverse("synonym_sets:add") + "?" + urlencode({"terms": query}))
    if action == "best_bet":
        return redirect(reverse("best_bets:add") + "?" + urlencode({"query": query}))
    messages.error(request, "Unknown action.")
    return redirect("search_gaps")


def _number(value):
    return int(value) if str(value or "").isdigit() and int(value) < 2**62 else 0


@require_POST
def comment_action(request):
    """Dismiss a "not helpful" comment that teaches nothing."""
    if not _allowed(request.user):
        return permission_denied(request)
    HelpfulVote.objects.filter(pk=_number(request.POST.get("vote")), helpful=False).update(
        handled_at=timezone.now(), handled_by=request.user.get_username()[:150])
    messages.success(request, "Comment dismissed.")
    return redirect(reverse("search_gaps") + "?" + request.POST.get("back", ""))


class CommentFilterSet(ListFilterSet):
    period = django_filters.ChoiceFilter(choices=list(PERIOD_LABELS.items()), label="Period",
                                         empty_label="All time", method=_keep)
    lang = django_filters.ChoiceFilter(choices=settings.LANGUAGES, label="Language",
                                       empty_label="All languages", method=_keep)


class HelpfulCommentsReportView(SafeReportView):
    """Every "not helpful" comment, handled or not, with CSV/XLSX export."""

    page_title = "“Not helpful” comments"
    header_icon = "comment"
    index_url_name = "search_comments"
    index_results_url_name = "search_comments_results"
    filterset_class = CommentFilterSet
    list_export = ["created_at", "language", "on", "comment", "handled_at", "handled_by"]
    export_headings = {"on": "faq_or_page", "created_at": "date"}
    custom_field_preprocess = {
        "created_at": {"csv": lambda value: city_time(value).isoformat()},
        "handled_at": {"csv": lambda value: city_time(value).isoformat() if value else ""}}
    columns = [
        Column("created_at", label="Date",
               accessor=lambda row: staff_time(row["created_at"])),
        Column("language", label="Language",
               accessor=lambda row: language_label(row["language"])),
        Column("on", label="On"),
        Column("comment", label="Comment"),
        Column("handled_by", label="Handled by"),
    ]

    def user_may_see(self, user):
        return _allowed(user)

    def get_filename(self):
        return "not-helpful-comments"

    def get_queryset(self):
        data = self.filters.form.cleaned_data if self.filters.is_valid() else {}
        return not_helpful_comments(data.get("period") or None, data.get("lang") or "",
                                    include_handled=True)


urlpatterns = [
    path("reports/search-gaps/", GapReportView.as_view(), name="search_gaps"),
    path("reports/search-gaps/comment/", comment_action, name="search_gaps_comment"),
    path("reports/search-gaps/comments/", HelpfulCommentsReportView.as_view(),
         name="search_comments"),
    path("reports/search-gaps/comments/results/",
         HelpfulCommentsReportView.as_view(results_only=True), name="search_comments_results"),
    path("reports/search-gaps/results/", GapReportView.as_view(results_only=True),
         name="search_gaps_results"),
    path("reports/search-gaps/act/", gap_action, name="search_gaps_action"),
]
