"""Issue 23 point 1: the shipped nginx microcache never serves one resident's answer to
another. Through the real nginx with deploy/nginx.conf as shipped (tests.helpers.nginx).

The attack, as reported: `GET /api/v1/search/?q=water` then `?q=trash+pickup` returned the
water results (HIT); `/areas/zip/?zip=abc` then `?zip=04612` returned the cached 404.

No timing is assumed for those: a cache serving a stale copy while it refreshes gave the
second request the first one's answer under the old key however long the machine took
between the two. (The tests of what happens after a copy's second has passed wait for it.)"""

import http.client
import json
import time
from urllib.parse import urlsplit

import pytest

from tests.helpers.areas import city_areas

pytestmark = [pytest.mark.nginx,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CACHED = {"HIT", "STALE", "UPDATING", "REVALIDATED"}


def get(front, path, headers=None):
    parts = urlsplit(front.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheader("X-Microcache"), \
            response.getheader("Location"), response.read().decode()
    finally:
        connection.close()


def test_two_searches_get_their_own_answers(shipped_nginx):
    # the attacker asks first, the resident right after
    for path in ("/api/v1/search/?q=water", "/api/v1/suggest/?q=wat"):
        get(shipped_nginx, path)
    status, cache, _, body = get(shipped_nginx, "/api/v1/search/?q=trash+pickup")
    assert status == 200 and json.loads(body)["query"] == "trash pickup", body[:300]
    assert cache not in CACHED
    # the search page and its language variants never touch the cache
    for path in ("/search/?q=water", "/es/search/?q=agua", "/ar/search/?q=water"):
        assert get(shipped_nginx, path)[1] not in CACHED
    _, cache, _, body = get(shipped_nginx, "/api/v1/suggest/?q=tra")
    assert cache not in CACHED and json.loads(body) is not None


def test_zip_lookups_are_answered_each_on_their_own(shipped_nginx):
    city_areas()
    first = get(shipped_nginx, "/areas/zip/?zip=abc")
    assert first[0] == 302 and first[2].endswith("/areas/zip/invalid/#zip")  # point 6
    status, cache, location, _ = get(shipped_nginx, "/areas/zip/?zip=04612")
    assert (status, cache) == (302, "BYPASS") or cache not in CACHED
    assert status == 302 and location.endswith("/areas/east-hill/"), (status, location)
    es = get(shipped_nginx, "/es/areas/zip/?zip=abc")
    assert es[1] not in CACHED
    assert get(shipped_nginx, "/es/areas/zip/?zip=04612")[0] == 302


def test_the_key_is_the_whole_url_but_tracking_tags_share_a_copy(shipped_nginx):
    city_areas()
    get(shipped_nginx, "/areas/")
    # a link shared with only tracking tags is the same page: served from the cache
    assert get(shipped_nginx, "/areas/?utm_source=x&utm_medium=sms&fbclid=abc")[1] in CACHED
    # any other query is its own entry: the first request for it is never a cached answer
    assert get(shipped_nginx, "/areas/?page=2")[1] not in CACHED
    assert get(shipped_nginx, "/areas/?utm_source=x&zip=04612")[1] not in CACHED


def test_personal_requests_bypass(shipped_nginx):
    city_areas()
    get(shipped_nginx, "/areas/")
    assert get(shipped_nginx, "/areas/", {"Cookie": "sessionid=abc"})[1] == "BYPASS"
    for path in ("/subscribe/", "/es/subscribe/", "/_util/login/", "/ask/", "/ar/ask/state"):
        get(shipped_nginx, path)
        assert get(shipped_nginx, path)[1] not in CACHED, path


def test_a_page_that_starts_redirecting_is_not_served_stale_for_good(shipped_nginx):
    """A probe: an English-only answer under /es/ was cached; once its Spanish version was
    published the app answered 302 to it, a status this cache does not store, and the
    background refresh never replaced the old copy: Spanish readers got the English page
    for good (the same with an alert's page after an update)."""
    from wagtail.models import Locale

    from tests.helpers.content import make_faq

    english = make_faq(question="Where is the nearest warming center?",
                       short_answer="At the library.")
    path = f"/es/faq/{english.slug}/"
    assert get(shipped_nginx, path)[0] == 200
    assert get(shipped_nginx, path)[1] in CACHED
    spanish = english.copy_for_translation(Locale.objects.get_or_create(language_code="es")[0])
    spanish.question, spanish.slug = "¿Dónde está el centro más cercano?", "centro-cercano"
    spanish.save()
    spanish.save_revision().publish()
    # The copy's second passes, and the refresh reaches the app. Waited for, not slept:
    # a rehearsal on a loaded machine still had the old copy 1.5 s after the publish. The
    # bug this guards ("for good") shows as no 302 at all by the deadline.
    deadline = time.monotonic() + 15
    while get(shipped_nginx, path)[0] != 302 and time.monotonic() < deadline:
        time.sleep(0.25)
    answers = [get(shipped_nginx, path)[:3:2] for _ in range(3)]
    assert answers == [(302, "/es/faq/centro-cercano/")] * 3, answers


def test_the_key_holds_the_residents_scheme(shipped_nginx):
    """A probe: the key began with nginx's own scheme, always "http" behind the load
    balancer, so one plain-HTTP request's redirect to HTTPS was served to HTTPS readers."""
    city_areas()
    assert get(shipped_nginx, "/areas/", {"X-Forwarded-Proto": "http"})[0] in (200, 301)
    assert get(shipped_nginx, "/areas/", {"X-Forwarded-Proto": "https"})[1] not in CACHED
    assert get(shipped_nginx, "/areas/", {"X-Forwarded-Proto": "https"})[1] in CACHED


def test_a_long_query_string_is_answered_not_502(shipped_nginx):
    """A probe: query strings over ~3.3 kB got 502 ("upstream sent too big header"): a
    cached copy holds its key, and the key did not fit the buffer."""
    words = "%20".join(a + b for a in "abcdefghijklmnopqrstuvwxyz" for b in "abcdefghijklmnopqrstuvwxyz")
    for path in ("/api/v1/suggest/", "/api/v1/search/", "/ask/", "/faq/"):
        status = get(shipped_nginx, f"{path}?q={words}")[0]
        assert status in (200, 400), (path, status)
