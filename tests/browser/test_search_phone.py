"""A resident searching on a phone in Spanish: autocomplete with the arrow keys, and an
answer that exists only in English, said so in Spanish (issue 22 points 3-4)."""

import os

from django.core.management import call_command

import pytest

from tests.browser.test_phone_smoke import ARTIFACTS, phone  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.postgres,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_spanish_autocomplete_with_arrow_keys_and_an_english_only_answer(live_server, phone):  # noqa: F811
    call_command("seed_demo")
    phone.goto(live_server.url + "/es/")
    box = phone.locator("#site-q")
    box.press_sequentially("donde", delay=40)
    options = phone.locator("#site-q-suggestions [role=option]")
    options.first.wait_for(state="visible", timeout=5000)
    first = options.first.inner_text()
    assert first.startswith("¿Dónde"), first  # the Spanish titles, accent aside
    box.press("ArrowDown")
    assert options.first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    box.press("Enter")
    phone.wait_for_load_state()
    assert "/es/" in phone.url
    assert phone.locator("main h1").first.inner_text().strip() == first.strip()

    phone.goto(live_server.url + "/es/search/?q=puedo+llevar+a+mi+perro+al+refugio")
    html = phone.content()
    assert "Esta respuesta solo está en inglés por ahora." in html
    assert phone.get_by_role("link", name="Can I bring my pet to a shelter?").first.is_visible()
    os.makedirs(ARTIFACTS, exist_ok=True)
    phone.screenshot(path=os.path.join(ARTIFACTS, "search-es-english-only-phone.png"),
                     full_page=True)


PLACEHOLDER_FITS = """(input) => {
  const style = getComputedStyle(input);
  const context = document.createElement("canvas").getContext("2d");
  context.font = style.font;
  const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [context.measureText(input.placeholder).width, room];
}"""


def test_the_search_hint_is_whole_on_a_phone_in_every_language(live_server, phone):  # noqa: F811
    """A resident's probe saw the Spanish hint in the header's search box cut off at 390 px."""
    call_command("seed_demo")
    for prefix in ("", "/es", "/ar"):
        for path in ("/", "/search/"):
            phone.goto(live_server.url + prefix + path)
            for box in phone.locator("input[type=search]").all():
                text_width, room = box.evaluate(PLACEHOLDER_FITS)
                assert text_width <= room, (prefix + path, box.get_attribute("placeholder"),
                                            text_width, room)


def test_suggestions_are_announced_and_escape_keeps_the_question(live_server, phone):  # noqa: F811
    """An accessibility probe: Escape emptied the field with the question typed in it (a
    search field's own Escape), the list opened without a word to a screen reader, had no
    name, and each option held a link (read twice when swiping)."""
    call_command("seed_demo")
    phone.goto(live_server.url + "/ar/")
    box = phone.locator("#site-q")
    box.press_sequentially("مياه", delay=40)
    options = phone.locator("#site-q-suggestions [role=option]")
    options.first.wait_for(state="visible", timeout=5000)
    count = options.count()
    assert phone.locator("#site-q-suggestions").get_attribute("aria-label") == "اقتراحات"
    status = phone.locator(".site-search [aria-live=polite]")
    assert status.inner_text().startswith(f"الاقتراحات: {count}.")
    assert phone.locator("#site-q-suggestions a").count() == 0
    box.press("Escape")
    assert box.input_value() == "مياه"
    assert box.get_attribute("aria-expanded") == "false"
    box.press("ArrowDown")  # brings the list back for what is typed
    options.first.wait_for(state="visible", timeout=5000)
    box.press("ArrowDown")
    box.press("Enter")
    phone.wait_for_load_state()
    assert "/ar/" in phone.url and phone.url.rstrip("/") != live_server.url + "/ar"
