"""Wagtail's preview pane shows the page, message or FAQ being edited (the site's own CSP
must let the admin frame it), while public pages still refuse to be framed."""

import pytest

from tests.browser.test_agent_console_live import _login
from tests.browser.test_phone_smoke import phone  # noqa: F401  (fixture: chromium)
from tests.helpers.content import make_faq, make_info_page, make_message

pytestmark = [pytest.mark.browser, pytest.mark.postgres,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_preview_pane_renders_pages_messages_and_faqs(live_server, phone, django_user_model,  # noqa: F811
                                                     site):
    editor = django_user_model.objects.create_superuser("editor", "e@x.example", "pw")
    message = make_message(headline="Warming center opens at Pier 4")
    faq = make_faq(question="Where can I charge my phone?", answer="<p>At any library.</p>")
    page = make_info_page(title="Sandbag pickup")
    context = phone.context.browser.new_context(viewport={"width": 1400, "height": 900})
    _login(context, editor, live_server)
    admin = context.new_page()
    blocked = []
    admin.on("console", lambda m: blocked.append(m.text) if "frame-ancestors" in m.text else None)
    for url, expected in (
            (f"/admin/snippets/content/message/edit/{message.pk}/", "Warming center opens at Pier 4"),
            (f"/admin/snippets/content/faq/edit/{faq.pk}/", "Where can I charge my phone?"),
            (f"/admin/pages/{page.pk}/edit/", "Sandbag pickup")):
        admin.goto(live_server.url + url)
        admin.click("[data-side-panel-toggle='preview']")
        frame = admin.frame_locator("iframe[title]").first if admin.locator(
            "iframe[title]").count() else admin.frame_locator("iframe").first
        frame.locator("body").get_by_text(expected).first.wait_for(timeout=10_000)
    assert not blocked, blocked
    public = context.request.get(live_server.url + "/")
    assert "frame-ancestors 'none'" in public.headers["content-security-policy"]
    context.close()
