"""Hypothesis sends >= 10,000 generated inputs to the public endpoints: never a 5xx.

Runs in the PostgreSQL pass, where NUL bytes and odd Unicode are most likely to break.
"""

from django.core.cache import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

EXAMPLES = 1500  # x 7 endpoints = 10,500 inputs
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=list(HealthCheck))
text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
nasty = st.one_of(text, st.sampled_from(["\x00", "%00", "' OR 1=1 --", "<script>", "..%2f",
                                         "a" * 6000, "🌊" * 50, "\u202e", "{{7*7}}", "*:*"]))


@pytest.fixture(autouse=True)
def _no_rate_limit_between_examples():
    yield
    cache.clear()


def _ok(response):
    cache.clear()  # keep the per-client rate limit from masking the views under test
    assert response.status_code < 500, response.status_code


@FUZZ
@given(q=nasty, lang=nasty, topic=nasty)
def test_search_page(client, site, q, lang, topic):
    _ok(client.get("/search/", {"q": q, "lang": lang, "topic": topic}))


@FUZZ
@given(q=nasty, lang=nasty, limit=nasty)
def test_search_api(client, site, q, lang, limit):
    _ok(client.get("/api/v1/search/", {"q": q, "lang": lang, "limit": limit}))


@FUZZ
@given(q=nasty)
def test_suggest_api(client, site, q):
    _ok(client.get("/api/v1/suggest/", {"q": q}))


@FUZZ
@given(slug=nasty)
def test_faq_and_topic_urls(client, site, slug):
    from urllib.parse import quote

    _ok(client.get("/faq/" + quote(slug, safe="") + "/"))


@FUZZ
@given(token=nasty)
def test_click_redirect(client, site, token):
    _ok(client.get("/search/click", {"t": token}))


@FUZZ
@given(target_type=nasty, target_id=nasty, helpful=nasty, comment=nasty)
def test_helpful_vote(client, site, target_type, target_id, helpful, comment):
    _ok(client.post("/search/helpful", {"target_type": target_type, "target_id": target_id,
                                        "helpful": helpful, "comment": comment}))


@FUZZ
@given(path=nasty)
def test_any_path(client, site, path):
    from urllib.parse import quote

    _ok(client.get("/" + quote(path, safe="/")))
