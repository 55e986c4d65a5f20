"""“Use this wording for…” (issue 22 point 6): from a gap-queue row, a "not helpful"
comment or an agent's "caller asked, no answer", staff pick the FAQ that should have
answered; the resident's wording is added to that FAQ's version in the query's language as
an alternative question, in a draft revision reviewed like any edit (content/wordings.py)."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode

from wagtail.admin.auth import permission_denied

from content.models import FAQ, FAQWording
from content.wordings import WordingRefused, add_wording, version_in

from . import analytics, service
from .admin_views import LANGUAGE_NAMES, _may_teach, _number, language_label
from .models import GapStatus, HelpfulVote


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


urlpatterns = [
    path("reports/search-gaps/wording/", use_wording, name="search_gaps_wording"),
]
