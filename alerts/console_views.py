"""/agents/: the call-centre console. Thin views over alerts.console. (Its quick search
and gap form come from search: search/templatetags/agent_lookup.py, search/agent_views.py.)"""

from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from wagtail.admin.views.account import LoginView

from content.models import Message

from . import console

AGENT_GROUPS = ("Agents", "Agent supervisors")
SUPERVISOR_GROUPS = ("Agent supervisors",)


ROLE_CACHE_SECONDS = 60


def _in_groups(user, names):
    """Group membership, cached briefly: hundreds of consoles poll every second."""
    if user.is_superuser:
        return True
    key = f"agents:role:{user.pk}:{'|'.join(names)}".replace(" ", "_")
    cached = cache.get(key)  # the cache fails open (portal/cache_backends.py)
    if cached is None:
        cached = user.groups.filter(name__in=names).exists()
        cache.set(key, cached, ROLE_CACHE_SECONDS)
    return cached


def agents_only(groups=AGENT_GROUPS):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
            if not _in_groups(request.user, groups):
                return HttpResponseForbidden("The agent console is for contact-centre staff.")
            return view(request, *args, **kwargs)
        return wrapper
    return decorator


class AgentAwareLoginView(LoginView):
    """The admin's sign-in page, which agents use too: an agent who signs in there with no
    page to return to goes to the console (a crisis-day probe's agent read "You do not have
    permission to access the admin" and was not pointed to /agents/)."""

    def get_success_url(self):
        user = self.request.user
        if not self.get_redirect_url() and not user.has_perm("wagtailadmin.access_admin") \
                and _in_groups(user, AGENT_GROUPS):
            return reverse("agent_console")
        return super().get_success_url()


def _private(response):
    response["Cache-Control"] = "private, no-cache"
    return response


SECOND_LANGUAGES = [(code, name) for code, name in settings.LANGUAGES if code != "en"]


def _second_language(request):
    """The agent's chosen second language, remembered in their session."""
    if "second" in request.GET:
        choice = request.GET["second"]
        request.session["console_second_language"] = (
            choice if choice in dict(SECOND_LANGUAGES) else "")
    return request.session.get("console_second_language", "")


def _context(request):
    second = _second_language(request)
    return {"scripts": console.current_scripts(request.user, second),
            "ended": console.ended_scripts(request.user, second),
            "second_language": second, "second_languages": SECOND_LANGUAGES,
            "faqs": console.pinned_faqs(),
            "query": request.GET.get("q", "").strip(), "etag": console.board_etag(),
            "gap_logged": request.GET.get("gap") == "1",
            "is_supervisor": _in_groups(request.user, SUPERVISOR_GROUPS)}


@agents_only()
def console_page(request):
    template = "alerts/console/_board.html" if request.GET.get("partial") else \
        "alerts/console/console.html"
    return _private(render(request, template, _context(request)))


@agents_only()
def board_state(request):
    """Polled by open consoles: 304 when nothing changed since their ETag."""
    etag = console.board_etag()
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = JsonResponse({"etag": etag})
    response["ETag"] = etag
    return _private(response)


@require_POST
@agents_only()
def acknowledge(request, message_id):
    message = get_object_or_404(Message, pk=message_id)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        return HttpResponse("Missing version.", status=400)
    if not 1 <= version <= message.script_version:
        return HttpResponse(f"Version {version} of this script does not exist.", status=400)
    console.acknowledge(request.user, message, version)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"message": message.pk, "version": version})
    return redirect(f"{reverse('agent_console')}#script-{message.pk}")


@agents_only()
def print_view(request):
    return _private(render(request, "alerts/console/print.html", {
        "scripts": console.current_scripts(), "faqs": console.pinned_faqs()}))


@agents_only(SUPERVISOR_GROUPS)
def supervisor(request):
    agents = (get_user_model().objects.filter(groups__name="Agents", is_active=True)
              .order_by("username").distinct())
    return _private(render(request, "alerts/console/supervisor.html", {
        "rows": console.supervisor_rows(agents), "agent_count": agents.count()}))


urlpatterns = [
    path("", console_page, name="agent_console"),
    path("state", board_state, name="agent_board_state"),
    path("ack/<int:message_id>/", acknowledge, name="agent_ack"),
    path("print/", print_view, name="agent_print"),
    path("supervisor/", supervisor, name="agent_supervisor"),
]
