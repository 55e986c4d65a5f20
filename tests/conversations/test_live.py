"""Live updates (alerts/live.py, /events/): a change reaches an open event stream, through
the embedded hub and through Redis pub/sub; a reconnect catches up; strangers are refused."""

import os
import threading
import time

import pytest

from alerts import live
from conversations import services
from conversations.etags import conversation_etag_by_pk as conversation_etag
from conversations.etags import queue_etag
from conversations.models import Conversation
from conversations.views import COOKIE
from tests.helpers.services import free_port

from .conftest import make_agent

LIVE_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def fresh_hub(settings):
    """A hub of this test's own (the process's one is started lazily, once)."""
    settings.LIVE_HEARTBEAT_SECONDS = 3
    old = live.Hub.current
    live.Hub.current = None
    yield
    if live.Hub.current is not None:
        live.Hub.current.stopped.set()
    live.Hub.current = old


def resident(client_factory, conversation):
    client = client_factory()
    client.cookies[COOKIE] = conversation.token
    return client


def next_chunk(stream, seconds=5.0):
    """The next chunk of a streaming response, or a failure after `seconds`."""
    box = []
    reader = threading.Thread(target=lambda: box.append(next(stream)), daemon=True)
    reader.start()
    reader.join(seconds)
    assert box, f"nothing arrived on the stream within {seconds} s"
    chunk = box[0]
    return chunk.decode() if isinstance(chunk, bytes) else chunk


def finish(response):
    """Close a stream the way the test client closes one read to the end: through its
    closing wrapper, which keeps the test's own database connection open (a bare
    response.close() would close it, as a finished request does)."""
    for close in list(response._resource_closers):
        close()


def event_ids(text):
    return [line[4:] for line in text.splitlines() if line.startswith("id: ")]


