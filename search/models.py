"""Search storage and analytics.

- SearchEntry / SearchTerm: the database backend's own index (portable across SQLite and
  PostgreSQL); Elasticsearch keeps its own copy of the same documents.
- SynonymSet, BestBet: managed by staff, applied by both backends.
- SearchEvent: one row per query (PII scrubbed, no IP); DailyQueryStat: the rolled-up
  aggregates kept after raw events are purged; HelpfulVote: "Was this helpful?".
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    key = models.CharField(max_length=80, unique=True)  # "faq:12", "page:7"
    doc_type = models.CharField(max_length=16, db_index=True)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=8, default="en", db_index=True)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    snippet = models.TextField(blank=True)
    short_answer = models.TextField(blank=True)
    topics = models.CharField(max_length=300, blank=True)  # space-separated topic slugs
    boost = models.FloatField(default=1.0)
    status = models.CharField(max_length=12, blank=True)  # alerts: active | cancelled | expired
    # The same content in other languages has the same group ("faq:<translation key>").
    group = models.CharField(max_length=80, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.key


class SearchVector(models.Model):
    """An entry's passage vectors (search/embedding.py `passages`): float32 bytes, one row
    of the model's dimensions per passage. A table of their own, so the lexical joins on
    SearchEntry never read kilobytes of vectors per row. None for languages without
    semantics. `model` names the model that made them: vectors of another model (the
    setting changed, no reindex yet) are never compared with a query's."""

    entry = models.OneToOneField(SearchEntry, on_delete=models.CASCADE, primary_key=True,
                                 related_name="vector")
    language = models.CharField(max_length=8, db_index=True)
    passages = models.BinaryField(default=b"")
    questions = models.BinaryField(default=b"")  # an FAQ's question and approved wordings
    question_model = models.CharField(max_length=24, blank=True, default="")
    model = models.CharField(max_length=24, default="minilm")
    updated_at = models.DateTimeField(auto_now=True)


class SearchTerm(models.Model):
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="terms")
    # The entry's language, copied here so a search reads one language's postings from
    # the index alone: no join to the entries, never the table.
    language = models.CharField(max_length=8, default="")
    term = models.CharField(max_length=64)
    weight = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["language", "term", "entry", "weight"],
                                name="search_term_postings")]


class SynonymSet(models.Model):
    """Words residents use interchangeably, e.g. "trash, garbage, refuse collection"."""

    terms = models.CharField(max_length=500, help_text=_("Comma-separated, e.g. trash, garbage, "
                                                         "refuse collection"))
    language = models.CharField(max_length=8, default="en")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("synonym set")

    def __str__(self):
        return self.terms

    @property
    def term_list(self):
        return [term.strip().lower() for term in self.terms.split(",") if term.strip()]


class BestBet(models.Model):
    """A result staff promote to the top for one query. Tied to an alert, it ends with it."""

    query = models.CharField(max_length=200, help_text=_("The search words, as residents type them."))
    faq = models.ForeignKey("content.FAQ", null=True, blank=True, on_delete=models.CASCADE,
                            related_name="+")
    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    alert = models.ForeignKey("alerts.Alert", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="best_bets",
                              help_text=_("Optional: the best bet ends when this alert ends."))
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ["query", "sort_order"]
        verbose_name = _("best bet")

    def __str__(self):
        return f"{self.query} → {self.faq or self.page or self.alert}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if not (self.faq_id or self.page_id or self.alert_id):
            raise ValidationError(_("Choose what to promote: an FAQ, a page or an alert."))


class SearchEvent(models.Model):
    """One resident's (or agent's) query. `flag` says why it had no good answer, if so."""

    class Flag(models.TextChoices):
        NONE = "", _("Answered")
        NO_RESULTS = "no_results", _("No results")
        LOW_CONFIDENCE = "low_confidence", _("Results, but none close enough")
        REPEATED = "repeated", _("Searched again within a minute, no click")
        NOT_HELPFUL = "not_helpful", _("Clicked a result, then said “not helpful”")
        AGENT = "agent", _("Agent: caller asked, no answer")
        NEEDS_TRANSLATION = "translate", _("Answered only in English: needs translation")

    class Source(models.TextChoices):
        WEB = "web", _("Website")
        API = "api", _("API")
        AGENT = "agent", _("Agent: caller asked, no answer")
        BENCH = "bench", _("Benchmark")

    query = models.CharField(max_length=200, db_index=True)  # normalized, scrubbed
    language = models.CharField(max_length=8, default="en")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.WEB)
    result_count = models.IntegerField()
    backend = models.CharField(max_length=32)
    latency_ms = models.FloatField(default=0)
    clicked_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    flag = models.CharField(max_length=16, choices=Flag.choices, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["result_count", "created_at"], name="search_zero_recent"),
                   models.Index(fields=["flag", "created_at"], name="search_flag_recent")]

    @classmethod
    def mark_clicked(cls, event_id, rank):
        """The reader opened result `rank`; only the first click counts. Rows changed."""
        return cls.objects.filter(pk=event_id, clicked_rank__isnull=True).update(
            clicked_rank=rank)


class DailyQueryStat(models.Model):
    """One row per (day, query, language, source), incremented; survives raw-event purges."""

    date = models.DateField()
    query = models.CharField(max_length=200)
    language = models.CharField(max_length=8, default="en")
    source = models.CharField(max_length=8, default="web")
    searches = models.PositiveIntegerField(default=0)
    unanswered = models.PositiveIntegerField(default=0)  # events with a flag (no good answer)
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["date", "query", "language", "source"],
                                               name="one_stat_per_query_day")]


class GapStatus(models.Model):
    """Staff's decision on a query in the gap queue (no good answer)."""

    query = models.CharField(max_length=200, unique=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.CharField(max_length=150, blank=True)
    note = models.CharField(max_length=255, blank=True)
    # The FAQ staff taught with this query ("Use this wording for…", "Draft FAQ"), if any.
    faq = models.ForeignKey("content.FAQ", null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="+")
    spike_notified_at = models.DateTimeField(null=True, blank=True)
    first_seen = models.DateTimeField(default=timezone.now)


class RollupWatermark(models.Model):
    """One row: raw search events up to this time are counted in DailyQueryStat."""

    rolled_up_to = models.DateTimeField()

    @classmethod
    def current(cls):
        return cls.objects.select_for_update().get_or_create(
            pk=1, defaults={"rolled_up_to": timezone.make_aware(timezone.datetime(2000, 1, 1))})[0]


class HelpfulVote(models.Model):
    target_type = models.CharField(max_length=8)  # "faq" or "page"
    target_id = models.PositiveBigIntegerField()
    helpful = models.BooleanField()
    comment = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # A "not helpful" comment staff dealt with (used as a wording, or dismissed).
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.CharField(max_length=150, blank=True)

    class Meta:
        indexes = [models.Index(fields=["target_type", "target_id"], name="helpful_target")]
