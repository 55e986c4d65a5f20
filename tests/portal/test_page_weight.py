from django.core.management import call_command

import pytest

from tests.helpers.page_weight import first_load

BUDGET = 30 * 1024


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/updates/", "/faq/is-the-tap-water-safe-to-drink/",
                                 "/search/?q=water"])
def test_first_load_fits_the_30kb_budget(client, url):
    call_command("seed_demo")
    sizes = first_load(client, url)
    assert sizes["status"] == 200
    assert "/static/css/site.css" in sizes["assets"]  # the stylesheet is counted
    assert sizes["total"] <= BUDGET, sizes
