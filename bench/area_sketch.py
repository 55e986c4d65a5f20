"""Uncached cost of the pages that draw the area sketch when one area's boundary is the
probe's 2.7 MB MultiPolygon stored before the 10,000-point cap (issue 23 point 7).

    DATABASE_URL=postgres://... .venv/bin/python bench/area_sketch.py

Writes the areas inside a transaction that is rolled back: the database is left as found.
Prints the median of a few renders of /areas/, /areas/harbor/ and the sketch alone."""

import json
import math
import statistics
import time

import _django  # noqa: F401 - sets Django up

from django.db import transaction
from django.test import RequestFactory

from wagtail.models import Locale

from alerts import area_views
from content.area_maps import area_sketch
from content.models import Area

RUNS = 7


def many_rings(polygons=2_000, vertices=50):
    rings = []
    for i in range(polygons):
        cx, cy = -68.7 + (i % 50) * 0.004, 44.5 + (i // 50) * 0.004
        ring = [[round(cx + 0.001 * math.cos(2 * math.pi * k / vertices), 6),
                 round(cy + 0.001 * math.sin(2 * math.pi * k / vertices), 6)]
                for k in range(vertices)]
        rings.append([[*ring, ring[0]]])
    return {"type": "MultiPolygon", "coordinates": rings}


def square(west, south, size=0.05):
    ring = [[west, south], [west + size, south], [west + size, south + size],
            [west, south + size], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def timed(fn):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


class Rollback(Exception):
    pass


def main():
    factory = RequestFactory()
    try:
        with transaction.atomic():
            locale = Locale.get_default()
            for i, slug in enumerate(("east-hill", "westside", "old-town")):
                Area.objects.create(name=slug.title(), slug=f"bench-{slug}", locale=locale,
                                    boundary=square(-68.6 + i * 0.06, 44.6))
            harbor = Area.objects.create(name="Harbor", slug="bench-harbor", locale=locale,
                                         boundary=square(-68.8, 44.5))
            legacy = many_rings()
            # Stored before the cap: a plain UPDATE, as the row was written then.
            stored = {"boundary": legacy}
            if hasattr(Area, "drawing"):
                stored["drawing"] = {}  # and with no drawing: the column came later
            Area.objects.filter(pk=harbor.pk).update(**stored)
            print(f"legacy boundary: {len(json.dumps(legacy)) / 1e6:.1f} MB, "
                  f"{2_000 * 51:,} points")
            run_migration_step()
            request = factory.get("/areas/")
            figures = {
                "sketch only (load areas + draw)": timed(lambda: area_sketch(
                    list(page_areas()), [], title="t")),
                "/areas/ uncached": timed(lambda: area_views.areas_index(request)),
                "/areas/bench-harbor/ uncached": timed(
                    lambda: area_views.area_detail(request, "bench-harbor")),
            }
            for name, ms in figures.items():
                print(f"{name:36} {ms:8.1f} ms (median of {RUNS})")
            raise Rollback
    except Rollback:
        pass


def page_areas():
    areas = Area.objects.originals()
    return areas.for_pages() if hasattr(areas, "for_pages") else areas


def run_migration_step():
    """What `migrate` does for rows stored before drawings were kept (if this code has it)."""
    try:
        from content.geometry import store_drawings
    except ImportError:
        print("(no stored drawings in this version)")
        return
    start = time.perf_counter()
    count = store_drawings(Area.objects.all())
    print(f"stored drawings for {count} areas in {(time.perf_counter() - start) * 1000:.0f} ms "
          "(once, at migrate)")


if __name__ == "__main__":
    main()
