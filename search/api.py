"""The resident search JSON API on Django REST framework, like the alerts API: a serializer
validates the query string, the view calls the one search service.

    GET /api/v1/search/?q=&lang=&limit=&topic=   danger ("call 911 now") first, the site's
                                                 services asked for (sign-up, areas), results,
                                                 instant answer, confidence; 503 + Retry-After
                                                 when every search slot is busy
    GET /api/v1/suggest/?q=&lang=                autocomplete titles

Public (no authentication, no session), rate-limited per client.
"""

from django.conf import settings
from django.utils import translation
from django.utils.decorators import method_decorator

from rest_framework import permissions, serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from . import danger, service, site_places
from .load_shedding import Busy, busy_json, contact_numbers, search_slots
from .ratelimit import rate_limited
from .result_cache import cached_search, result_header
from .text import language_codes


class SearchParams(serializers.Serializer):
    q = serializers.CharField(required=False, default="", allow_blank=True, trim_whitespace=True)
    lang = serializers.CharField(required=False, default="en", allow_blank=True)
    limit = serializers.IntegerField(required=False, default=service.DEFAULT_LIMIT,
                                     error_messages={"invalid": "limit must be a whole number"})
    topic = serializers.CharField(required=False, default="", allow_blank=True)

    def validate_lang(self, value):
        return value if value in language_codes() else "en"  # residents are never refused

    def validate_topic(self, value):
        return value[:80]


class JSONWhateverTheAccept(BaseContentNegotiation):
    """One format: JSON, even to a client that asks for HTML (as the API always did)."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class PublicAPIView(APIView):
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    content_negotiation_class = JSONWhateverTheAccept
    http_method_names = ["get", "head", "options"]


# scope, per minute per client (search.api_front too); generous: carrier NAT (point 5)
SEARCH_API_RATE = ("search-api", settings.SEARCH_API_PER_MINUTE)


@method_decorator(rate_limited(SEARCH_API_RATE[0], per_minute=SEARCH_API_RATE[1]),
                  name="dispatch")
class SearchAPI(PublicAPIView):
    def get(self, request):
        params = SearchParams(data=request.query_params)
        if not params.is_valid():
            return Response({"error": _first_error(params.errors)}, status=400)
        data = params.validated_data
        if not data["q"]:
            return Response({"error": "q is required", "query": "", "total": 0, "answer": None,
                             "results": []}, status=400)
        # Danger first, before the search can be shed: "call 911" whatever the ranking says.
        emergency = danger.detect(data["q"], data["lang"], number=contact_numbers(request)[0])
        try:
            response, reused = cached_search(data["q"], language=data["lang"],
                                              limit=data["limit"], topic=data["topic"],
                                              source="api", compute=search_slots.run,
                                              needs_event_id=False)
        except Busy:
            return busy_json(request, data["lang"], danger=emergency)
        answer = Response(api_body(response, emergency))
        for name, value in result_header(reused):  # for load tests, development
            answer[name] = value
        return answer


def api_body(response, emergency):
    """What the API answers for a search: the danger box first, then the site's services
    the words ask for (search.site_places), then the results."""
    with translation.override(response.language):
        places = [place.as_api() for place in site_places.places(response.query)]
    return {"danger": emergency.as_api() if emergency else None, "places": places,
            **response.as_api()}


class SuggestParams(serializers.Serializer):
    q = serializers.CharField(required=False, default="", allow_blank=True, trim_whitespace=False)
    lang = serializers.CharField(required=False, default="en", allow_blank=True)


@method_decorator(rate_limited("suggest", per_minute=settings.SUGGEST_PER_MINUTE),
                  name="dispatch")
class SuggestAPI(PublicAPIView):
    def get(self, request):
        params = SuggestParams(data=request.query_params)
        data = params.validated_data if params.is_valid() else {"q": "", "lang": "en"}
        return Response({"suggestions": service.suggest(data["q"], data["lang"])})


def _first_error(errors):
    messages = [str(message) for field in errors.values() for message in field]
    return messages[0] if messages else "Invalid request."
