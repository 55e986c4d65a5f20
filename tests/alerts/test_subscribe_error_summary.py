"""Issue 24 point 9: a failed sign-up opens on GOV.UK's error summary, in the reader's
language: a box announced as an alert, focused without JavaScript (tabindex -1 and
autofocus), 'There is a problem', one link per problem to its field; an invalid email gets
only its own error, not also 'give an email or a phone'."""

from django.core.cache import cache
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from tests.alerts.test_subscriptions import sign_up
from tests.helpers.areas import city_areas

HEADINGS = {"": "There is a problem", "/es": "Hay un problema", "/ar": "توجد مشكلة"}
GIVE_ONE = {"": "Give an email address, a mobile number, or both.",
            "/es": "Indique un correo electrónico, un número de móvil o ambos.",
            "/ar": "أدخل بريدًا إلكترونيًا أو رقم هاتف محمول أو كليهما."}


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()
    translation.activate("en")  # a request to /es/ or /ar/ leaves its language active


def summary_of(response):
    page = BeautifulSoup(response.content, "html.parser")
    box = page.select_one(".error-summary")
    return page, box


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/es", "/ar"])
def test_a_failed_sign_up_opens_on_a_focused_summary_linking_each_field(client, site, prefix):
    city_areas()
    response = sign_up(client, prefix, email="", phone="", areas=[], consent="")
    page, box = summary_of(response)
    assert box is not None
    assert box["role"] == "alert" and box["tabindex"] == "-1" and box.has_attr("autofocus")
    assert box.h2.get_text(strip=True) == HEADINGS[prefix]
    # First thing in the page's content, before the heading, so focus starts there.
    assert box.find_next("h1") is not None
    links = {a["href"]: a.get_text(strip=True) for a in box.select("a")}
    assert links["#id_email"] == GIVE_ONE[prefix]
    assert "#id_areas_0" in links and "#id_consent" in links
    for target in links:
        assert page.select_one(target) is not None, target  # every link lands on a field
    assert page.title.get_text().split()[0] in ("Error:", "خطأ:")


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/es", "/ar"])
def test_an_invalid_email_is_one_problem_not_two(client, site, prefix):
    city_areas()
    response = sign_up(client, prefix, email="not-an-email")
    page, box = summary_of(response)
    errors = [li.get_text(strip=True) for li in box.select("li")]
    assert len(errors) == 1, errors
    assert box.select_one("a")["href"] == "#id_email"
    assert GIVE_ONE[prefix] not in page.get_text()


@pytest.mark.django_db
def test_no_summary_before_anything_is_sent(client, site):
    city_areas()
    page, box = summary_of(client.get("/es/subscribe/"))
    assert box is None
    assert "Error" not in page.title.get_text()
