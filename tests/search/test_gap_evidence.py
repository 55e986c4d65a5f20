"""The other evidence of "no good answer": a reader searching again within a minute without
clicking, and a click followed by "not helpful". Through the pages, as a reader does it."""

import re
from datetime import timedelta

from django.utils import timezone

import pytest

from search.backends import get_backend
from search.documents import all_documents
from search.models import SearchEvent
from tests.helpers.content import make_faq


@pytest.fixture
def faqs(site, settings):
    settings.SEARCH_BACKEND = "database"
    made = [make_faq(question="When is garbage collected?", short_answer="Mondays."),
            make_faq(question="Is the tap water safe to drink?", short_answer="Boil it first.")]
    get_backend("database").rebuild(all_documents())
    return made


def _after_field(page):
    return re.search(r'name="after" value="([^"]+)"', page).group(1)


@pytest.mark.django_db
def test_searching_again_within_a_minute_flags_the_first_search(client, faqs):
    first = client.get("/search/", {"q": "when is garbage collected"}).content.decode()
    first_event = SearchEvent.objects.latest("pk")
    assert first_event.flag == ""
    client.get("/search/", {"q": "trash day holiday week", "after": _after_field(first)})
    first_event.refresh_from_db()
    assert first_event.flag == "repeated"


@pytest.mark.django_db
def test_no_repeat_flag_after_a_click_a_minute_or_a_forged_field(client, faqs):
    page = client.get("/search/", {"q": "when is garbage collected"}).content.decode()
    event = SearchEvent.objects.latest("pk")
    client.get("/search/", {"q": "something else", "after": "12:forged"})
    SearchEvent.objects.filter(pk=event.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    client.get("/search/", {"q": "something else", "after": _after_field(page)})
    event.refresh_from_db()
    assert event.flag == ""  # a forged field and a late search say nothing


@pytest.mark.django_db
def test_not_helpful_after_a_click_flags_the_search(client, faqs):
    page = client.get("/search/", {"q": "is tap water safe"}).content.decode()
    event = SearchEvent.objects.latest("pk")
    link = re.search(r'href="(/search/click\?t=[^"]+)"', page).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 302 and response.url == faqs[1].get_absolute_url()
    event.refresh_from_db()
    assert event.clicked_rank == 1 and event.flag == ""
    client.post("/search/helpful", {"target_type": "faq", "target_id": faqs[1].pk,
                                    "helpful": "no"})
    event.refresh_from_db()
    assert event.flag == "not_helpful"


@pytest.mark.django_db
def test_helpful_votes_do_not_flag_and_votes_without_a_search_flag_nothing(client, faqs):
    client.post("/search/helpful", {"target_type": "faq", "target_id": faqs[0].pk,
                                    "helpful": "no"})  # came from a shared link, no search
    assert not SearchEvent.objects.exclude(flag="").exists()
