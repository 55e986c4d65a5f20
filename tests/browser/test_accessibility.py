"""axe-core (from the npm registry) in Debian's chromium: no serious or critical WCAG 2.1 AA
violations on the pages residents and agents use; keyboard-only navigation; 200% zoom."""

import os
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

import pytest

from tests.browser.test_phone_smoke import phone  # noqa: F401
from tests.helpers.services import IN_CI

pytestmark = [pytest.mark.browser, pytest.mark.postgres,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]
AXE = Path(os.environ.get("BEACON_AXE_JS", Path(__file__).parents[2] / ".cache" / "npm" /
                          "node_modules" / "axe-core" / "axe.min.js"))
PAGES = ["/", "/updates/", "/faq/", "/faq/is-the-tap-water-safe-to-drink/",
         "/water-and-sewer/boil-water-notice-what-to-do/", "/search/?q=is+the+water+safe",
         "/no-such-page/", "/es/", "/es/updates/", "/es/faq/es-seguro-beber-el-agua-del-grifo/",
         "/ar/", "/ar/updates/", "/ar/faq/hal-maa-alsunbur-aamin/", "/ar/search/?q=ماء"]


@pytest.fixture
def axe():
    if not AXE.exists():
        (pytest.fail if IN_CI else pytest.skip)(f"axe-core not installed at {AXE} (make axe)")
    return AXE.read_text()


def serious_violations(page, axe_source):
    page.evaluate(axe_source)  # injected by the test harness, outside the page's CSP
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => `${v.id}: ${v.nodes.length} node(s), e.g. ${v.nodes[0].target}`);
    }""")
    return result


def test_public_pages_have_no_serious_violations(live_server, phone, axe):  # noqa: F811
    call_command("seed_demo")
    failures = {}
    for path in PAGES:
        phone.goto(live_server.url + path)
        found = serious_violations(phone, axe)
        if found:
            failures[path] = found
    assert failures == {}
    # Control: the same harness flags a page that is broken on purpose.
    phone.set_content('<html><body><img src="x.png"><button></button></body></html>')
    assert any(v.startswith(("image-alt", "button-name", "html-has-lang"))
               for v in serious_violations(phone, axe))


def test_agent_console_and_supervisor_view_have_no_serious_violations(
        live_server, phone, axe, django_user_model):  # noqa: F811
    call_command("seed_demo")
    user = django_user_model.objects.create_user("sup", "s@x.example", "pw")
    user.groups.add(Group.objects.get(name="Agent supervisors"))
    client = Client()
    client.force_login(user)
    phone.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                                "url": live_server.url}])
    failures = {}
    for path in ("/agents/", "/agents/?q=water", "/agents/print/", "/agents/supervisor/"):
        phone.goto(live_server.url + path)
        found = serious_violations(phone, axe)
        if found:
            failures[path] = found
    assert failures == {}


def test_keyboard_only_reaches_search_and_a_topic(live_server, phone):  # noqa: F811
    call_command("seed_demo")
    phone.goto(live_server.url + "/")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent") == "Skip to content"
    phone.keyboard.press("Enter")
    focused = []
    for _ in range(40):
        phone.keyboard.press("Tab")
        focused.append(phone.evaluate("document.activeElement.textContent.trim() || "
                                      "document.activeElement.getAttribute('name') || ''"))
    assert "Water and sewer" in focused
    phone.keyboard.press("Shift+Tab")  # focus is visible: an outline is drawn
    outline = phone.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_200_percent_text_zoom_has_no_horizontal_scroll_at_320px(live_server, phone):  # noqa: F811
    call_command("seed_demo")
    phone.set_viewport_size({"width": 320, "height": 640})
    for path in ("/", "/updates/", "/faq/is-the-tap-water-safe-to-drink/", "/search/?q=water",
                 "/ar/", "/ar/updates/", "/es/updates/"):
        phone.goto(live_server.url + path)
        phone.evaluate("document.documentElement.style.fontSize = '200%'")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 320, path


def test_rtl_pages_open_on_their_content(live_server, phone):  # noqa: F811
    call_command("seed_demo")
    for path in ("/ar/", "/ar/updates/"):
        phone.goto(live_server.url + path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path
        assert phone.locator("main h1").first.is_visible()
        assert phone.locator("#crisis-banner").is_visible()
