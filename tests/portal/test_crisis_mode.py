import io

from django.core.management import call_command

import pytest

from portal.models import CrisisSettings
from tests.helpers.content import make_hub, make_message, override_crisis_mode


@pytest.mark.django_db
def test_banner_appears_and_disappears_on_the_next_request_even_when_cached(client, site):
    message = make_message(headline="Winter storm: stay home")
    first = client.get("/")
    assert 'id="crisis-banner"' not in first.content.decode()
    assert client.get("/")["X-Page-Cache"] == "hit"
    with override_crisis_mode(banner_message=message, hub_page=make_hub()):
        response = client.get("/")
        body = response.content.decode()
        assert 'id="crisis-banner"' in body and "Winter storm: stay home" in body
        assert 'class="lite' in body
    assert 'id="crisis-banner"' not in client.get("/").content.decode()


@pytest.mark.django_db
def test_home_leads_with_the_crisis_hub_in_crisis_mode(client, site):
    hub = make_hub()
    with override_crisis_mode(banner_message=make_message(), hub_page=hub):
        body = client.get("/").content.decode()
    assert body.index("Storm updates") < body.index("Find help by topic")
    assert 'href="/updates/"' in body


@pytest.mark.django_db
def test_crisis_mode_command_switches_level(site):
    out = io.StringIO()
    call_command("crisis_mode", "on", "--level", "advisory", stdout=out)
    assert "Advisory" in out.getvalue()
    assert CrisisSettings.objects.get().level == "advisory"
    call_command("crisis_mode", "off", stdout=io.StringIO())
    assert CrisisSettings.objects.get().level == "normal"


@pytest.mark.django_db
def test_banner_renders_without_javascript_on_every_public_page(client, site):
    from tests.helpers.content import make_faq

    faq = make_faq()
    with override_crisis_mode(banner_message=make_message(headline="Boil water")):
        for url in ("/", "/faq/", faq.get_absolute_url(), "/search/?q=water"):
            assert 'id="crisis-banner"' in client.get(url).content.decode(), url


@pytest.mark.django_db
def test_pages_carry_cdn_headers_and_answer_304(client, site):
    first = client.get("/")
    assert "s-maxage" in first["Cache-Control"] and first["ETag"]
    assert "Cookie" in first["Vary"]
    again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@pytest.mark.django_db
def test_last_good_copy_is_served_when_the_view_fails(client, site, monkeypatch):
    assert client.get("/").status_code == 200
    from portal import page_cache

    page_cache.invalidate("test")
    from django.db.utils import OperationalError

    from content.models import HomePage

    def broken(*args, **kwargs):
        raise OperationalError("database is down")

    monkeypatch.setattr(HomePage, "serve", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 200 and response["X-Page-Cache"] == "stale"


@pytest.mark.django_db
def test_switching_crisis_mode_in_the_admin_shows_the_banner_on_the_next_request(
        client, admin_client, site):
    from wagtail.models import Site

    hub = make_hub()
    message = make_message(headline="Ice storm: stay off the roads")
    site_id = Site.objects.get(is_default_site=True).pk
    assert 'id="crisis-banner"' not in client.get("/faq/").content.decode()  # cached now
    response = admin_client.post(f"/admin/settings/portal/crisissettings/{site_id}/", {
        "level": "emergency", "banner_message": message.pk, "hub_page": hub.pk,
        "emergency_number": "911", "info_number": "311", "info_number_full": "(555) 010-3110"})
    assert response.status_code == 302
    body = client.get("/faq/").content.decode()
    assert 'id="crisis-banner"' in body and "Ice storm: stay off the roads" in body


@pytest.mark.django_db
def test_banner_lists_active_alerts_under_the_crisis_headline(client, site, monkeypatch):
    from django.db import transaction

    from alerts import publishing
    from alerts.models import Alert

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    with override_crisis_mode(banner_message=make_message(headline="Winter storm")):
        alert = Alert.objects.create(event="Boil", area_desc="East",
                                     message=make_message(headline="Boil your water"))
        publishing.publish(alert)
        body = client.get("/").content.decode()
    banner = body[body.index('id="crisis-banner"'):body.index("</section>")]
    assert "Winter storm" in banner and "Boil your water" in banner


@pytest.mark.django_db
def test_crisis_mode_off_takes_the_crisis_message_out_and_keeps_active_alerts(
        client, site, monkeypatch):
    from django.db import transaction

    from alerts import publishing
    from alerts.models import Alert

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    with override_crisis_mode(banner_message=make_message(
            headline="Winter Storm Hollis: snow emergency declared"), hub_page=make_hub()):
        publishing.publish(Alert.objects.create(
            event="Boil", area_desc="East", severity="Severe",
            message=make_message(headline="Boil water notice")))
        on = client.get("/").content.decode()
        assert "Winter Storm Hollis" in banner_of(on) and "Boil water notice" in banner_of(on)
        call_command("crisis_mode", "off", stdout=io.StringIO())
        for path in ("/", "/es/", "/faq/"):
            off = banner_of(client.get(path).content.decode())
            assert "Winter Storm Hollis" not in off
            assert "Boil water notice" in off  # the alert is still in force
        title = off[off.index('id="crisis-banner-title"'):]
        assert title[title.index(">") + 1:title.index("</h2>")] == "Boil water notice"


def banner_of(page):
    start = page.index('id="crisis-banner"')
    return page[start:page.index("</section>", start)]


@pytest.mark.django_db
def test_each_update_on_the_home_page_leads_to_the_update_itself(client, site, monkeypatch):
    """A probe found the hub's updates on the home page as bare headlines: a resident could
    not open one. An alert leads to its own page; a pinned message to its place on the hub."""
    import re

    from django.db import transaction

    from alerts import publishing
    from alerts.models import Alert

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    hub = make_hub()
    pinned = make_message(headline="Warming centres open tonight")
    hub.pinned_messages = [("message", pinned)]
    hub.save_revision().publish()
    with override_crisis_mode(banner_message=make_message(), hub_page=hub):
        alert = Alert.objects.create(event="Boil", area_desc="East",
                                     message=make_message(headline="Boil your water"))
        publishing.publish(alert)
        home = client.get("/").content.decode()
        lead = home[home.index('class="hub-lead"'):]
        lead = lead[:lead.index("</section>")]
        links = dict((text, href) for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', lead))
        assert links["Boil your water"] == f"/alerts/{alert.pk}/"
        assert "Boil your water" in client.get(links["Boil your water"]).content.decode()
        path, anchor = links["Warming centres open tonight"].split("#")
        assert path == "/updates/"
        hub_page = client.get(path).content.decode()
        assert f'id="{anchor}"' in hub_page
        item = hub_page[hub_page.index(f'id="{anchor}"'):]
        assert item.index("Warming centres open tonight") < item.index("</li>")
        es = client.get("/es/").content.decode()
        assert f'href="/es/alerts/{alert.pk}/"' in es
