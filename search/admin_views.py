"""The gap queue (Reports → Searches without a good answer): searches residents made that
found no good answer and what callers asked agents, least helpful FAQs, click-through, and
the one-click fixes staff make from them. Listing, filters and CSV/XLSX export come from
Wagtail's ReportView (content/reports.py)."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
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
from content.models import FAQ, FAQWording, wording_key
from content.reports import ListFilterSet, SafeReportView
from content.wordings import WordingRefused, add_wording, draft_faq_from_query, version_in

from . import analytics, service
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
        status.searched = status.faq.live and wording_key(status.query) in {
            wording_key(text) for text in status.faq.search_questions()}
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


def _candidates(text, language, typed):
    """FAQs that may be the one that should have answered: what staff typed, else what search
    finds for the resident's words (not recorded as a search). One row per FAQ, shown by its
    version in the query's language when it has one."""
    if typed:
        faqs = list(FAQ.objects.filter(Q(question__icontains=typed) | Q(keywords__icontains=typed)
                                       | Q(short_answer__icontains=typed)
                                       | Q(wordings__text__icontains=typed))
                    .distinct().select_related("locale")[:60])
        # what staff typed matches in no order: the query's language first. Search's own
        # order is kept (a probe's first two buttons were unrelated Spanish FAQs, put ahead
        # of the right English one for their language)
        faqs.sort(key=lambda faq: faq.locale.language_code != language)
    else:
        faqs = []
        try:
            hits = service.search(text, language, limit=10, record=False).results
            faqs = list(FAQ.objects.filter(pk__in=[hit.object_id for hit in hits
                                                   if hit.doc_type == "faq"])
                        .select_related("locale"))
            order = {hit.object_id: rank for rank, hit in enumerate(hits)}
            faqs.sort(key=lambda faq: order.get(faq.pk, 99))
        except Exception:  # search down: staff can still type
            faqs = []
    rows, seen = [], set()
    for faq in faqs:
        if faq.translation_key in seen:
            continue
        seen.add(faq.translation_key)
        version = faq if faq.locale.language_code == language else version_in(faq, language)
        rows.append({"faq": faq, "version": version})
    return rows[:15]


def _number(value):
    return int(value) if str(value or "").isdigit() and int(value) < 2**62 else 0


WORDING_LENGTH = FAQWording._meta.get_field("text").max_length


def use_wording(request):
    """"Use this wording for…": pick the FAQ that should have answered; the wording is added
    to a new draft revision of its version in the query's language (content/wordings.py)."""
    if not _may_teach(request.user):
        return permission_denied(request)
    data = request.POST if request.method == "POST" else request.GET
    whole = " ".join(data.get("text", "").split())
    text = whole[:WORDING_LENGTH]
    if not text:  # nothing to teach: no page to pick from, no gap row touched
        messages.error(request, "The wording is empty: nothing was added.")
        return redirect("search_gaps")
    query = data.get("query", "").strip()[:200] or text[:200]  # the gap row, as logged
    language = data.get("lang", "en")
    language = language if language in LANGUAGE_NAMES else "en"
    source = data.get("source", FAQWording.Source.SEARCH)
    if source not in FAQWording.Source.values:
        source = FAQWording.Source.SEARCH
    vote = None
    if data.get("vote"):
        vote = get_object_or_404(HelpfulVote, pk=_number(data.get("vote")), helpful=False)
        source = FAQWording.Source.NOT_HELPFUL
    if request.method == "POST":
        faq = get_object_or_404(FAQ, pk=_number(data.get("faq")))
        if version_in(faq, language) is None and not request.user.has_perm("content.add_faq"):
            return permission_denied(request)
        origin = vote or GapStatus.objects.get_or_create(query=query)[0]
        try:
            result = add_wording(faq, text, language=language, source=source, origin=origin,
                                 user=request.user)
        except WordingRefused as refused:
            messages.error(request, str(refused))
            params = {"text": text, "query": query, "lang": language, "source": source}
            if vote:
                params["vote"] = vote.pk
            return redirect(reverse("search_gaps_wording") + "?" + urlencode(params))
        if vote:
            HelpfulVote.objects.filter(pk=vote.pk).update(
                handled_at=timezone.now(), handled_by=request.user.get_username()[:150])
        else:
            analytics.mark_handled(query, request.user)
            GapStatus.objects.filter(pk=origin.pk).update(faq=result.faq)
        name = language_label(language)
        if result.started_translation:
            messages.warning(request, f"“{faq.question}” had no {name} version: one was started "
                                      f"with this wording. Translate the question and answer, "
                                      f"then publish it; until then search uses the "
                                      f"{language_label(faq.locale.language_code)} version.")
        elif result.added:
            messages.success(request, f"“{text}” added as a wording of “{result.faq.question}” "
                                      f"({name}), in a draft. Search uses it once published: "
                                      f"review it and publish or submit it for moderation.")
        else:
            messages.info(request, f"“{result.faq.question}” already has this wording.")
        return redirect("wagtailsnippets_content_faq:edit", result.faq.pk)
    typed = request.GET.get("q", "").strip()
    voted_faq = (FAQ.objects.select_related("locale").filter(pk=vote.target_id).first()
                 if vote and vote.target_type == "faq" else None)
    candidates = _candidates(text, language, typed)
    if voted_faq and not typed and voted_faq.translation_key not in {
            row["faq"].translation_key for row in candidates}:
        candidates.insert(0, {"faq": voted_faq, "version": version_in(voted_faq, language)})
    return render(request, "search/admin/use_wording.html", {
        "page_title": "Use this wording for…", "header_icon": "search", "text": text,
        "query": query,
        "language": language, "language_name": language_label(language), "source": source,
        "source_label": FAQWording.Source(source).label, "vote": vote, "typed": typed,
        "candidates": candidates, "may_translate": request.user.has_perm("content.add_faq"),
        "cut": len(whole) > WORDING_LENGTH, "wording_length": WORDING_LENGTH,
        "voted_faq": voted_faq})


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
    path("reports/search-gaps/wording/", use_wording, name="search_gaps_wording"),
    path("reports/search-gaps/comment/", comment_action, name="search_gaps_comment"),
    path("reports/search-gaps/comments/", HelpfulCommentsReportView.as_view(),
         name="search_comments"),
    path("reports/search-gaps/comments/results/",
         HelpfulCommentsReportView.as_view(results_only=True), name="search_comments_results"),
    path("reports/search-gaps/results/", GapReportView.as_view(results_only=True),
         name="search_gaps_results"),
    path("reports/search-gaps/act/", gap_action, name="search_gaps_action"),
]
