"""The gap queue: searches with no results (web and phone), least helpful FAQs, and the
one-click fixes staff make from them."""


from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from wagtail.admin.auth import permission_denied

from content.models import FAQ
from content.spreadsheets import csv_response

from . import analytics
from .models import HelpfulVote

PERIOD_LABELS = {"24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days"}


def _allowed(user):
    return user.has_perm("content.add_faq") or user.has_perm("content.change_faq")


def least_helpful(limit=10):
    from django.db.models import Count, Q

    rows = (HelpfulVote.objects.filter(target_type="faq").values("target_id")
            .annotate(no=Count("id", filter=Q(helpful=False)), yes=Count("id", filter=Q(helpful=True)))
            .filter(no__gt=0).order_by("-no")[:limit])
    questions = dict(FAQ.objects.filter(pk__in=[r["target_id"] for r in rows])
                     .values_list("pk", "question"))
    return [{**row, "question": questions.get(row["target_id"], "(deleted)")} for row in rows]


def gap_report(request):
    if not _allowed(request.user):
        return permission_denied(request)
    period = request.GET.get("period", "7d") if request.GET.get("period") in PERIOD_LABELS else "7d"
    language = request.GET.get("lang", "")[:8]
    rows = analytics.zero_result_report(period, language)
    if request.GET.get("export") == "csv":
        return csv_response(
            f"search-gaps-{period}.csv",
            ["query", "total", "web", "agent", "reasons", "previous_period", "trend",
             "first_seen"],
            ([row["query"], row["total"], row["web"], row["agent"],
              "; ".join(f"{label}: {count}" for label, count in row["reasons"]),
              row["previous"], row["trend"], row["first_seen"].isoformat()] for row in rows))
    days = analytics.daily_zero_counts(14)
    peak = max((n for _, n in days), default=0) or 1
    return render(request, "search/admin/gap_report.html", {
        "rows": rows, "period": period, "periods": PERIOD_LABELS, "language": language,
        "chart": [(day, n, round(100 * n / peak)) for day, n in days],
        "click_through": analytics.click_through(period), "least_helpful": least_helpful(),
    })


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
        return redirect(reverse("synonym_sets:add") + f"?terms={query}")
    if action == "best_bet":
        return redirect(reverse("best_bets:add") + f"?query={query}")
    messages.error(request, "Unknown action.")
    return redirect("search_gaps")


urlpatterns = [
    path("reports/search-gaps/", gap_report, name="search_gaps"),
    path("reports/search-gaps/act/", gap_action, name="search_gaps_action"),
]
