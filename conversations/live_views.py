"""/events/ streams for Ask Beacon: the agents' queue, a conversation as its agent sees
it, and the resident's own thread (found by its `beacon_ask` cookie, never by number)."""

from django.http import HttpResponse
from django.urls import path

from alerts.live_views import refuse_unless_agent, stream_response

from .views import current


def queue_events(request):
    return refuse_unless_agent(request) or stream_response(request, "queue")


def agent_conversation_events(request, pk):
    return refuse_unless_agent(request) or stream_response(request, f"conversation/{pk}")


def ask_events(request):
    conversation = current(request)
    if conversation is None:
        return HttpResponse(status=204)  # nothing to watch: EventSource stops asking
    return stream_response(request, f"conversation/{conversation.pk}")


urlpatterns = [
    path("queue", queue_events, name="events_queue"),
    path("conversation/<int:pk>", agent_conversation_events, name="events_conversation"),
    path("ask", ask_events, name="events_ask"),
]
