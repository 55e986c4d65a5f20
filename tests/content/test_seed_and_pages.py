from django.core.management import call_command

import pytest

from content.models import FAQ, Message, Topic
from tests.helpers.content import make_faq, make_topic


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_big_enough():
    call_command("seed_demo")
    counts = (FAQ.objects.count(), Message.objects.count(), Topic.objects.count())
    call_command("seed_demo")
    assert (FAQ.objects.count(), Message.objects.count(), Topic.objects.count()) == counts
    assert counts[0] >= 40 and counts[1] >= 10 and counts[2] >= 8


@pytest.mark.django_db
def test_seeded_site_has_an_active_and_a_cancelled_alert(client):
    from alerts.models import Alert

    call_command("seed_demo")
    assert Alert.objects.filter(state="active").exists()
    assert Alert.objects.filter(state="cancelled").exists()
    hub = client.get("/updates/").content.decode()
    assert "Boil water notice for East Hill and Harbor" in hub
    assert "Latest updates" in hub and "911" in hub and "311" in hub


@pytest.mark.django_db
def test_faq_has_a_stable_url_and_topic_index(client, site):
    topic = make_topic("Water and sewer")
    faq = make_faq(question="Can I shower?", topics=[topic])
    assert faq.get_absolute_url() == "/faq/can-i-shower/"
    assert "Can I shower?" in client.get("/faq/can-i-shower/").content.decode()
    assert "Can I shower?" in client.get("/faq/topic/water-and-sewer/").content.decode()
    assert "Water and sewer" in client.get("/faq/").content.decode()


@pytest.mark.django_db
def test_unpublished_faq_is_not_public(client, site):
    faq = make_faq(publish=False, question="Draft question?")
    assert client.get(f"/faq/{faq.slug}/").status_code == 404


@pytest.mark.django_db
def test_friendly_404(client, site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We can’t find that page" in response.content.decode()


@pytest.mark.django_db
def test_needs_review_report_groups_overdue_content_by_owner(admin_client):
    from datetime import timedelta

    from django.utils import timezone

    from content.models import Department

    works = Department.objects.create(name="Public Works")
    make_faq(question="Old answer?", owner=works, review_by=timezone.localdate() - timedelta(days=2))
    make_faq(question="Fresh answer?", owner=works,
             review_by=timezone.localdate() + timedelta(days=2))
    body = admin_client.get("/admin/reports/needs-review/").content.decode()
    assert "Public Works" in body and "Old answer?" in body and "Fresh answer?" not in body
    response = admin_client.get("/admin/reports/needs-review/?export=csv")
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Public Works,FAQ,Old answer?" in csv
    only_messages = admin_client.get("/admin/reports/needs-review/", {"kind": "Message"})
    assert "Old answer?" not in only_messages.content.decode()
    by_owner = admin_client.get("/admin/reports/needs-review/", {"owner": works.pk})
    assert [row["title"] for row in by_owner.context["rows"]] == ["Old answer?"]


@pytest.mark.django_db
def test_one_list_of_crisis_pages_feeds_the_cdn_purge_and_the_banner_check(settings):
    from alerts.channels.banner_check import check_paths
    from content.models.pages import crisis_page_paths
    from portal.page_cache import crisis_urls

    call_command("seed_demo")
    settings.BANNER_CHECK_PATHS = ["/extra/"]
    paths = crisis_page_paths()
    assert {"/", "/faq/", "/es/faq/", "/ar/faq/", "/updates/", "/es/", "/ar/"} <= set(paths)
    assert any(path.startswith("/es/") and path != "/es/" and "faq" not in path
               for path in paths)  # the Spanish crisis hub
    assert check_paths() == paths + ["/extra/"]
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    assert crisis_urls() == [base + p for p in paths] + [
        base + "/alerts/feed.atom", base + "/es/alerts/feed.atom", base + "/ar/alerts/feed.atom",
        base + "/alerts/cap.atom"]
