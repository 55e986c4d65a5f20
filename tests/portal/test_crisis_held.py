"""The crisis state a page shows is read once per process, host, language and page-cache
generation (portal.crisis.held_crisis_state): search pages are never page-cached, so in a
surge every one of them would otherwise read it again (about a dozen queries)."""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from portal import crisis
from tests.helpers.content import make_message, override_crisis_mode


def crisis_queries(client, url):
    with CaptureQueriesContext(connection) as seen:
        body = client.get(url).content.decode()
    return body, [q["sql"] for q in seen.captured_queries if "portal_crisissettings" in q["sql"]]


@pytest.mark.django_db
def test_search_pages_read_the_crisis_state_once_and_again_after_any_change(client, site):
    body, read = crisis_queries(client, "/search/?q=water")
    assert read and 'id="crisis-banner"' not in body
    body, read = crisis_queries(client, "/search/?q=power")
    assert read == []  # held: same host, language and generation
    with override_crisis_mode(banner_message=make_message(headline="Boil water notice")):
        body, read = crisis_queries(client, "/search/?q=trash")  # the change bumped it
        assert read and "Boil water notice" in body
        assert crisis_queries(client, "/es/search/?q=agua")[1]  # each language for itself
    body, read = crisis_queries(client, "/search/?q=bus")
    assert read and 'id="crisis-banner"' not in body


@pytest.mark.django_db
def test_held_state_is_read_again_after_its_seconds_even_without_a_change(client, site,
                                                                           monkeypatch):
    crisis_queries(client, "/search/?q=water")
    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now + crisis.HOLD_SECONDS + 1)
    assert crisis_queries(client, "/search/?q=power")[1]


@pytest.mark.django_db
def test_when_its_seconds_run_out_one_thread_reads_it_and_the_others_keep_the_held_state(
        client, site, monkeypatch):
    """Every thread of a process reading the state at once held every page up."""
    crisis_queries(client, "/search/?q=water")
    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now + crisis.HOLD_SECONDS + 1)
    with crisis._held._reading:  # another thread is reading it again
        assert crisis_queries(client, "/search/?q=power")[1] == []
    assert crisis_queries(client, "/search/?q=power")[1]  # read, now that it can
