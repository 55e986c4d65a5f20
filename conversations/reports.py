"""The weekly "how did we do?" report for supervisors: one week (Monday to Sunday in the
city's time zone) of conversations started."""

import statistics
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.utils import timezone

from .models import Conversation

Rating = Conversation.Rating


@dataclass
class Satisfaction:
    name: str
    good: int = 0
    okay: int = 0
    bad: int = 0

    @property
    def rated(self):
        return self.good + self.okay + self.bad

    @property
    def good_share(self):
        return round(100 * self.good / self.rated) if self.rated else None

    def add(self, rating):
        if rating == Rating.GOOD:
            self.good += 1
        elif rating == Rating.OKAY:
            self.okay += 1
        elif rating == Rating.BAD:
            self.bad += 1


@dataclass
class WeekReport:
    start: object
    end: object
    total: int = 0
    by_beacon: int = 0
    handed_over: int = 0
    median_wait: timedelta | None = None
    beacon: Satisfaction = field(default_factory=lambda: Satisfaction("Beacon"))
    agents: list = field(default_factory=list)
    frowns: list = field(default_factory=list)

    @property
    def beacon_share(self):
        return round(100 * self.by_beacon / self.total) if self.total else None

    @property
    def median_wait_minutes(self):
        if self.median_wait is None:
            return None
        return round(self.median_wait.total_seconds() / 60, 1)


def week_report(start_day):
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(start_day, time.min), zone)
    end = start + timedelta(days=7)
    report = WeekReport(start=start, end=end)
    conversations = (Conversation.objects.filter(created_at__gte=start, created_at__lt=end)
                     .select_related("agent").prefetch_related("messages")
                     .order_by("created_at", "pk"))
    waits, agents = [], {}
    for conversation in conversations:
        report.total += 1
        if conversation.queued_at is None:
            report.by_beacon += 1
            report.beacon.add(conversation.rating)
        else:
            report.handed_over += 1
            if conversation.taken_at:
                waits.append((conversation.taken_at - conversation.queued_at).total_seconds())
            name = conversation.agent.get_username() if conversation.agent else "(nobody yet)"
            agents.setdefault(name, Satisfaction(name)).add(conversation.rating)
        if conversation.rating == Rating.BAD:
            report.frowns.append(conversation)
    if waits:
        report.median_wait = timedelta(seconds=statistics.median(waits))
    report.agents = sorted(agents.values(), key=lambda row: row.name)
    return report
