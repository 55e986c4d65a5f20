"""Titles and punctuation as a reader sees them (issue 24, point 10): no "City of Port
Alder · City of Port Alder", no "call 311 ((555) 010-3110).", no nested parentheses in the
banner, and the Arabic comma in Arabic lists."""

import re
from html import unescape

from django.conf import settings as django_settings
from django.db import transaction

from wagtail.models import Site

import pytest

from alerts import publishing
from alerts.models import Alert
from portal.models import CrisisSettings
from tests.helpers.areas import city_areas
from tests.helpers.content import home_page, make_message, override_crisis_mode


def text_of(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def title(page):
    return text_of(re.search(r"<title>(.*?)</title>", page, re.S).group(1))


@pytest.fixture
def now(monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.mark.django_db
def test_the_home_page_named_like_the_site_is_not_titled_twice(client, site):
    name = django_settings.WAGTAIL_SITE_NAME
    home = home_page()
    home.title = name
    home.save_revision().publish()
    assert title(client.get("/").content.decode()) == name
    assert title(client.get("/faq/").content.decode()).endswith(f" · {name}")
    assert title(client.get("/faq/").content.decode()).count(name) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("prefix, words", [
    ("", "City services: call 311, (555) 010-3110."),
    ("/ar", "311، (555) 010-3110."),
])
def test_the_footer_number_reads_without_nested_parentheses(client, site, prefix, words):
    setting = CrisisSettings.for_site(Site.objects.get(is_default_site=True))
    setting.info_number_full = "(555) 010-3110"
    setting.save()
    page = client.get(f"{prefix}/faq/").content.decode()
    footer = text_of(page[page.index("<footer"):page.index("</footer>")])
    assert words in footer and "((" not in footer and "))" not in footer


@pytest.mark.django_db
def test_banner_lines_name_areas_without_nesting_and_arabic_lists_use_the_arabic_comma(
        client, site, now):
    areas = city_areas()
    with override_crisis_mode(banner_message=make_message(headline="Winter storm")):
        alert = Alert.objects.create(event="Boil", area_desc="", severity="Severe",
                                     message=make_message(headline="Boil water notice"))
        alert.areas.set([areas["east-hill"], areas["harbor"]])
        publishing.publish(alert)
        spanish = client.get("/es/").content.decode()
        arabic_page = client.get(f"/ar/alerts/{alert.pk}/").content.decode()
    banner = text_of(spanish[spanish.index('id="crisis-banner"'):spanish.index("</section>")])
    assert "Boil water notice · Dónde: Colina Este, El Puerto" in banner
    assert "((" not in banner and "))" not in banner
    where = re.search(r"<h2>أين</h2>\s*<p>(.*?)</p>", arabic_page, re.S).group(1)
    assert text_of(where) == "East Hill، Harbor"
