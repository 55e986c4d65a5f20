"""Search analytics: one event per query, daily roll-ups, the gap queue, spikes.

With semantic search nearly every query returns something, so the gap queue is not about
zero results: an event is flagged when the evidence says the resident got no good answer
(SearchEvent.Flag): no results; results but the best one not close enough (the ranking's
calibrated confidence); the same reader searching again within a minute without clicking;
a click followed by "not helpful"; an agent's "caller asked, no answer". The gap queue,
spike alerts and daily counts all read the flag, and the report shows which reason.

Events store the normalized, PII-scrubbed query and never an IP address.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import mail_admins
from django.db import transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.urls import reverse
from django.utils import timezone

from alerts.notifications import notify_comms

from . import event_buffer
from .models import DailyQueryStat, GapStatus, HelpfulVote, RollupWatermark, SearchEvent
from .text import normalize_for_analytics

logger = logging.getLogger(__name__)

SPIKE_THRESHOLD = getattr(settings, "SEARCH_SPIKE_THRESHOLD", 20)
SPIKE_WINDOW = timedelta(minutes=getattr(settings, "SEARCH_SPIKE_WINDOW_MINUTES", 30))
RAW_RETENTION = timedelta(days=getattr(settings, "SEARCH_EVENT_RETENTION_DAYS", 30))
PERIODS = {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)}


REPEAT_WINDOW = timedelta(seconds=60)
NOT_HELPFUL_WINDOW = timedelta(minutes=15)
Flag = SearchEvent.Flag


def search_event(text, language, result_count, backend, latency_ms, source="web",
                 confident=True, needs_translation=False):
    """The event for one search, not yet saved (record_search saves it; a batch writer may
    save many at once). `needs_translation`: the best answer exists only in another
    language (the resident saw it with a notice); the gap queue lists it for translators."""
    if source == SearchEvent.Source.AGENT:
        flag = Flag.AGENT
    elif not result_count:
        flag = Flag.NO_RESULTS
    elif needs_translation:
        flag = Flag.NEEDS_TRANSLATION
    else:
        flag = Flag.NONE if confident else Flag.LOW_CONFIDENCE
    return SearchEvent(
        query=normalize_for_analytics(text)[:200], language=language, source=source,
        result_count=result_count, backend=backend[:32], latency_ms=round(latency_ms, 2),
        flag=flag, created_at=timezone.now(),
    )


def record_search(text, language, result_count, backend, latency_ms, source="web",
                  confident=True, needs_translation=False, soon=False):
    """The search's event, written now, or with `soon` in the next batch when the
    set-up allows (search.event_buffer.write_soon: its id is known at once either way)."""
    try:
        event = search_event(text, language, result_count, backend, latency_ms, source,
                             confident, needs_translation)
        if soon:
            return event_buffer.write_soon(event)
        event.save(force_insert=True)
        return event
    except Exception:  # analytics must never cost a resident their answer
        logger.exception("could not record search event")
        return None


def record_gap(text, language="en"):
    """An agent's "caller asked X and the script has no answer": flagged as such."""
    return record_search(text, language, 0, "agent", 0, source=SearchEvent.Source.AGENT)


def record_click(event_id, rank):
    return SearchEvent.mark_clicked(event_id, rank)


def record_repeat(previous_event_id, text, now=None):
    """The same reader searched again: if the earlier search was under a minute ago, had
    other words and no click, it did not answer them."""
    now = now or timezone.now()
    return (SearchEvent.objects.filter(pk=previous_event_id, flag=Flag.NONE,
                                       clicked_rank__isnull=True,
                                       created_at__gte=now - REPEAT_WINDOW)
            .exclude(query=normalize_for_analytics(text)[:200])
            .update(flag=Flag.REPEATED))


def record_not_helpful(event_id, now=None):
    """A reader clicked a result of this search and then voted "not helpful"."""
    now = now or timezone.now()
    return (SearchEvent.objects.filter(pk=event_id, created_at__gte=now - NOT_HELPFUL_WINDOW)
            .exclude(flag=Flag.AGENT).update(flag=Flag.NOT_HELPFUL))


def zero_result_report(period="7d", language="", now=None):
    """Top queries without a good answer (any flag) with counts per source and per reason,
    trend against the previous period, first seen; handled queries are left out."""
    now = now or timezone.now()
    span = PERIODS.get(period, PERIODS["7d"])
    events = SearchEvent.objects.all()
    if language:
        events = events.filter(language=language)
    events = events.exclude(source="bench")
    current = events.filter(created_at__gt=now - span).exclude(flag=Flag.NONE)
    previous = dict(events.filter(created_at__gt=now - 2 * span, created_at__lte=now - span)
                    .exclude(flag=Flag.NONE).values("query").annotate(n=Count("id"))
                    .values_list("query", "n"))
    handled = dict(GapStatus.objects.filter(handled_at__isnull=False)
                   .values_list("query", "handled_at"))
    grouped = list(current.values("query").annotate(
        total=Count("id"), web=Count("id", filter=~Q(source="agent")),
        agent=Count("id", filter=Q(source="agent")), last=Max("created_at"),
        **{f"flag_{reason}": Count("id", filter=Q(flag=reason)) for reason in REASONS})
        .order_by("-total", "query")[:200])
    first_seen = dict(events.filter(query__in=[row["query"] for row in grouped])
                      .values("query").annotate(first=Min("created_at"))
                      .values_list("query", "first"))
    rows = []
    for row in grouped:
        if row["query"] in handled and handled[row["query"]] >= row["last"]:
            continue
        row.update(previous=previous.get(row["query"], 0), first_seen=first_seen[row["query"]])
        row["trend"] = row["total"] - row["previous"]
        row["reasons"] = [(str(Flag(reason).label), row[f"flag_{reason}"]) for reason in REASONS
                          if row[f"flag_{reason}"]]
        rows.append(row)
    return rows


