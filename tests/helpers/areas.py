"""Two neighbouring square areas (and a third apart) for area and subscription tests."""

from wagtail.models import Locale

from content.models import Area


def square(west, south, size=0.01):
    ring = [[west, south], [west + size, south], [west + size, south + size],
            [west, south + size], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def make_area(slug, west, south, zips="", spanish="", **fields):
    area = Area(slug=slug, name=fields.pop("name", slug.replace("-", " ").title()),
                boundary=square(west, south), zip_codes=zips, **fields)
    area.full_clean()
    area.save()
    if spanish:
        copy = area.copy_for_translation(Locale.objects.get(language_code="es"))
        copy.name = spanish
        copy.save()
    return area


def city_areas():
    return {
        "east-hill": make_area("east-hill", -68.63, 44.52, "04612", spanish="Colina Este",
                               geocodes={"FIPS6": "099012"}),
        "harbor": make_area("harbor", -68.63, 44.51, "04611,04699", spanish="El Puerto"),
        "westside": make_area("westside", -68.70, 44.51, "04615,04699"),
    }
