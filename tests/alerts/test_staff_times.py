"""Issue 24 point 16: one time zone, labelled, everywhere staff look (crisis control, the
gap queue and its reports), whatever time zone a staff member's admin profile says."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from wagtail.users.models import UserProfile

import pytest

from alerts.models import Alert
from content.localization import staff_time
from search.models import SearchEvent
from tests.alerts.test_outbox import make_alert

EIGHT_O_ONE_CST = datetime(2026, 12, 4, 14, 1, tzinfo=UTC)  # 8:01 AM in Chicago


@pytest.fixture
def tokyo_admin(admin_client):
    profile = UserProfile.get_for_user(admin_client.user)
    profile.current_time_zone = "Asia/Tokyo"  # a profile set elsewhere must not matter
    profile.save()
    return admin_client


def test_staff_time_is_city_time_with_its_label(settings):
    settings.TIME_ZONE = "America/Chicago"
    assert staff_time(EIGHT_O_ONE_CST) == "Dec 4, 8:01 AM CST"
    assert staff_time(None) == "—"


@pytest.mark.django_db
def test_crisis_control_shows_city_time_labelled(tokyo_admin, site):
    alert = make_alert(message=None)
    Alert.objects.filter(pk=alert.pk).update(next_update_by=EIGHT_O_ONE_CST)
    index = tokyo_admin.get(reverse("crisis_control:index")).content.decode()
    assert "Dec 4, 8:01 AM CST" in index
    detail = tokyo_admin.get(reverse("crisis_control:detail", args=[alert.pk])).content.decode()
    assert "next update by Dec 4, 8:01 AM CST" in detail
    form = tokyo_admin.get(reverse("crisis_control:create")).content.decode()
    assert "City time (CST, America/Chicago)." in form


@pytest.mark.django_db
def test_gap_queue_shows_city_time_labelled(tokyo_admin):
    SearchEvent.objects.create(query="sandbag pickup", result_count=0, backend="database",
                               source="web", flag="no_results", created_at=datetime.now(UTC))
    first = SearchEvent.objects.get().created_at
    expected = staff_time(first)
    assert expected.endswith(("CST", "CDT"))
    page = tokyo_admin.get("/admin/reports/search-gaps/?period=7d").content.decode()
    assert expected in page
    csv = b"".join(tokyo_admin.get("/admin/reports/search-gaps/?period=7d&export=csv")
                   .streaming_content).decode()
    assert first.astimezone(ZoneInfo("America/Chicago")).isoformat() in csv


@pytest.mark.django_db
def test_staff_cannot_pick_another_time_zone(admin_client, settings):
    assert settings.WAGTAIL_USER_TIME_ZONES == [settings.TIME_ZONE]
    account = admin_client.get("/admin/account/").content.decode()
    assert 'name="locale-current_time_zone"' not in account
