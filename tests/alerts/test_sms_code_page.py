"""The SMS code page is reachable on its own (issue 24, point 3): the text message links
to it, and a resident who closed the tab comes back, enters number and code, and is in."""

import re
from urllib.parse import urlsplit

from django.core.cache import cache
from django.test import Client

import pytest

from alerts.models import Subscriber
from content.text_rules import sms_report
from tests.alerts.test_subscriptions import sign_up, sms, texts  # noqa: F401 - a fixture
from tests.helpers.areas import city_areas

LINK = re.compile(r"https?://\S+/subscribe/code/")


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize("prefix, heading", [("", "Almost done"), ("/es", "Casi listo"),
                                             ("/ar", None)])
def test_the_code_page_answers_a_get_in_every_language(client, site, prefix, heading):
    response = client.get(f"{prefix}/subscribe/code/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'action="{prefix}/subscribe/code/"' in page
    assert 'name="phone"' in page and 'name="code"' in page
    if heading:
        assert heading in page


@pytest.mark.django_db
@pytest.mark.parametrize("language, prefix, segments", [("en", "", 1), ("es", "/es", 1),
                                                        ("ar", "/ar", 2)])
def test_the_text_links_the_code_page_and_a_new_tab_confirms(client, site, sms,  # noqa: F811
                                                             language, prefix, segments):
    city_areas()
    sign_up(client, prefix, phone="(555) 010-2000", language=language)
    [text] = texts(sms)
    body = text["Body"][0]
    assert sms_report(body).segments <= segments, body
    link = LINK.search(body).group(0)
    assert urlsplit(link).path == f"{prefix}/subscribe/code/"
    assert "STOP" in body
    code = re.search(r"\b(\d{6})\b", body).group(1)
    later = Client()  # the tab was closed: no session, no form from the sign-up answer
    assert later.get(urlsplit(link).path).status_code == 200
    done = later.post(urlsplit(link).path, {"phone": "555-010-2000", "code": code})
    assert done.status_code == 200
    assert Subscriber.objects.get().confirmed
    # the number read back as the resident wrote it, not as stored (+15550102000)
    assert '<bdi dir="ltr">(555) 010-2000</bdi>' in done.content.decode()
    assert "+1555" not in done.content.decode()
