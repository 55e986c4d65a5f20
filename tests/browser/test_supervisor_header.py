"""Issue 24 point 18: the supervisor's table headers at 1280 px never break mid-word
("Versio/n") however long the lists of agents beside them are."""

import os

from django.template.loader import render_to_string

import pytest

from tests.browser.test_phone_smoke import ARTIFACTS, CHROMIUM
from tests.helpers.services import IN_CI

pytestmark = [pytest.mark.browser]
STATIC = os.path.join(os.path.dirname(__file__), "..", "..", "static", "css")


class Agent:
    def __init__(self, n):
        self.name = f"agent.with.a.rather.long.username.{n}@call-centre.portalder.example"

    def get_username(self):
        return self.name


class Script:
    version = 12

    class message:  # noqa: N801
        pk = 1
        headline = "Boil water notice for East Hill and Harbor"


def test_supervisor_headers_stay_whole_at_1280(monkeypatch):
    if not os.path.exists(CHROMIUM):
        (pytest.fail if IN_CI else pytest.skip)("Debian chromium is not installed")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    html = render_to_string("alerts/console/supervisor.html", {
        "agent_count": 40, "rows": [{"script": Script(), "read": [Agent(n) for n in range(20)],
                                     "unread": [Agent(n) for n in range(20, 40)]}]})
    table = html[html.index('<table class="ack-table">'):html.index("</table>") + 8]
    css = "".join(open(os.path.join(STATIC, name)).read() for name in ("site.css", "console.css"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_content(f"<!doctype html><html lang=en><head><style>{css}</style></head>"
                         f"<body class=console><main>{table}</main></body></html>")
        for name in ("Script", "Version", "Read", "Not read"):
            header = page.get_by_role("columnheader", name=name, exact=True)
            box = header.bounding_box()
            line = float(header.evaluate("h => parseFloat(getComputedStyle(h).lineHeight)"))
            padding = float(header.evaluate(
                "h => parseFloat(getComputedStyle(h).paddingTop)"
                " + parseFloat(getComputedStyle(h).paddingBottom)"))
            assert box["height"] - padding < 1.5 * line, f"{name!r} wraps: {box}"
        headline = page.get_by_role("rowheader", name="Boil water notice for East Hill")
        # the headline's column is at least as wide as its longest word: no "Harbo/r"
        room, widest = headline.evaluate("""h => {
            const style = getComputedStyle(h), probe = document.createElement("span");
            probe.style.whiteSpace = "nowrap"; h.appendChild(probe);
            let widest = 0;
            for (const word of h.textContent.trim().split(/\\s+/)) {
                probe.textContent = word;
                widest = Math.max(widest, probe.getBoundingClientRect().width);
            }
            probe.remove();
            return [h.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
                    widest];
        }""")
        assert room + 0.5 >= widest, (room, widest)
        os.makedirs(ARTIFACTS, exist_ok=True)
        page.screenshot(path=os.path.join(ARTIFACTS, "supervisor-1280.png"))
        browser.close()
