"""First-load weight of a page: HTML plus the CSS and JS it links, gzip-compressed,
as a phone on a congested network would download it."""

import gzip
import re

from django.contrib.staticfiles import finders

ASSET_PATTERN = re.compile(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"')


def gzip_size(data):
    return len(gzip.compress(data, compresslevel=6))


def first_load(client, url):
    """Returns {"html": bytes, "assets": {path: bytes}, "total": bytes}, all gzip sizes."""
    response = client.get(url)
    html = response.content
    assets = {}
    for path in sorted(set(ASSET_PATTERN.findall(html.decode()))):
        found = finders.find(path.removeprefix("/static/"))
        if found:
            with open(found, "rb") as handle:
                assets[path] = gzip_size(handle.read())
    sizes = {"status": response.status_code, "html": gzip_size(html), "assets": assets}
    sizes["total"] = sizes["html"] + sum(assets.values())
    return sizes
