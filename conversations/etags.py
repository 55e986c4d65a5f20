"""The version tags (ETags) of what the live pages show: the agents' queue and one
conversation's thread. Polling answers 304 on them and the /events/ streams use them as
event ids, so both must compute them the same way: here, once."""

import hashlib

from django.db.models import Count, Max

from .models import Conversation


def _tag(text):
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:16] + '"'


def queue_etag():
    state = Conversation.objects.exclude(status=Conversation.Status.BEACON).aggregate(
        n=Count("pk"), last=Max("updated_at"))
    return _tag(f"{state['n']}:{state['last'].isoformat() if state['last'] else ''}")


def conversation_etag(conversation):
    if conversation is None:
        return '"none"'
    return _tag(f"{conversation.pk}:{conversation.status}:{conversation.updated_at.isoformat()}")


def conversation_etag_by_pk(pk):
    """The same tag read from the database alone (for the events process)."""
    row = Conversation.objects.filter(pk=pk).only("status", "updated_at").first()
    return conversation_etag(row)
