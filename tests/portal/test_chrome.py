"""The page chrome (banner, navigation, footer) is rendered once per crisis state a process
holds, and follows every change of that state, language and site."""

import pytest

from portal.crisis import forget_held
from tests.helpers.content import make_hub, make_message, override_crisis_mode

BANNER = "portal/crisis_banner.html"


def templates_of(response):
    return [template.name for template in response.templates]


@pytest.mark.django_db
def test_the_chrome_is_rendered_once_while_the_crisis_state_stays(client, site):
    forget_held()
    with override_crisis_mode(banner_message=make_message(headline="Ice storm: stay home"),
                              hub_page=make_hub()):
        first = client.get("/search/", {"q": "trash"})
        second = client.get("/search/", {"q": "water"})
        assert BANNER in templates_of(first) and BANNER not in templates_of(second)
        for response in (first, second):  # the same banner and footer on both
            body = response.content.decode()
            assert "Ice storm: stay home" in body and "Emergency: call" in body
        spanish = client.get("/es/search/", {"q": "agua"}).content.decode()
        assert "Emergencias: llame al" in spanish
        assert "Emergency: call" not in spanish
        # a change of the crisis state (a new headline) shows on the very next page
        override = make_message(headline="Boil water citywide")
        with override_crisis_mode(banner_message=override):
            changed = client.get("/search/", {"q": "trash"})
            assert BANNER in templates_of(changed)
            assert "Boil water citywide" in changed.content.decode()
    assert "Ice storm" not in client.get("/search/", {"q": "trash"}).content.decode()
