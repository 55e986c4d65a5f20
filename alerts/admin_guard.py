"""What every crisis-control view does first: permissions, the city's time zone, and one
way of turning a refused action into a message on the alert's page."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from wagtail.admin.auth import permission_denied

from .models import Alert


def require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def guard(view):
    """Permission first; and crisis control reads and writes times in the city's time zone
    (the one zone staff see everywhere, labelled), whatever a staff profile is set to."""
    def wrapper(request, *args, **kwargs):
        try:
            require(request, "alerts.view_alert")
            with timezone.override(settings.TIME_ZONE):
                return view(request, *args, **kwargs)
        except PermissionDenied:
            return permission_denied(request)
    wrapper.__name__ = view.__name__
    return wrapper


def act(request, pk, action):
    """Run `action(alert)`; a refusal comes back as an error on the alert's page."""
    alert = get_object_or_404(Alert, pk=pk)
    try:
        result = action(alert)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("crisis_control:detail", alert.pk)
    except PermissionDenied:
        return permission_denied(request)
    return redirect("crisis_control:detail", (result or alert).pk)
