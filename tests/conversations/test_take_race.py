"""Two agents press "Take" at the same moment on PostgreSQL: one gets the conversation,
the other is told it is taken. (On SQLite the database's single writer does the same.)"""

import threading

from django.db import connection

import pytest

from conversations import services
from conversations.models import Conversation
from tests.conversations.conftest import make_agent

# serialized_rollback: the flush after a transactional test would take the Locales and
# pages migrations made away from the tests that follow.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_agents_taking_at_once_one_wins(django_user_model):
    conversation = services.start(Conversation.Channel.WEB, "en")
    services.add_message(conversation, services.Author.RESIDENT, "Can I park my boat here?")
    services.request_person(conversation)
    agents = [make_agent(django_user_model, name) for name in ("amal", "ben", "carla", "dev")]
    start = threading.Barrier(len(agents))
    outcomes = {}

    def press_take(agent):
        try:
            start.wait()
            services.take(conversation.pk, agent)
            outcomes[agent.username] = "took it"
        except services.AlreadyTaken:
            outcomes[agent.username] = "already taken"
        finally:
            connection.close()

    threads = [threading.Thread(target=press_take, args=(agent,)) for agent in agents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["already taken"] * 3 + ["took it"]
    conversation.refresh_from_db()
    assert outcomes[conversation.agent.username] == "took it"
