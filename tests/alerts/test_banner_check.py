import pytest

from alerts import publishing
from alerts.models import Alert, Delivery
from tests.helpers.content import make_hub, make_message

pytestmark = [pytest.mark.postgres,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def real_on_commit(monkeypatch):
    """The live server reads committed data only: deliveries must run after the commit."""
    monkeypatch.undo()


def test_banner_check_records_visibility_on_the_delivery_table(real_on_commit, live_server, settings, site,
                                                                admin_client):
    settings.BANNER_CHECK_BASE_URL = live_server.url
    settings.BANNER_CHECK_PATHS = ["/search/"]
    make_hub()
    alert = Alert.objects.create(event="Ice", area_desc="City", channels=["site", "banner_check"],
                                 message=make_message(headline="Black ice on every bridge"))
    publishing.publish(alert)
    delivery = Delivery.objects.get(alert=alert, channel="banner_check")
    assert delivery.state == "delivered", delivery.last_error
    # /, /updates/, the FAQ index in each of the three languages, and /search/.
    assert delivery.receipt["origin"] == {"visible": 6, "checked": 6, "missing": []}
    assert delivery.receipt["summary"].startswith("origin: banner visible on 6 of 6 pages after")
    page = admin_client.get(f"/admin/crisis-control/{alert.pk}/").content.decode()
    assert "banner visible on 6 of 6 pages" in page


def test_banner_check_retries_when_a_page_does_not_show_it(real_on_commit, live_server, settings, site):
    settings.BANNER_CHECK_BASE_URL = live_server.url
    settings.BANNER_CHECK_PATHS = ["/no-such-page/"]
    alert = Alert.objects.create(event="Ice", area_desc="City", channels=["banner_check"],
                                 message=make_message(headline="Black ice"))
    publishing.publish(alert)
    delivery = Delivery.objects.get(alert=alert, channel="banner_check")
    assert delivery.state == "retrying"
    assert "on 4 of 5 pages" in delivery.last_error  # /, /faq/, /es/faq/, /ar/faq/ show it
    assert delivery.receipt["origin"]["missing"] == ["/no-such-page/"]


@pytest.mark.django_db
def test_banner_check_looks_for_each_pages_own_language():
    from wagtail.models import Locale

    from alerts.channels.banner_check import path_language, shows_alert

    message = make_message(headline="Boil water in East Hill")
    spanish = message.copy_for_translation(Locale.objects.get(language_code="es"))
    spanish.headline = "Hierva el agua en East Hill"
    spanish.save()
    spanish.save_revision().publish()
    alert = Alert(event="Boil", area_desc="East Hill", message=message, msg_type="Alert")
    page = '<section id="crisis-banner"><h2>{}</h2></section>'
    assert path_language("/es/updates/") == "es" and path_language("/faq/") == "en"
    assert shows_alert(page.format("Hierva el agua en East Hill"), alert, "es")
    assert not shows_alert(page.format("Boil water in East Hill"), alert, "es")  # old text
    assert shows_alert(page.format("Boil water in East Hill"), alert, "ar")  # English fallback
    assert not shows_alert(page.format("Something else"), alert, "en")
