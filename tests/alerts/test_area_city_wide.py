"""City-wide alerts and the crisis message apply to every area (issue 24, point 6): an
area page never says "No active alerts" under a city-wide banner."""

import io

from django.core.management import call_command

import pytest

from alerts import publishing
from tests.alerts.test_outbox import make_alert
from tests.helpers.areas import city_areas
from tests.helpers.content import make_hub, make_message, override_crisis_mode

NONE_HERE = "No active alerts for this area right now."


def main(client, path):
    page = client.get(path).content.decode()
    return page[page.index("<main"):page.index("</main>")]


@pytest.mark.django_db
def test_a_city_wide_alert_is_listed_on_every_area(client, site):
    areas = city_areas()
    local = make_alert(message=make_message(headline="Boil water in East Hill"), area_desc="")
    local.areas.set([areas["east-hill"]])
    publishing.publish(local)
    assert NONE_HERE in main(client, "/areas/westside/")
    publishing.publish(make_alert(message=make_message(headline="Snow emergency"),
                                  area_desc="Port Alder"))
    west = main(client, "/areas/westside/")
    assert "Snow emergency" in west and "Boil water in East Hill" not in west
    assert NONE_HERE not in west


@pytest.mark.django_db
def test_the_crisis_message_applies_to_every_area_while_crisis_mode_is_on(client, site):
    city_areas()
    storm = make_message(headline="Winter Storm Hollis: snow emergency declared",
                         body="<p>No parking on snow routes.</p>")  # cards show the body
    with override_crisis_mode(banner_message=storm, hub_page=make_hub()):
        west = main(client, "/areas/westside/")
        assert "Winter Storm Hollis: snow emergency declared" in west
        assert "No parking on snow routes." in west and 'href="/updates/"' in west
        assert NONE_HERE not in west
        index = main(client, "/areas/")
        city = index[index.index('id="city-wide-title"'):index.index('id="areas-title"')]
        assert "Winter Storm Hollis" in city
        # Each area's row: not "0 active alerts" while the city's notice applies to it.
        west_row = index[index.index('href="/areas/westside/"'):]
        west_row = west_row[:west_row.index("</li>")]
        assert "0 active alerts" not in west_row and "The notice for the whole city" in west_row
        spanish_index = main(client, "/es/areas/")
        assert "El aviso para toda la ciudad" in spanish_index
        spanish = main(client, "/es/areas/westside/")
        assert "Para toda la ciudad" in spanish and "Winter Storm Hollis" in spanish
        assert "No hay avisos activos" not in spanish
        call_command("crisis_mode", "off", stdout=io.StringIO())
        off = main(client, "/areas/westside/")
        assert "Winter Storm Hollis" not in off and NONE_HERE in off
        assert "0 active alerts" in main(client, "/areas/")
