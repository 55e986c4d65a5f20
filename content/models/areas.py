"""Areas of the city: where an alert applies and what residents subscribe to.

The boundary is GeoJSON (Polygon or MultiPolygon, longitude/latitude, WGS 84) so a city
can paste what its GIS exports; shapely checks and answers every geometric question. The
original (site language) row carries the boundary; translations carry the name.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale, TranslatableMixin

from shapely import Point
from shapely.geometry import mapping, shape
from shapely.validation import explain_validity

from content.geometry import (
    MAX_BOUNDARY_VERTICES,
    drawing_shape,
    for_cap,
    stored_drawing,
    vertex_count,
)

ZIP_CODE = re.compile(r"^\d{5}$")


class AreaQuerySet(models.QuerySet):
    def originals(self):
        """Areas in the site's language: the rows alerts and subscriptions point to."""
        return self.filter(locale=Locale.get_default())

    def for_pages(self):
        """Without the boundary (a GIS export may be megabytes): names, links and the
        stored drawing are all a page needs; `shape` still loads it when asked."""
        return self.defer("boundary")


class Area(TranslatableMixin, models.Model):
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80)
    boundary = models.JSONField(
        help_text=_("GeoJSON Polygon or MultiPolygon in longitude, latitude (WGS 84), as a "
                    "GIS exports it."))
    zip_codes = models.CharField(
        max_length=400, blank=True,
        help_text=_("ZIP codes inside the area, separated by commas (the “does this affect "
                    "me?” form uses them)."))
    geocodes = models.JSONField(
        default=dict, blank=True,
        help_text=_('CAP geocodes as name and value pairs, e.g. {"SAME": "023009"}.'))
    # The boundary simplified for the area sketch (content.geometry.stored_drawing), kept
    # on save so pages never simplify a large boundary on a request.
    drawing = models.JSONField(default=dict, blank=True, editable=False)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("boundary"),
              FieldPanel("zip_codes"), FieldPanel("geocodes")]
    objects = AreaQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="area_slug_per_language"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("area_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        try:
            geometry = shape(self.boundary)
        except Exception as exc:  # shapely raises several kinds for bad GeoJSON
            raise ValidationError({"boundary": _("Not GeoJSON geometry: %(error)s") % {
                "error": exc}}) from exc
        if geometry.geom_type not in ("Polygon", "MultiPolygon") or geometry.is_empty:
            raise ValidationError({"boundary": _("The boundary must be a Polygon or a "
                                                 "MultiPolygon.")})
        west, south, east, north = geometry.bounds
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise ValidationError({"boundary": _("Coordinates are longitude, latitude "
                                                 "(in that order, in degrees).")})
        if vertex_count(geometry) > MAX_BOUNDARY_VERTICES:
            raise ValidationError({"boundary": _(
                "The boundary has %(count)s points; at most %(max)s are kept. Simplify it "
                "in your GIS (e.g. to 5 m) and paste it again.") % {
                "count": f"{vertex_count(geometry):,}", "max": f"{MAX_BOUNDARY_VERTICES:,}"}})
        if not geometry.is_valid:
            raise ValidationError({"boundary": _("The boundary is not a valid shape: "
                                                 "%(why)s") % {"why": explain_validity(geometry)}})
        bad = [z for z in self.zip_list if not ZIP_CODE.match(z)]
        if bad:
            raise ValidationError({"zip_codes": _("Not a five-digit ZIP code: %(codes)s") % {
                "codes": ", ".join(bad)}})
        if not isinstance(self.geocodes, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in self.geocodes.items()):
            raise ValidationError({"geocodes": _("Geocodes are pairs of names and values as "
                                                 "text.")})

    def save(self, *args, **kwargs):
        geometry = shape(self.boundary).normalize()  # closed rings, one orientation
        self.boundary = {"type": geometry.geom_type,
                         "coordinates": _lists(mapping(geometry)["coordinates"])}
        self.drawing = stored_drawing(self.boundary)
        if kwargs.get("update_fields") is not None and "boundary" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "drawing"}
        super().save(*args, **kwargs)

    @property
    def original(self):
        return self if self.locale_id == Locale.get_default().pk else (
            self.get_translation(Locale.get_default()))

    @property
    def shape(self):
        return shape(self.original.boundary)

    @property
    def drawing_shape(self):
        """The shape to draw: the stored drawing of the original row. One stored before
        drawings were kept, or by older rules, is made once here and stored."""
        original = self.original
        drawn = drawing_shape(original.drawing)
        if drawn is None:
            original.drawing = stored_drawing(original.boundary)
            Area.objects.filter(pk=original.pk).update(drawing=original.drawing)
            drawn = drawing_shape(original.drawing)
        return drawn

    @property
    def zip_list(self):
        return [z.strip() for z in (self.zip_codes or "").split(",") if z.strip()]

    def contains(self, longitude, latitude):
        return self.shape.covers(Point(longitude, latitude))

    def cap_polygons(self):
        """CAP <polygon> values: each outer ring as "lat,lon" pairs, first point repeated.
        (CAP 1.2 has no holes; an inner ring is left out, so the area is never smaller
        than the one drawn.)"""
        geometry = self.shape
        polygons = geometry.geoms if geometry.geom_type == "MultiPolygon" else [geometry]
        return [" ".join(f"{lat:.5f},{lon:.5f}" for lon, lat in for_cap(polygon).exterior.coords)
                for polygon in polygons]


def _lists(value):
    """Tuples (from shapely) to lists, so the JSON stored is what a GIS would write."""
    if isinstance(value, tuple | list):
        return [_lists(item) for item in value]
    return value
