"""Token-authenticated JSON API for an emergency operations centre's system, on Django
REST framework: serializers validate every write (create and update alike), permission
classes decide before anything is written, unknown methods get 405.

    GET  /api/v1/alerts/                 list (newest first) with delivery states
    POST /api/v1/alerts/                 create (and publish with "publish": true)
    GET  /api/v1/alerts/<id>/            one alert with its deliveries
    POST /api/v1/alerts/<id>/publish/    publish a draft
    POST /api/v1/alerts/<id>/update/     publish an update ({"message_id": ..., fields})
    POST /api/v1/alerts/<id>/cancel/     cancel ({"message_id": ...}: closing words)

Reads need `alerts.view_alert`; creating needs `alerts.add_alert` (and
`alerts.publish_alert` when "publish" is true); publish, update and cancel need
`alerts.publish_alert`.
"""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone

from rest_framework import authentication, exceptions, permissions, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from . import publishing
from .models import Alert, ApiToken
from .serializers import AlertSerializer, AlertWriteSerializer, ApiActionSerializer, ApiCancelSerializer


def issue_token(user):
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=hashlib.sha256(token.encode()).hexdigest(),
                            prefix=token[:8])
    return token


class BeaconTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <token>` (or Bearer); only the token's hash is stored."""

    keywords = ("token", "bearer")

    def authenticate(self, request):
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() not in self.keywords or not token.strip():
            return None
        digest = hashlib.sha256(token.strip().encode()).hexdigest()
        found = ApiToken.objects.select_related("user").filter(
            digest=digest, user__is_active=True).first()
        if found is None:
            raise exceptions.AuthenticationFailed("Send 'Authorization: Token <token>'.")
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        return found.user, found

    def authenticate_header(self, request):
        return "Token"


class AlertPermissions(permissions.BasePermission):
    """Model permissions per method, checked before the view touches anything."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        needed = view.required_permissions(request)
        if not all(user.has_perm(perm) for perm in needed):
            raise exceptions.PermissionDenied(view.permission_message)
        return True


def _error_handler(exc, context):
    """Errors as {"error": "..."} (the shape API users already parse)."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError({"error": " ".join(exc.messages)})
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or "Permission denied.")
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and "detail" in data and len(data) == 1:
        message = str(data["detail"])
        if isinstance(exc, exceptions.NotAuthenticated):
            message = "Send 'Authorization: Token <token>'."
        response.data = {"error": message}
    elif isinstance(data, dict) and "error" not in data:
        response.data = {"error": _flatten(data), "fields": data}
    elif isinstance(data, dict) and isinstance(data["error"], list):
        response.data = {"error": " ".join(str(item) for item in data["error"])}
    return response


def _flatten(errors, prefix=""):
    """{"geocodes": {"FIPS6": ["..."]}} -> "geocodes.FIPS6: ..." """
    if isinstance(errors, dict):
        return " ".join(_flatten(value, name if name == "non_field_errors" or not prefix
                                 else f"{prefix}.{name}") for name, value in errors.items())
    if isinstance(errors, list):
        return " ".join(_flatten(item, prefix) for item in errors)
    if prefix in ("", "non_field_errors"):
        return str(errors)
    return f"{prefix}: {errors}"


class BoundedJSONParser(JSONParser):
    """JSON nested past Python's recursion limit ('[' x 100,000) is a 400 like any other
    malformed body, not a RecursionError and a 500 (issue 23 point 8)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise exceptions.ParseError("JSON parse error - nested too deeply.") from exc


class AlertApiView(APIView):
    authentication_classes = [BeaconTokenAuthentication]
    parser_classes = [BoundedJSONParser]
    permission_classes = [AlertPermissions]
    permission_message = "You do not have permission to do this with alerts."

    def get_exception_handler(self):
        return _error_handler

    def required_permissions(self, request):
        return ["alerts.view_alert"]


def serialize(alert):
    return AlertSerializer(alert).data


class AlertCollection(AlertApiView):
    http_method_names = ["get", "post", "options"]

    def required_permissions(self, request):
        if request.method != "POST":
            return ["alerts.view_alert"]
        wanted = ["alerts.add_alert"]
        if isinstance(request.data, dict) and request.data.get("publish"):
            wanted.append("alerts.publish_alert")
        return wanted

    def get(self, request):
        alerts = Alert.objects.select_related("message").prefetch_related("deliveries")[:100]
        return Response({"alerts": AlertSerializer(alerts, many=True).data})

    def post(self, request):
        serializer = AlertWriteSerializer(data=request.data, context={"creating": True})
        serializer.is_valid(raise_exception=True)
        options = serializer.validated_data
        with transaction.atomic():  # a refused publish leaves no half-made draft behind
            alert = serializer.save(created_by=request.user)
            if options.get("publish"):
                alert = publishing.publish(
                    alert, request.user, at=options.get("effective"),
                    confirm_missing_translations=options.get("confirm_missing_translations",
                                                             False))
        return Response(serialize(alert), status=status.HTTP_201_CREATED)


class AlertDetail(AlertApiView):
    http_method_names = ["get", "options"]

    def get(self, request, pk):
        alert = Alert.objects.filter(pk=pk).select_related("message").first()
        if alert is None:
            raise exceptions.NotFound("No such alert.")
        return Response(serialize(alert))


class AlertAction(AlertApiView):
    http_method_names = ["post", "options"]
    actions = ("publish", "update", "cancel")
    permission_message = "You do not have permission to publish alerts."

    def required_permissions(self, request):
        return ["alerts.view_alert", "alerts.publish_alert"]

    def post(self, request, pk, action):
        if action not in self.actions:
            raise exceptions.NotFound(f"Unknown action {action!r}.")
        alert = Alert.objects.filter(pk=pk).select_related("message").first()
        if alert is None:
            raise exceptions.NotFound("No such alert.")
        options = ApiActionSerializer(data=request.data)
        options.is_valid(raise_exception=True)
        confirm = options.validated_data.get("confirm_missing_translations", False)
        if action == "publish":
            result = publishing.publish(alert, request.user, confirm_missing_translations=confirm)
        elif action == "cancel":
            closing = ApiCancelSerializer(data=request.data)
            closing.is_valid(raise_exception=True)
            result = publishing.cancel(alert, user=request.user,
                                       message=closing.validated_data.get("message"))
        else:
            changes = AlertWriteSerializer(alert, data=request.data, partial=True)
            changes.is_valid(raise_exception=True)
            fields = dict(changes.validated_data)
            message = fields.pop("message", alert.message)
            for option in ("publish", "confirm_missing_translations"):
                fields.pop(option, None)
            result = publishing.update(alert, message=message, user=request.user,
                                       confirm_missing_translations=confirm, **fields)
        return Response(serialize(result), status=status.HTTP_200_OK)
