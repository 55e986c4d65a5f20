"""Areas: checked GeoJSON, CAP <area> blocks valid against OASIS, "does this affect me?"
pages with the ZIP form, the server-drawn sketch, and the banner naming the areas."""

import re

from django.core.exceptions import ValidationError
from django.core.management import call_command

import pytest
from lxml import etree

from alerts import publishing
from alerts.api import issue_token
from alerts.models import Alert
from content.models import Area
from tests.alerts.test_feeds_and_api import XSD
from tests.alerts.test_outbox import make_alert
from tests.helpers.areas import city_areas, make_area, square
from tests.helpers.content import make_hub, make_message, override_crisis_mode

CAP = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}


@pytest.mark.django_db
@pytest.mark.parametrize("boundary, field", [
    ({"type": "Point", "coordinates": [-68.6, 44.5]}, "boundary"),
    ({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
     "boundary"),  # a bow tie: not a valid shape
    ({"type": "Polygon", "coordinates": [[[44.5, -95], [44.6, -95], [44.6, -94], [44.5, -95]]]},
     "boundary"),  # latitude and longitude swapped: -95 is no latitude
    ("not json geometry", "boundary"),
])
def test_a_broken_boundary_is_refused_with_a_clear_message(site, boundary, field):
    with pytest.raises(ValidationError) as error:
        Area(slug="bad", name="Bad", boundary=boundary).full_clean()
    assert field in error.value.message_dict


@pytest.mark.django_db
def test_zip_codes_must_be_five_digits(site):
    with pytest.raises(ValidationError) as error:
        Area(slug="z", name="Z", boundary=square(-68.6, 44.5), zip_codes="04612, 4612x"
             ).full_clean()
    assert "4612x" in str(error.value.message_dict["zip_codes"])


@pytest.mark.django_db
def test_cap_has_one_area_block_per_area_in_lat_lon_order_and_validates(client, site):
    areas = city_areas()
    alert = make_alert(area_desc="", geocodes={})
    alert.areas.set([areas["east-hill"], areas["harbor"]])
    alert = publishing.publish(alert)
    document = etree.fromstring(client.get(f"/alerts/cap/{alert.pk}.xml").content)
    XSD.assertValid(document)
    blocks = document.findall("cap:info/cap:area", CAP)
    assert [b.findtext("cap:areaDesc", namespaces=CAP) for b in blocks] == ["East Hill", "Harbor"]
    first_pair = blocks[0].findtext("cap:polygon", namespaces=CAP).split()[0]
    latitude, longitude = map(float, first_pair.split(","))
    assert 44 < latitude < 45 and -69 < longitude < -68  # CAP wants lat,lon
    pairs = blocks[0].findtext("cap:polygon", namespaces=CAP).split()
    assert pairs[0] == pairs[-1] and len(pairs) >= 4  # closed ring
    assert blocks[0].findtext("cap:geocode/cap:value", namespaces=CAP) == "099012"
    # Updates and cancels keep the areas.
    cancel = publishing.cancel(publishing.update(alert, message=alert.message))
    assert [a.slug for a in cancel.areas.all()] == ["east-hill", "harbor"]
    XSD.assertValid(etree.fromstring(client.get(f"/alerts/cap/{cancel.pk}.xml").content))


@pytest.mark.django_db
def test_api_takes_areas_by_slug(client, django_user_model, site):
    city_areas()
    user = django_user_model.objects.create_superuser("api", "api@example.com", "pw")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user)}"}
    message = make_message(headline="Boil water")
    response = client.post("/api/v1/alerts/", {"event": "Boil water", "message_id": message.pk,
                                               "areas": ["east-hill"]},
                           content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    assert response.json()["areas"] == ["east-hill"]
    assert list(Alert.objects.get(pk=response.json()["id"]).areas.values_list("slug", flat=True)
                ) == ["east-hill"]
    unknown = client.post("/api/v1/alerts/", {"event": "x", "message_id": message.pk,
                                              "areas": ["atlantis"]},
                          content_type="application/json", **headers)
    assert unknown.status_code == 400
    assert unknown.json()["fields"]["areas"] == ["No area with slug atlantis."]
    nowhere = client.post("/api/v1/alerts/", {"event": "x", "message_id": message.pk},
                          content_type="application/json", **headers)
    assert nowhere.status_code == 400 and "area_desc" in nowhere.json()["fields"]


@pytest.mark.django_db
def test_does_this_affect_me_pages_and_zip_form(client, site):
    areas = city_areas()
    local = make_alert(message=make_message(headline="Boil water in East Hill"), area_desc="")
    local.areas.set([areas["east-hill"]])
    publishing.publish(local)
    citywide = publishing.publish(make_alert(message=make_message(headline="Snow emergency"),
                                             area_desc="Port Alder"))
    assert client.get("/areas/zip/", {"zip": "04612"})["Location"] == "/areas/east-hill/"
    # misses and shared codes redirect to cacheable pages (issue 23 point 6)
    several = client.get("/areas/zip/", {"zip": "04699"}, follow=True).content.decode()
    assert "/areas/harbor/" in several and "/areas/westside/" in several
    assert "not in the city" in client.get("/areas/zip/", {"zip": "90210"},
                                           follow=True).content.decode()
    assert "five-digit" in client.get("/areas/zip/", {"zip": "abc"}, follow=True).content.decode()
    def main(path):
        page = client.get(path).content.decode()
        return page[page.index("<main"):]

    east = main("/areas/east-hill/")
    assert "Boil water in East Hill" in east and "Snow emergency" in east
    west = main("/areas/westside/")
    assert "Boil water in East Hill" not in west and "Snow emergency" in west
    assert client.get("/es/areas/east-hill/").content.decode().count("Colina Este") >= 2
    page = client.get(f"/alerts/{local.pk}/").content.decode()
    svg = re.search(r"<svg class=\"area-sketch\".*?</svg>", page, re.S).group(0)
    assert svg.count('class="area-on"') == 1 and svg.count('class="area-off"') == 2
    assert 'role="img"' in svg and "East Hill" in svg
    assert "The whole city" in client.get(f"/alerts/{citywide.pk}/").content.decode()
    assert client.get(f"/alerts/{make_alert().pk}/").status_code == 404  # a draft


@pytest.mark.django_db
def test_the_banner_says_which_areas_an_alert_covers(client, site):
    areas = city_areas()
    alert = make_alert(message=make_message(headline="Boil water notice"), area_desc="")
    alert.areas.set([areas["east-hill"], areas["harbor"]])
    with override_crisis_mode(hub_page=make_hub()):
        publishing.publish(alert)
        banner = client.get("/").content.decode()
        spanish = client.get("/es/").content.decode()
    section = banner[banner.index('id="crisis-banner"'):]
    section = section[:section.index("</section>")]
    assert "East Hill, Harbor" in section
    assert "Colina Este, El Puerto" in spanish


@pytest.mark.django_db
def test_demo_city_has_its_neighbourhoods(site):
    call_command("seed_demo")
    slugs = set(Area.objects.originals().values_list("slug", flat=True))
    assert {"east-hill", "harbor"} <= slugs and len(slugs) >= 5
    boil = Alert.objects.get(message__headline="Boil water notice for East Hill and Harbor",
                             msg_type="Alert")
    assert sorted(boil.areas.values_list("slug", flat=True)) == ["east-hill", "harbor"]
    union = None
    for area in Area.objects.originals():
        union = area.shape if union is None else union.union(area.shape)
    overlaps = sum(a.shape.intersection(b.shape).area for a in Area.objects.originals()
                   for b in Area.objects.originals() if a.pk < b.pk)
    assert overlaps < 1e-9  # neighbourhoods share borders, never land
    assert make_area("extra", -1, 1).contains(-0.995, 1.005)