def opened(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/event-stream"
    return response, iter(response.streaming_content)


def assert_reply_arrives(client, conversation):
    response, stream = opened(client, "/events/ask")
    try:
        first = next_chunk(stream)
        assert "retry: " in first
        assert event_ids(first) == [conversation_etag(conversation.pk)]
        before = event_ids(first)[0]
        time.sleep(0.01)  # a new updated_at
        services.add_message(conversation, "agent", "We are on our way.")
        started = time.monotonic()
        chunk = next_chunk(stream)
        assert event_ids(chunk) == [conversation_etag(conversation.pk)], chunk
        assert event_ids(chunk)[0] != before
        assert time.monotonic() - started < 1.5  # pushed, not found at a heartbeat
    finally:
        finish(response)


@LIVE_DB
def test_a_message_reaches_the_residents_open_stream_on_the_embedded_hub(
        client_factory, fresh_hub, settings):
    settings.REDIS_URL = ""
    conversation = services.start(Conversation.Channel.WEB, "en")
    assert_reply_arrives(resident(client_factory, conversation), conversation)


@pytest.mark.redis
@LIVE_DB
def test_a_message_reaches_the_open_stream_through_redis_pubsub(
        client_factory, fresh_hub, settings):
    settings.REDIS_URL = os.environ["REDIS_URL"]
    conversation = services.start(Conversation.Channel.WEB, "en")
    client = resident(client_factory, conversation)
    hub = live.Hub.get()
    assert hub.uses_redis
    assert_reply_arrives(client, conversation)


@LIVE_DB
def test_a_change_made_by_another_process_shows_within_the_embedded_poll(
        client_factory, fresh_hub, settings):
    """No publish in this process (the scheduler, the command line): the hub's one poll a
    second still finds it."""
    settings.REDIS_URL = ""
    conversation = services.start(Conversation.Channel.WEB, "en")
    response, stream = opened(resident(client_factory, conversation), "/events/ask")
    try:
        next_chunk(stream)
        Conversation.objects.filter(pk=conversation.pk).update(status=Conversation.Status.WAITING)
        chunk = next_chunk(stream, seconds=2.5)
        assert event_ids(chunk) == [conversation_etag(conversation.pk)]
    finally:
        finish(response)


@LIVE_DB
def test_with_redis_down_the_hub_reads_the_streams_itself(client_factory, fresh_hub, settings):
    """Nothing listens on REDIS_URL: the publish is lost, yet the change shows, read by the
    hub once a second while it tries to subscribe again."""
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    live._client = None
    conversation = services.start(Conversation.Channel.WEB, "en")
    response, stream = opened(resident(client_factory, conversation), "/events/ask")
    try:
        next_chunk(stream)
        assert live.Hub.current.uses_redis
        services.add_message(conversation, "agent", "We are on our way.")
        assert event_ids(next_chunk(stream, seconds=3.5)) == [conversation_etag(conversation.pk)]
    finally:
        finish(response)
        live._client = None


@pytest.mark.django_db
def test_a_reconnect_catches_up_only_when_the_state_moved_on(client_factory, fresh_hub, settings):
    settings.REDIS_URL = ""
    conversation = services.start(Conversation.Channel.WEB, "en")
    client = resident(client_factory, conversation)
    current = conversation_etag(conversation.pk)

    response, stream = opened(client, "/events/ask", HTTP_LAST_EVENT_ID='"old"')
    assert event_ids(next(stream).decode()) == [current]
    finish(response)

    response, stream = opened(client, "/events/ask", HTTP_LAST_EVENT_ID=current)
    first = next(stream).decode()
    finish(response)
    assert event_ids(first) == []
    assert "retry: " in first


@pytest.mark.django_db
def test_agent_streams_refuse_anonymous_residents_and_other_staff(
        client_factory, django_user_model, agent_client, fresh_hub):
    conversation = services.start(Conversation.Channel.WEB, "en")
    staff = django_user_model.objects.create_user("ed", "ed@example.com", "pw")
    for client in (client_factory(), client_factory(staff), resident(client_factory, conversation)):
        for url in ("/events/console", "/events/queue", f"/events/conversation/{conversation.pk}"):
            assert client.get(url).status_code == 403, url
    for url in ("/events/console", "/events/queue", f"/events/conversation/{conversation.pk}"):
        response = agent_client.get(url)
        assert response.status_code == 200, url
        finish(response)


@pytest.mark.django_db
def test_a_resident_only_ever_watches_their_own_conversation(
        client_factory, django_user_model, fresh_hub):
    mine = services.start(Conversation.Channel.WEB, "en")
    theirs = services.start(Conversation.Channel.WEB, "en")
    services.add_message(theirs, "resident", "Someone else's question")
    response, stream = opened(resident(client_factory, mine),
                              f"/events/ask?conversation={theirs.pk}")
    ids = event_ids(next(stream).decode())
    finish(response)
    assert ids == [conversation_etag(mine.pk)]
    assert ids != [conversation_etag(theirs.pk)]
    assert client_factory().get("/events/ask").status_code == 204
    # an agent without a resident's cookie has no resident thread either
    assert client_factory(make_agent(django_user_model, "bo")).get("/events/ask").status_code == 204


@LIVE_DB
def test_the_queue_and_the_console_streams_hear_their_own_changes(
        agent_client, fresh_hub, settings):
    from alerts.console import board_etag
    from alerts.scripts import bump_board_version

    settings.REDIS_URL = ""
    conversation = services.start(Conversation.Channel.WEB, "en")
    queue, queue_stream = opened(agent_client, "/events/queue")
    console, console_stream = opened(agent_client, "/events/console")
    try:
        next_chunk(queue_stream)
        next_chunk(console_stream)
        services.request_person(conversation)  # a resident asks for a person
        assert event_ids(next_chunk(queue_stream)) == [queue_etag()]
        settings.SHARED_CACHE = True  # the board's version in the cache, as with Redis
        bump_board_version()
        assert event_ids(next_chunk(console_stream)) == [board_etag()]
    finally:
        finish(queue)
        finish(console)


@pytest.mark.django_db
def test_a_production_wsgi_process_sends_the_page_back_to_polling(agent_client, settings):
    """Its threads serve pages: an open stream would hold one for as long as the page is
    open. 204 closes the EventSource for good, and live_stream.js falls back to polling."""
    settings.LIVE_STREAMS_ON_WSGI = False
    response = agent_client.get("/events/console")
    assert response.status_code == 204
    assert agent_client.get("/agents/state").status_code == 200  # what the page polls
