"""Issue 23 point 9: the language switcher links only to this site's own paths.

The attack: `GET //evil.example/` showed the city's 404 page with "Español" linking to
`//evil.example/es/`, which a browser opens as https://evil.example/es/."""

import re
from urllib.parse import urlsplit

import pytest

LINK = re.compile(r'<a href="([^"]*)" lang="(\w+)" hreflang="\w+"')


def switcher_links(response):
    return dict((code, href) for href, code in LINK.findall(response.content.decode()))


@pytest.mark.django_db
@pytest.mark.parametrize("raw_path", ["//evil.example/", "//evil.example/es/", "/\\evil.example/",
                                      "///evil.example/x", "/es//evil.example/"])
def test_a_path_that_names_another_host_gives_only_local_links(client, site, raw_path):
    # The test client would parse "//host/" as a host: the raw path goes in as PATH_INFO,
    # the way a WSGI server hands it over.
    response = client.get("/", PATH_INFO=raw_path)
    links = switcher_links(response)
    assert set(links) == {"es", "ar"} or set(links) == {"en", "ar"}, links
    for href in links.values():
        parts = urlsplit(href)
        assert href.startswith("/") and href[1:2] not in ("/", "\\"), href
        assert not parts.netloc and "evil.example" != parts.netloc, href


@pytest.mark.django_db
def test_ordinary_paths_still_switch_to_the_same_path(client, site):
    links = switcher_links(client.get("/areas/"))
    assert links == {"es": "/es/areas/", "ar": "/ar/areas/"}
