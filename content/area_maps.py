"""A sketch of the city's areas as inline SVG, drawn on the server from the boundaries.

No map tiles (they need the internet and load slowly on a congested network): a few
hundred bytes of paths, the areas an alert covers filled and outlined heavier, every area
labelled, so the sketch never depends on colour alone. The words on the page say the same.
"""

import math

from django.utils.html import format_html, format_html_join

WIDTH = 320  # viewBox units; the SVG scales to the screen
PADDING = 6


def area_sketch(areas, highlighted=(), *, title, name=lambda area: area.name):
    """SVG of `areas` with those in `highlighted` marked. `title` is read out by screen
    readers; `name(area)` gives each label (in the reader's language)."""
    # simplified when the area was saved: a page stays a few KB and a few milliseconds
    # whatever boundary was stored (issue 23 point 7)
    shapes = [(area, area.drawing_shape) for area in areas]
    if not shapes:
        return ""
    bounds = [shape.bounds for _, shape in shapes]
    west, south = min(b[0] for b in bounds), min(b[1] for b in bounds)
    east, north = max(b[2] for b in bounds), max(b[3] for b in bounds)
    squeeze = math.cos(math.radians((south + north) / 2))  # degrees of longitude are shorter
    scale = (WIDTH - 2 * PADDING) / max((east - west) * squeeze, 1e-9)
    height = round((north - south) * scale + 2 * PADDING)

    def point(lon, lat):
        return (f"{PADDING + (lon - west) * squeeze * scale:.1f},"
                f"{PADDING + (north - lat) * scale:.1f}")

    marked = {area.pk for area in highlighted}
    paths, labels = [], []
    for area, shape in shapes:
        polygons = shape.geoms if shape.geom_type == "MultiPolygon" else [shape]
        d = " ".join("M" + " L".join(point(*xy) for xy in polygon.exterior.coords) + " Z"
                     for polygon in polygons)
        on = area.pk in marked
        paths.append((d, "area-on" if on else "area-off", "#f4c7c3" if on else "#eef1f4",
                      "#8a1c1c" if on else "#6b7785", "2.5" if on else "1"))
        spot = shape.representative_point()
        x, y = point(spot.x, spot.y).split(",")
        labels.append((x, y, "700" if on else "400", name(area)))
    return format_html(
        '<svg class="area-sketch" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg">{}{}</svg>',
        WIDTH, height, title,
        format_html_join("", '<path d="{}" class="{}" fill="{}" stroke="{}" '
                             'stroke-width="{}"></path>', paths),
        format_html_join("", '<text x="{}" y="{}" font-weight="{}" text-anchor="middle" '
                             'font-size="9" fill="#1f2933">{}</text>', labels))
