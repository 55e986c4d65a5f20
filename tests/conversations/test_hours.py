"""Staffed hours are read in the city's time zone."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from conversations.models import AskSettings

CHICAGO = ZoneInfo("America/Chicago")


@pytest.mark.django_db
@pytest.mark.parametrize("local, staffed", [
    (datetime(2026, 12, 7, 9, 0), True),     # Monday 9:00
    (datetime(2026, 12, 7, 7, 59), False),   # Monday before opening
    (datetime(2026, 12, 7, 18, 0), False),   # Monday at closing
    (datetime(2026, 12, 12, 11, 0), False),  # Saturday
])
def test_staffed_hours_in_the_city_time_zone(site, settings, local, staffed):
    settings.TIME_ZONE = "America/Chicago"
    hours = AskSettings(site=site.get_site(), staffed_days="0,1,2,3,4", opens_at=time(8),
                        closes_at=time(18))
    assert hours.staffed(local.replace(tzinfo=CHICAGO)) is staffed


@pytest.mark.django_db
def test_next_opening_after_friday_evening_is_monday_morning(site, settings):
    settings.TIME_ZONE = "America/Chicago"
    hours = AskSettings(site=site.get_site(), staffed_days="0,1,2,3,4", opens_at=time(8),
                        closes_at=time(18))
    opening = hours.next_opening(datetime(2026, 12, 11, 19, 0, tzinfo=CHICAGO))
    assert opening.astimezone(CHICAGO).replace(tzinfo=None) == datetime(2026, 12, 14, 8, 0)
