"""Area geometry and the areas pages under hostile or careless input (issue 23 points 6,
7 and 8): the probe pasted a 2.7 MB MultiPolygon (2,000 x 50 vertices) and got 1.3 MB
pages, 3,000-deep or 5,000-digit GeoJSON answered 500, an edited area stayed on cached
pages, and every ZIP miss re-rendered the whole areas index."""

import json
import math

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from shapely.geometry import Polygon, shape

from alerts import publishing
from content.geometry import (
    DRAWING_VERSION,
    DRAWING_VERTICES,
    MAX_CAP_POLYGON_POINTS,
    for_drawing,
    store_drawings,
    validate_cap_polygon,
    vertex_count,
)
from content.models import Area
from tests.alerts.test_outbox import make_alert
from tests.helpers.areas import city_areas, square

ADD = "/admin/snippets/content/area/add/?locale=en"


def many_rings(polygons=2_000, vertices=50):
    """The probe's boundary: a MultiPolygon of small circles."""
    rings = []
    for i in range(polygons):
        cx, cy = -68.7 + (i % 50) * 0.004, 44.5 + (i // 50) * 0.004
        ring = [[round(cx + 0.001 * math.cos(2 * math.pi * k / vertices), 6),
                 round(cy + 0.001 * math.sin(2 * math.pi * k / vertices), 6)]
                for k in range(vertices)]
        rings.append([[*ring, ring[0]]])
    return {"type": "MultiPolygon", "coordinates": rings}


def _add(admin_client, boundary_text, slug="probe"):
    return admin_client.post(ADD, {"name": "Probe", "slug": slug, "boundary": boundary_text,
                                   "zip_codes": "", "geocodes": "{}"})


@pytest.mark.django_db
@pytest.mark.parametrize("text, message", [
    ("[" * 3000 + "]" * 3000, "nested too deeply"),
    ('{"type": "Polygon", "coordinates": [[[' + "1" * 5000 + ', 44], [1, 2], [3, 4], [5, 6]]]}',
     "Not valid JSON"),
    ('{"type": "Polygon", "coordinates": [[[-68.6, 44.' + "5" * 5000 + '], [-68.5, 44.5], '
     '[-68.5, 44.6], [-68.6, 44.5]]]}', "valid shape"),
])
def test_hostile_geojson_in_the_area_admin_is_a_form_error(admin_client, site, text, message):
    response = _add(admin_client, text)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Area.objects.filter(slug="probe").exists()


@pytest.mark.django_db
def test_a_huge_boundary_is_refused_with_what_to_do(admin_client, site):
    response = _add(admin_client, json.dumps(many_rings()))
    page = response.content.decode()
    assert response.status_code == 200 and "too long" in page
    smaller = many_rings(polygons=400, vertices=30)  # 12,400 points, under the char cap
    page = _add(admin_client, json.dumps(smaller)).content.decode()
    assert "Simplify it" in page and not Area.objects.filter(slug="probe").exists()
    assert _add(admin_client, json.dumps(square(-68.6, 44.5))).status_code == 302


def _legacy(area):
    """A row as stored before the cap and before drawings were kept."""
    Area.objects.filter(pk=area.pk).update(boundary=many_rings(), drawing={})


@pytest.mark.django_db
def test_a_boundary_stored_before_the_cap_is_drawn_in_a_few_kb(client, site):
    areas = city_areas()
    _legacy(areas["harbor"])
    for path in ("/areas/", "/areas/harbor/", "/areas/east-hill/"):
        body = client.get(path).content
        assert len(body) < 40_000, (path, len(body))
    drawn = for_drawing(shape(many_rings()))
    assert vertex_count(drawn) <= DRAWING_VERTICES
    # The first page drew it once and stored it: the row now has its drawing.
    stored = Area.objects.get(pk=areas["harbor"].pk).drawing
    assert stored["version"] == DRAWING_VERSION
    assert shape(stored["geometry"]).equals(drawn)


def _boundary_reads(queries):
    return [q["sql"] for q in queries if '"boundary"' in q["sql"]]


@pytest.mark.django_db
def test_migration_stores_drawings_so_pages_never_read_a_large_boundary(client, site):
    """Issue 23 point 7's leftover: a 2.7 MB boundary stored earlier cost ~0.6 s per
    uncached page. Migration 0012 (content.geometry.store_drawings) draws it once; then
    the area, index and alert pages read only the small stored drawing."""
    areas = city_areas()
    _legacy(areas["harbor"])
    assert store_drawings(Area.objects.all()) == 1  # only the row without a drawing
    assert store_drawings(Area.objects.all()) == 0
    drawing = Area.objects.get(pk=areas["harbor"].pk).drawing
    assert vertex_count(shape(drawing["geometry"])) <= DRAWING_VERTICES
    assert len(json.dumps(drawing)) < 20_000
    alert = make_alert(area_desc="", geocodes={})
    alert.areas.set([areas["east-hill"]])
    alert = publishing.publish(alert)
    for path in ("/areas/", "/areas/harbor/", f"/alerts/{alert.pk}/"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        assert "area-on" in response.content.decode(), path
        assert response.get("X-Page-Cache") != "hit", path
        assert _boundary_reads(queries.captured_queries) == [], path


@pytest.mark.django_db
def test_saving_an_area_keeps_its_drawing_in_step(site):
    area = city_areas()["westside"]
    before = area.drawing
    assert before["version"] == DRAWING_VERSION
    area.boundary = square(-68.9, 44.4, size=0.2)
    area.save(update_fields=["boundary"])
    after = Area.objects.get(pk=area.pk).drawing
    assert after != before
    assert shape(after["geometry"]).equals(shape(area.boundary))


@pytest.mark.django_db
def test_an_edited_or_deleted_area_leaves_cached_pages_at_once(client, site):
    areas = city_areas()
    assert "Westside" in client.get("/areas/").content.decode()
    assert client.get("/areas/")["X-Page-Cache"] == "hit"
    westside = areas["westside"]
    westside.name = "West End"
    westside.save()
    page = client.get("/areas/").content.decode()
    assert "West End" in page and "Westside" not in page
    westside.delete()
    assert "West End" not in client.get("/areas/").content.decode()


@pytest.mark.django_db
def test_zip_misses_are_cheap_redirects_to_cached_pages(client, site, django_assert_max_num_queries):
    city_areas()
    with django_assert_max_num_queries(3):  # no index render, no sketch
        miss = client.get("/areas/zip/", {"zip": "90210"})
    assert miss.status_code == 302 and miss["Location"] == "/areas/zip/unknown/#zip"
    for code in ("90210", "90211", "12345"):
        assert client.get("/areas/zip/", {"zip": code})["Location"] == miss["Location"]
    assert client.get("/areas/zip/", {"zip": "abc"})["Location"] == "/areas/zip/invalid/#zip"
    assert client.get("/areas/zip/", {"zip": "04699"})["Location"] == "/areas/zip/04699/#zip"
    assert "not in the city" in client.get("/areas/zip/unknown/").content.decode()
    assert client.get("/areas/zip/unknown/")["X-Page-Cache"] == "hit"
    assert client.get("/areas/zip/12345/")["Location"] == "/areas/zip/unknown/"


@pytest.mark.django_db
def test_zip_lookups_are_limited_per_client(client, site, settings, monkeypatch):
    city_areas()
    monkeypatch.setattr("time.time", lambda: 1_800_000_010.0)  # one fixed window
    per_minute = settings.ZIP_LOOKUPS_PER_MINUTE
    statuses = [client.get("/areas/zip/", {"zip": f"{90000 + i}"}).status_code
                for i in range(per_minute + 10)]
    assert statuses.count(302) == per_minute and statuses[per_minute:] == [429] * 10


@pytest.mark.django_db
def test_a_detailed_area_reaches_cap_bounded_and_never_smaller(site):
    ring = [[round(-68.7 + 0.05 * math.cos(2 * math.pi * k / 5000), 6),
             round(44.5 + 0.05 * math.sin(2 * math.pi * k / 5000), 6)] for k in range(5000)]
    area = Area(slug="detailed", name="Detailed",
                boundary={"type": "Polygon", "coordinates": [[*ring, ring[0]]]})
    area.full_clean()
    area.save()
    [polygon] = area.cap_polygons()
    assert validate_cap_polygon(polygon) == polygon
    pairs = [tuple(map(float, pair.split(","))) for pair in polygon.split()]
    assert len(pairs) <= MAX_CAP_POLYGON_POINTS
    assert Polygon([(lon, lat) for lat, lon in pairs]).buffer(1e-5).covers(area.shape)


@pytest.mark.django_db
def test_a_zip_typed_on_an_arabic_keyboard_is_the_same_zip(client, site):
    """A resident's probe typed ٠٤٦٩٩ (what an Arabic phone keyboard gives) and was told the
    code is not in the city."""
    city_areas()
    latin = client.get("/areas/zip/", {"zip": "04699"})["Location"]
    assert latin == "/areas/zip/04699/#zip"
    assert client.get("/ar/areas/zip/", {"zip": "٠٤٦٩٩"})["Location"].endswith(
        "/areas/zip/04699/#zip")
    assert client.get("/areas/zip/", {"zip": "۰۴۶۹۹"})["Location"] == latin  # Persian digits