REASONS = [flag.value for flag in Flag if flag.value]


def click_through(period="7d", now=None):
    now = now or timezone.now()
    return list(
        SearchEvent.objects.filter(created_at__gt=now - PERIODS.get(period, PERIODS["7d"]),
                                   result_count__gt=0)
        .values("query").annotate(searches=Count("id"), clicks=Count("clicked_rank"))
        .order_by("-searches")[:50]
    )


def daily_zero_counts(days=14, now=None):
    """Searches without a good answer per day, the last `days` days, today included: the
    rolled-up days plus the raw events the roll-up has not counted yet (the last few
    minutes, and all of today on a site whose scheduler is not running)."""
    now = now or timezone.now()
    start = timezone.localdate(now) - timedelta(days=days - 1)
    counts = dict(DailyQueryStat.objects.filter(date__gte=start).values("date")
                  .annotate(n=Sum("unanswered")).values_list("date", "n"))
    since = RollupWatermark.objects.values_list("rolled_up_to", flat=True).first()
    recent = SearchEvent.objects.filter(created_at__lte=now).exclude(flag=Flag.NONE)
    if since is not None:
        recent = recent.filter(created_at__gt=since)
    for day, n in (recent.filter(created_at__date__gte=start).values("created_at__date")
                   .annotate(n=Count("id")).values_list("created_at__date", "n")):
        counts[day] = counts.get(day, 0) + n
    return [(start + timedelta(days=i), counts.get(start + timedelta(days=i), 0))
            for i in range(days)]


@transaction.atomic
def roll_up(now=None):
    """Fold raw events not yet counted into DailyQueryStat (idempotent via a watermark).
    Only events old enough that no later evidence (a repeat, a "not helpful") can still
    flag them are counted."""
    now = (now or timezone.now()) - NOT_HELPFUL_WINDOW
    watermark = RollupWatermark.current()  # locked: two roll-ups never count twice
    since = watermark.rolled_up_to
    grouped = (SearchEvent.objects.filter(created_at__gt=since, created_at__lte=now)
               .values("created_at__date", "query", "language", "source")
               .annotate(n=Count("id"), unanswered=Count("id", filter=~Q(flag=Flag.NONE)),
                         clicks=Count("clicked_rank")))
    for row in grouped:
        stat, _ = DailyQueryStat.objects.get_or_create(
            date=row["created_at__date"], query=row["query"], language=row["language"],
            source=row["source"])
        DailyQueryStat.objects.filter(pk=stat.pk).update(
            searches=F("searches") + row["n"], unanswered=F("unanswered") + row["unanswered"],
            clicks=F("clicks") + row["clicks"])
    watermark.rolled_up_to = now
    watermark.save(update_fields=["rolled_up_to"])


def flag_spikes(now=None):
    """Queries without a good answer at or over the threshold in the window -> notify comms
    once."""
    now = now or timezone.now()
    spikes = list(SearchEvent.objects.filter(created_at__gt=now - SPIKE_WINDOW)
                  .exclude(flag=Flag.NONE).values("query").annotate(n=Count("id")).filter(n__gte=SPIKE_THRESHOLD))
    flagged = []
    for spike in spikes:
        status, _ = GapStatus.objects.get_or_create(query=spike["query"])
        if status.spike_notified_at and status.spike_notified_at > now - SPIKE_WINDOW:
            continue
        status.spike_notified_at = now
        status.save(update_fields=["spike_notified_at"])
        flagged.append(spike)
    if flagged:
        _notify_spikes(flagged)
    return flagged


def _notify_spikes(flagged):
    lines = [f"“{s['query']}”: {s['n']} searches in the last "
             f"{int(SPIKE_WINDOW.total_seconds() // 60)} minutes without a good answer"
             for s in flagged]
    body = "\n".join(lines) + f"\n\nOpen the report: {reverse('search_gaps')}"
    mail_admins("Search gap spike", body, fail_silently=True)
    notify_comms("Search gap spike", body)
    logger.warning("search gap spike: %s", "; ".join(lines))


def unhandled_spikes(now=None, within=timedelta(hours=2)):
    """Spikes flagged recently that nobody has marked handled yet."""
    now = now or timezone.now()
    return GapStatus.objects.filter(spike_notified_at__gt=now - within, handled_at__isnull=True)


def purge_old_events(now=None):
    now = now or timezone.now()
    return SearchEvent.objects.filter(created_at__lt=now - RAW_RETENTION).delete()[0]


def purge_old_comments(now=None):
    """'Was this helpful?' comments are kept as long as raw search events, then blanked
    (the vote itself stays: it feeds the helpfulness counts)."""
    now = now or timezone.now()
    return HelpfulVote.objects.filter(created_at__lt=now - RAW_RETENTION).exclude(
        comment="").update(comment="")


def mark_handled(query, user):
    status, _ = GapStatus.objects.get_or_create(query=query)
    status.handled_at = timezone.now()
    status.handled_by = getattr(user, "username", "")[:150]
    status.save()
    return status
