"""/agents/conversations/: the console's Conversations queue, behind the console's own
permissions (alerts.console_views.agents_only). Waiting conversations, urgent first and
then oldest first; an agent takes one, replies, resolves. Supervisors get the weekly
report. The phone number is shown only to the agent holding the conversation."""

from datetime import date, timedelta

from django.contrib import messages as flash
from django.contrib.auth import get_user_model
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from alerts.console_views import AGENT_GROUPS, SUPERVISOR_GROUPS, _in_groups, agents_only
from search.service import search

from . import reports, services
from .etags import conversation_etag, queue_etag
from .models import Conversation

Status = Conversation.Status


def _private(response):
    response["Cache-Control"] = "private, no-cache"
    return response


def _queue_context(request):
    waiting = (Conversation.objects.filter(status=Status.WAITING)
               .order_by("-urgent", "queued_at", "pk").prefetch_related("messages"))
    held = (Conversation.objects.filter(status=Status.ACTIVE).select_related("agent")
            .order_by("taken_at", "pk").prefetch_related("messages"))
    return {"waiting": waiting, "mine": [c for c in held if c.agent_id == request.user.pk],
            "others": [c for c in held if c.agent_id != request.user.pk],
            "etag": queue_etag(), "state_url": reverse("conversation_queue_state"),
            "is_supervisor": _in_groups(request.user, SUPERVISOR_GROUPS)}


@agents_only()
def queue(request):
    template = ("conversations/agents/_queue.html" if request.GET.get("partial")
                else "conversations/agents/queue.html")
    return _private(render(request, template, _queue_context(request)))


@agents_only()
def queue_state(request):
    etag = queue_etag()
    response = (HttpResponse(status=304) if request.headers.get("If-None-Match") == etag
                else JsonResponse({"etag": etag}))
    response["ETag"] = etag
    return _private(response)


@agents_only()
def detail(request, pk):
    conversation = get_object_or_404(Conversation.objects.select_related("agent"), pk=pk)
    if request.GET.get("state"):
        etag = conversation_etag(conversation)
        response = (HttpResponse(status=304) if request.headers.get("If-None-Match") == etag
                    else JsonResponse({"etag": etag}))
        response["ETag"] = etag
        return _private(response)
    template = ("conversations/agents/_thread.html" if request.GET.get("partial")
                else "conversations/agents/detail.html")
    query, hits, draft = request.GET.get("q", "").strip(), [], ""
    if query:
        found = search(query, language=conversation.language, limit=5, record=False)
        hits = [hit for hit in found.results if hit.short_answer]
        chosen = request.GET.get("use", "")
        if chosen.isdigit() and int(chosen) < len(hits):
            hit = hits[int(chosen)]
            draft = f"{hit.short_answer} {request.build_absolute_uri(hit.url)}"
    return _private(render(request, template, {
        "query": query, "hits": hits, "draft": draft,
        "conversation": conversation,
        "holding": conversation.agent_id == request.user.pk and conversation.status == Status.ACTIVE,
        "colleagues": _agents().exclude(pk=request.user.pk),
        # The agent who holds (or held) it, to answer and to call back after a frown.
        "sees_phone": conversation.agent_id == request.user.pk,
        "etag": conversation_etag(conversation),
        "state_url": f"{reverse('conversation_detail', args=[pk])}?state=1",
        "is_supervisor": _in_groups(request.user, SUPERVISOR_GROUPS)}))


@require_POST
@agents_only()
def take(request, pk):
    try:
        services.take(pk, request.user)
    except services.AlreadyTaken as taken:
        holder = taken.args[0] if taken.args else None
        flash.error(request, f"{holder.get_username()} has already taken this conversation."
                    if holder else "This conversation is no longer waiting.")
        return redirect("conversation_queue")
    return redirect("conversation_detail", pk=pk)


@require_POST
@agents_only()
def reply(request, pk):
    conversation = get_object_or_404(Conversation, pk=pk)
    text = request.POST.get("text", "").strip()
    if text:
        try:
            _message, problem = services.reply(conversation, request.user, text)
        except services.NotYours:
            return HttpResponse("Take this conversation before replying.", status=403)
        if problem:
            flash.error(request, f"The text was not sent: {problem}")
    return redirect(f"{reverse('conversation_detail', args=[pk])}#reply")


@require_POST
@agents_only()
def resolve(request, pk):
    conversation = get_object_or_404(Conversation, pk=pk)
    try:
        problem = services.resolve(conversation, request.user)
    except services.NotYours:
        return HttpResponse("Only the agent holding this conversation resolves it.", status=403)
    if problem:
        flash.error(request, f"The rating question was not sent: {problem}")
    return redirect("conversation_queue")


@require_POST
@agents_only()
def release(request, pk):
    conversation = get_object_or_404(Conversation, pk=pk)
    target = request.POST.get("to", "")
    try:
        if target:
            to = get_object_or_404(_agents(), pk=target)
            services.transfer(conversation, request.user, to)
        else:
            services.release(conversation, request.user)
    except services.NotYours:
        return HttpResponse("Only the agent holding this conversation passes it on.", status=403)
    return redirect("conversation_queue")


def _agents():
    return (get_user_model().objects.filter(groups__name__in=AGENT_GROUPS, is_active=True)
            .distinct().order_by("username"))


def _week_start(request):
    try:
        year, week = request.GET.get("week", "").split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        today = date.today()
        return today - timedelta(days=today.weekday())


@agents_only(SUPERVISOR_GROUPS)
def report(request):
    start = _week_start(request)
    return _private(render(request, "conversations/agents/report.html", {
        "report": reports.week_report(start), "start": start,
        "previous": (start - timedelta(days=7)).strftime("%G-W%V"),
        "next": (start + timedelta(days=7)).strftime("%G-W%V"),
        "is_supervisor": True}))


@require_POST
@agents_only(SUPERVISOR_GROUPS)
def called_back(request, pk):
    conversation = get_object_or_404(Conversation, pk=pk)
    services.mark_called_back(conversation, request.POST.get("called_back") == "on")
    week = request.POST.get("week", "")
    return redirect(f"{reverse('conversation_report')}?week={week}#frowns")


urlpatterns = [
    path("", queue, name="conversation_queue"),
    path("state", queue_state, name="conversation_queue_state"),
    path("report/", report, name="conversation_report"),
    path("<int:pk>/", detail, name="conversation_detail"),
    path("<int:pk>/take/", take, name="conversation_take"),
    path("<int:pk>/reply/", reply, name="conversation_reply"),
    path("<int:pk>/resolve/", resolve, name="conversation_resolve"),
    path("<int:pk>/pass-on/", release, name="conversation_release"),
    path("<int:pk>/called-back/", called_back, name="conversation_called_back"),
]
