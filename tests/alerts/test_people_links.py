"""Where residents find alerts (issue 24, point 8): a subscribe link on the home page and
the crisis hub, a footer link to an HTML page in the reader's language (the Atom feed
stays for feed readers, announced with <link rel=alternate>), and a people's feed with one
entry per alert thread linking to its resident page."""

from urllib.parse import urlsplit

import pytest
from lxml import etree

from alerts import publishing
from content.localization import UNTRANSLATED_NOTICE
from tests.alerts.test_alert_page import WORDS, translated
from tests.alerts.test_outbox import make_alert
from tests.helpers.content import make_hub, make_message, override_crisis_mode

ATOM = {"a": "http://www.w3.org/2005/Atom"}


def footer(page):
    return page[page.index('<footer class="site-footer">'):page.index("</footer>")]


def main(page):
    return page[page.index("<main"):page.index("</main>")]


@pytest.mark.django_db
@pytest.mark.parametrize("prefix, words", [
    ("", "Get alerts for your area by email or text message"),
    ("/es", "Reciba avisos para su zona por correo o mensaje de texto"),
])
def test_home_and_crisis_hub_link_to_subscribe(client, site, prefix, words):
    home = client.get(f"{prefix}/").content.decode()
    assert f'href="{prefix}/subscribe/"' in main(home) and words in main(home)
    with override_crisis_mode(banner_message=make_message(), hub_page=make_hub()):
        in_crisis = client.get(f"{prefix}/").content.decode()
        hub = client.get("/updates/").content.decode()
    assert f'href="{prefix}/subscribe/"' in main(in_crisis)
    assert 'href="/subscribe/"' in main(hub)


@pytest.mark.django_db
@pytest.mark.parametrize("prefix, label", [("", "Current alerts"), ("/es", "Avisos actuales"),
                                           ("/ar", "التنبيهات الحالية")])
def test_the_footer_links_an_html_page_in_the_readers_language(client, site, prefix, label):
    page = client.get(f"{prefix}/faq/").content.decode()
    assert f'<a href="{prefix}/areas/">{label}</a>' in footer(page)
    assert "feed.atom" not in footer(page)
    head = page[:page.index("</head>")]
    assert 'rel="alternate" type="application/atom+xml"' in head
    assert f'hreflang="{prefix.strip("/") or "en"}"' in head  # each language its own feed
    assert f'href="{prefix}/alerts/feed.atom"' in head
    with override_crisis_mode(banner_message=make_message(), hub_page=make_hub()):
        crisis = client.get("/faq/").content.decode()
    assert '<a href="/updates/">Current alerts</a>' in footer(crisis)


@pytest.mark.django_db
def test_the_peoples_feed_has_the_newest_version_of_each_thread_linking_its_page(client, site):
    first = publishing.publish(make_alert(message=make_message(headline="Water main break")))
    update = publishing.update(first, message=make_message(headline="Water main repaired"))
    other = publishing.publish(make_alert(message=make_message(headline="Shelter open")))

    def entries():
        feed = etree.fromstring(client.get("/alerts/feed.atom").content)
        return [(entry.findtext("a:title", namespaces=ATOM),
                 urlsplit(entry.find("a:link", ATOM).get("href")).path)
                for entry in feed.findall("a:entry", ATOM)]

    assert sorted(entries()) == sorted([
        ("Alert: Shelter open", f"/alerts/{other.pk}/"),
        ("Update: Water main repaired", f"/alerts/{update.pk}/")])
    page = client.get(f"/alerts/{update.pk}/").content.decode()
    assert "<h1>Water main repaired</h1>" in page
    publishing.cancel(update)
    [(title, path)] = [entry for entry in entries() if "Water main" in entry[0]]
    assert title.startswith("Cancel: ") and path == f"/alerts/{update.pk}/"
    assert "Cancelled" in client.get(path).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language, site_title, kind", [
    ("es", "Ciudad de Port Alder: avisos y actualizaciones", "Actualización"),
    ("ar", "التنبيهات والتحديثات", "تحديث"),
])
def test_the_peoples_feed_in_each_language(client, site, settings, language, site_title,
                                           kind):
    """/es/alerts/feed.atom, /ar/alerts/feed.atom: the messages' own words in that language
    (or the English with the pages' notice while a translation is missing), links to that
    language's pages, and its own address as the feed's self link."""
    settings.SITE_NAMES = {"es": "Ciudad de Port Alder"}
    first = publishing.publish(make_alert(message=make_message(headline="Water main break")))
    repaired = make_message(headline="Water main repaired")
    translated(repaired, language)
    update = publishing.update(first, message=repaired, confirm_missing_translations=True)
    untranslated = publishing.publish(make_alert(message=make_message(headline="Shelter open")),
                                      confirm_missing_translations=True)
    feed = etree.fromstring(client.get(f"/{language}/alerts/feed.atom").content)
    assert site_title in feed.findtext("a:title", namespaces=ATOM)
    [self_link] = [link.get("href") for link in feed.findall("a:link", ATOM)
                   if link.get("rel") == "self"]
    assert urlsplit(self_link).path == f"/{language}/alerts/feed.atom"
    entries = {urlsplit(entry.find("a:link", ATOM).get("href")).path:
               (entry.findtext("a:title", namespaces=ATOM),
                entry.findtext("a:summary", namespaces=ATOM) or "")
               for entry in feed.findall("a:entry", ATOM)}
    headline, _sms, body = WORDS[language]
    title, summary = entries[f"/{language}/alerts/{update.pk}/"]
    assert title == f"{kind}: {headline}" and body in summary
    title, summary = entries[f"/{language}/alerts/{untranslated.pk}/"]
    assert "Shelter open" in title and UNTRANSLATED_NOTICE[language] in summary
    english = client.get("/alerts/feed.atom").content.decode()
    assert "Update: Water main repaired" in english and headline not in english
