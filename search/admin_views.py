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
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import Column

import django_filters

from content.models import FAQ
from content.reports import ListFilterSet, SafeReportView

from . import analytics
from .models import HelpfulVote

PERIOD_LABELS = {"24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days"}
DEFAULT_PERIOD = "7d"


def _allowed(user):
    return user.has_perm("content.add_faq") or user.has_perm("content.change_faq")


def least_helpful(limit=10):
    rows = (HelpfulVote.objects.filter(target_type="faq").values("target_id")
            .annotate(no=Count("id", filter=Q(helpful=False)), yes=Count("id", filter=Q(helpful=True)))
            .filter(no__gt=0).order_by("-no")[:limit])
    questions = dict(FAQ.objects.filter(pk__in=[r["target_id"] for r in rows])
                     .values_list("pk", "question"))
    return [{**row, "question": questions.get(row["target_id"], "(deleted)")} for row in rows]


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
        context.update(csrf_token=get_token(request), back=request.GET.urlencode())
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
                   "first_seen"]
    export_headings = {"reasons_text": "reasons", "previous": "previous_period"}
    custom_field_preprocess = {"first_seen": {"csv": lambda value: value.isoformat()}}
    columns = [
        Column("query", label="Query"),
        Column("total", label="Total"),
        Column("web", label="Web"),
        Column("agent", label="Phone"),
        Column("reasons_text", label="Why", classname="gap-reasons"),
        Column("trend", label="Trend", accessor=trend_text),
        Column("first_seen", label="First seen",
               accessor=lambda row: row["first_seen"].strftime("%b %-d %H:%M")),
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
        for row in rows:
            row["reasons_text"] = "; ".join(f"{label}: {n}" for label, n in row["reasons"])
        return rows

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        days = analytics.daily_zero_counts(14)
        peak = max((n for _, n in days), default=0) or 1
        context.update(
            period=self.chosen[0], language=self.chosen[1],
            chart=[(day, n, round(100 * n / peak)) for day, n in days],
            click_through=analytics.click_through(self.chosen[0]),
            least_helpful=least_helpful())
        return context


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
        question = query[:1].upper() + query[1:]
        faq = FAQ(question=question if question.endswith("?") else question + "?",
                  answer="<p></p>", live=False, keywords=query)
        faq.save()
        faq.save_revision(user=request.user, log_action=True)
        analytics.mark_handled(query, request.user)
        return redirect("wagtailsnippets_content_faq:edit", faq.pk)
    if action == "synonym":
        return redirect(reverse("synonym_sets:add") + "?" + urlencode({"terms": query}))
    if action == "best_bet":
        return redirect(reverse("best_bets:add") + "?" + urlencode({"query": query}))
    messages.error(request, "Unknown action.")
    return redirect("search_gaps")


urlpatterns = [
    path("reports/search-gaps/", GapReportView.as_view(), name="search_gaps"),
    path("reports/search-gaps/results/", GapReportView.as_view(results_only=True),
         name="search_gaps_results"),
    path("reports/search-gaps/act/", gap_action, name="search_gaps_action"),
]
