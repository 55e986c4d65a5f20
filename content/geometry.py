"""Geometry written down once: how big a stored boundary may be, how it is simplified for
drawing, and CAP's rules for a polygon (issue 23 points 7 and 8).

A GIS export can be megabytes; residents' pages must stay a few KB whatever an editor
pastes, and a hand-made or hostile value (3,000 nested brackets, 5,000-digit numbers)
must come back to the editor as a form error, never a server error.
"""

import json
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

import shapely
from shapely.geometry import MultiPolygon

# A city district drawn from a GIS export fits easily; 2,000 x 50 vertices (the probe's
# 2.7 MB MultiPolygon) does not. Characters are checked before parsing, vertices after.
MAX_BOUNDARY_CHARS = 400_000
MAX_BOUNDARY_VERTICES = 10_000
# Drawing: at most this many vertices per area on a page (a 320-unit-wide sketch).
DRAWING_VERTICES = 200
# Stored drawings (Area.drawing) carry this; change it whenever `for_drawing` draws
# differently, and each stale drawing is made again once (then stored).
DRAWING_VERSION = 1
# CAP <polygon>: "lat,lon" pairs separated by spaces, first pair repeated last, >= 4 pairs.
MAX_CAP_POLYGON_POINTS = 1_000
_PAIR = re.compile(r"^([-+]?\d{1,3}(?:\.\d{1,12})?),([-+]?\d{1,3}(?:\.\d{1,12})?)$")


def parse_json_text(raw, *, max_chars):
    """json.loads for text a person or script typed: too long, too deep or numbers too
    long to convert are a ValidationError, like any other malformed JSON."""
    if len(raw) > max_chars:
        raise ValidationError(_("This is too long (%(count)s characters; at most %(max)s).")
                              % {"count": f"{len(raw):,}", "max": f"{max_chars:,}"})
    try:
        return json.loads(raw)
    except RecursionError as exc:
        raise ValidationError(_("This JSON is nested too deeply.")) from exc
    except ValueError as exc:  # JSONDecodeError, and ints past Python's digit limit
        raise ValidationError(_("Not valid JSON: %(error)s") % {"error": str(exc)[:200]}) from exc


class BoundedJSONField(forms.JSONField):
    """The admin's JSON box: a bad value is a form error (Django's own field answers 500
    to nesting past the recursion limit and to 5,000-digit integers)."""

    def __init__(self, *args, max_chars=MAX_BOUNDARY_CHARS, **kwargs):
        self.max_chars = max_chars
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if self.disabled or not isinstance(value, str) or value in self.empty_values:
            return super().to_python(value)
        parse_json_text(value, max_chars=self.max_chars)  # raises the clear error
        return super().to_python(value)

    def bound_data(self, data, initial):
        if self.disabled or not isinstance(data, str):
            return super().bound_data(data, initial)
        try:
            parse_json_text(data, max_chars=self.max_chars)
        except ValidationError:
            return forms.fields.InvalidJSONInput(data)
        return super().bound_data(data, initial)


def vertex_count(geometry):
    return int(shapely.get_num_coordinates(geometry))


