"""Token-authenticated JSON API for an emergency operations centre's system.

    GET  /api/v1/alerts/                 list (newest first) with delivery states
    POST /api/v1/alerts/                 create (and publish with "publish": true)
    GET  /api/v1/alerts/<id>/            one alert with its deliveries
    POST /api/v1/alerts/<id>/publish/    publish a draft
    POST /api/v1/alerts/<id>/update/     publish an update ({"message_id": ..., fields})
    POST /api/v1/alerts/<id>/cancel/     cancel
"""

import hashlib
import json
import secrets
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from content.models import Message

from . import publishing
from .models import Alert, ApiToken

WRITABLE_FIELDS = ("status", "scope", "category", "event", "urgency", "severity", "certainty",
                   "area_desc", "polygon", "geocodes", "web", "channels")
TIME_FIELDS = ("effective", "onset", "expires", "next_update_by")


def issue_token(user):
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=hashlib.sha256(token.encode()).hexdigest(),
                            prefix=token[:8])
    return token


def token_required(view):
    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        found = None
        if scheme.lower() in ("token", "bearer") and token:
            found = (ApiToken.objects.select_related("user")
                     .filter(digest=hashlib.sha256(token.strip().encode()).hexdigest(),
                             user__is_active=True).first())
        if found is None:
            return JsonResponse({"error": "Send 'Authorization: Token <token>'."}, status=401)
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return JsonResponse({"error": str(exc) or "Permission denied."}, status=403)
        except ValidationError as exc:
            return JsonResponse({"error": " ".join(exc.messages)}, status=400)
        except json.JSONDecodeError:
            return JsonResponse({"error": "The body must be JSON."}, status=400)

    return wrapper


def serialize(alert):
    return {
        "id": alert.pk, "identifier": alert.identifier, "msgType": alert.msg_type,
        "status": alert.status, "state": alert.state, "event": alert.event,
        "severity": alert.severity, "urgency": alert.urgency, "certainty": alert.certainty,
        "area_desc": alert.area_desc, "headline": alert.headline, "message_id": alert.message_id,
        "references": alert.references_id,
        "sent": alert.sent_at.isoformat() if alert.sent_at else None,
        "expires": alert.expires.isoformat() if alert.expires else None,
        "cap_url": f"/alerts/cap/{alert.pk}.xml",
        "deliveries": [{"channel": d.channel, "state": d.state, "attempts": d.attempts,
                        "last_error": d.last_error, "receipt": d.receipt}
                       for d in alert.deliveries.all()],
    }


def _fields_from(data):
    fields = {name: data[name] for name in WRITABLE_FIELDS if name in data}
    for name in TIME_FIELDS:
        if data.get(name):
            value = parse_datetime(data[name])
            if value is None:
                raise ValidationError(f"{name} must be an ISO 8601 date-time.")
            fields[name] = value
    return fields


def _message_from(data, default=None):
    if "message_id" not in data:
        if default is None:
            raise ValidationError("message_id is required.")
        return default
    message = Message.objects.filter(pk=data["message_id"]).first()
    if message is None:
        raise ValidationError(f"No message with id {data['message_id']}.")
    return message


@token_required
def alert_collection(request):
    if request.method == "GET":
        alerts = Alert.objects.select_related("message").prefetch_related("deliveries")[:100]
        return JsonResponse({"alerts": [serialize(a) for a in alerts]})
    if request.method != "POST":
        return JsonResponse({"error": "Use GET or POST."}, status=405)
    if not request.user.has_perm("alerts.add_alert"):
        raise PermissionDenied("You may not create alerts.")
    data = json.loads(request.body or b"{}")
    alert = Alert(message=_message_from(data), created_by=request.user, **_fields_from(data))
    alert.full_clean(exclude=["identifier", "message"])
    alert.save()
    if data.get("publish"):
        alert = publishing.publish(
            alert, request.user, at=_fields_from(data).get("effective"),
            confirm_missing_translations=bool(data.get("confirm_missing_translations")))
    return JsonResponse(serialize(alert), status=201)


@token_required
def alert_detail(request, pk):
    alert = Alert.objects.filter(pk=pk).select_related("message").first()
    if alert is None:
        return JsonResponse({"error": "No such alert."}, status=404)
    return JsonResponse(serialize(alert))


@token_required
def alert_action(request, pk, action):
    if request.method != "POST":
        return JsonResponse({"error": "Use POST."}, status=405)
    alert = Alert.objects.filter(pk=pk).select_related("message").first()
    if alert is None:
        return JsonResponse({"error": "No such alert."}, status=404)
    data = json.loads(request.body or b"{}")
    confirm = bool(data.get("confirm_missing_translations"))
    if action == "publish":
        result = publishing.publish(alert, request.user, confirm_missing_translations=confirm)
    elif action == "update":
        result = publishing.update(alert, message=_message_from(data, alert.message),
                                   user=request.user, confirm_missing_translations=confirm,
                                   **_fields_from(data))
    elif action == "cancel":
        result = publishing.cancel(alert, user=request.user)
    else:
        return JsonResponse({"error": f"Unknown action {action!r}."}, status=404)
    return JsonResponse(serialize(result), status=200)