def for_drawing(geometry, budget=DRAWING_VERTICES):
    """The shape simplified to at most `budget` vertices, so a page draws a few hundred
    points whatever was stored. A ring keeps at least four points, so a shape of more parts
    than the budget allows keeps its largest parts (or, when those are not most of it, its
    outline: the convex hull)."""
    if vertex_count(geometry) <= budget:
        return geometry
    west, south, east, north = geometry.bounds
    tolerance = max(east - west, north - south) / 500
    parts = list(getattr(geometry, "geoms", [geometry]))
    if len(parts) * 5 > budget:
        parts.sort(key=lambda part: -part.area)
        kept = [part.simplify(tolerance) for part in parts[: budget // 10]]
        kept = [part for part in kept if not part.is_empty]
        if kept and sum(part.area for part in kept) >= geometry.area / 2:
            return MultiPolygon(kept) if len(kept) > 1 else kept[0]
        return _simplified(geometry.convex_hull, budget, tolerance)
    return _simplified(geometry, budget, tolerance)


def stored_drawing(boundary):
    """What Area.drawing keeps: the boundary simplified for drawing, as GeoJSON, with the
    version of the rules that drew it. Made when an area is saved (and by migration 0012
    for areas stored before), so no request simplifies a megabyte boundary."""
    drawn = for_drawing(shapely.geometry.shape(boundary))
    return {"version": DRAWING_VERSION, "geometry": json.loads(shapely.to_geojson(drawn))}


def drawing_shape(drawing):
    """The stored drawing as a shape, or None when it is missing or from older rules."""
    if not isinstance(drawing, dict) or drawing.get("version") != DRAWING_VERSION:
        return None
    return shapely.geometry.shape(drawing["geometry"])


def store_drawings(areas):
    """Store the drawing of every area in the queryset `areas` whose drawing is missing
    or stale (one boundary in memory at a time). Returns how many were stored."""
    stale = [pk for pk, drawing in areas.values_list("pk", "drawing")
             if drawing_shape(drawing) is None]
    count = 0
    for pk in stale:
        boundary = areas.filter(pk=pk).values_list("boundary", flat=True).first()
        if boundary:
            areas.filter(pk=pk).update(drawing=stored_drawing(boundary))
            count += 1
    return count


def _simplified(geometry, budget, tolerance):
    simplified = geometry
    for _step in range(10):
        simplified = geometry.simplify(tolerance, preserve_topology=True)
        if vertex_count(simplified) <= budget:
            break
        tolerance *= 3
    return simplified if vertex_count(simplified) <= budget else geometry.envelope


def for_cap(polygon, budget=MAX_CAP_POLYGON_POINTS):
    """One polygon with at most `budget` points that still covers the original (grown by
    the tolerance before simplifying), so a CAP area is never smaller than the one drawn
    and a CAP document stays tens of KB."""
    if len(polygon.exterior.coords) <= budget:
        return polygon
    west, south, east, north = polygon.bounds
    tolerance = max(east - west, north - south) / 2000
    outline = polygon
    for _step in range(12):
        outline = polygon.buffer(tolerance, quad_segs=1).simplify(tolerance / 2)
        outline = getattr(outline, "exterior", None) and outline
        if outline is not None and len(outline.exterior.coords) <= budget:
            return outline
        tolerance *= 2
    return polygon.envelope


def validate_cap_polygon(text):
    """CAP 1.2 <polygon>: space-separated "lat,lon" pairs (WGS 84), at least four, the
    first repeated as the last, latitude within +-90 and longitude within +-180, and here
    at most MAX_CAP_POLYGON_POINTS pairs. Returns the text normalised to single spaces."""
    pairs = text.split()
    if not pairs:
        return ""
    if len(pairs) > MAX_CAP_POLYGON_POINTS:
        raise ValidationError(_("A polygon has at most %(max)s points (this one has "
                                "%(count)s).") % {"max": MAX_CAP_POLYGON_POINTS,
                                                  "count": f"{len(pairs):,}"})
    points = []
    for pair in pairs:
        match = _PAIR.match(pair)
        if not match:
            raise ValidationError(_("A polygon is “lat,lon” pairs separated by spaces; "
                                    "“%(pair)s” is not one.") % {"pair": pair[:40]})
        lat, lon = float(match[1]), float(match[2])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValidationError(_("“%(pair)s” is out of range: latitude first (-90 to "
                                    "90), then longitude (-180 to 180).") % {"pair": pair})
        points.append((lat, lon))
    if len(points) < 4:
        raise ValidationError(_("A polygon needs at least 4 points (the first repeated "
                                "at the end)."))
    if points[0] != points[-1]:
        raise ValidationError(_("A polygon must be closed: repeat the first point at the "
                                "end."))
    return " ".join(pairs)
