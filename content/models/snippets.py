"""The snippets every channel renders from: Message (a crisis update) and FAQ."""

import re
import unicodedata

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from content.panels import ChannelLengthsPanel, WordingSourcePanel, WordingsSummaryPanel
from content.text_rules import sms_length_error, sms_report, x_length_error, x_post_length
from content.text_safety import clean_model_text, plain_text

MAX_QUESTION = 1000

# Say + Ask + Transfer together (issue 23 point 12): about ten minutes read aloud.
MAX_SCRIPT_WORDS = 1_500


class Department(models.Model):
    """Who owns a piece of content and answers for keeping it current."""

    name = models.CharField(max_length=120, unique=True)
    contact_email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class TopicQuerySet(models.QuerySet):
    def originals(self):
        """Topics in the site's language: the rows FAQs and pages point to."""
        from wagtail.models import Locale

        return self.filter(locale=Locale.get_default())


class Topic(TranslatableMixin, models.Model):
    """A subject residents browse by. The original (site language) row is what FAQs and
    pages point to; its translations give the name in Spanish and Arabic."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80)
    description = models.CharField(max_length=240, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    objects = TopicQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="topic_slug_per_language"),
            models.UniqueConstraint(fields=["name", "locale"], name="topic_name_per_language"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("faq_topic", kwargs={"slug": self.slug})


class ReviewedContent(models.Model):
    """Ownership and review dates shared by messages and FAQs."""

    owner = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    last_reviewed = models.DateField(null=True, blank=True)
    review_by = models.DateField(null=True, blank=True,
                                 help_text=_("Listed in the “Needs review” report after this date."))

    class Meta:
        abstract = True


class Message(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin,
    TranslatableMixin, index.Indexed, ReviewedContent, ClusterableModel,
):
    """A crisis update written once; the web page, banner, agent script, X post and SMS
    all render from it."""

    headline = models.CharField(max_length=140)
    body = RichTextField(features=["bold", "italic", "link", "ol", "ul", "h3"],
                         help_text=_("What the web page and crisis hub show."))
    script_say = models.TextField(_("agent script: what to say"), blank=True)
    script_ask = models.TextField(_("agent script: what to ask"), blank=True)
    script_escalate = models.TextField(_("agent script: when to transfer or escalate"), blank=True)
    social_text = models.TextField(
        blank=True, help_text=_("Posted to X. At most 280 weighted characters; links count as 23.")
    )
    sms_text = models.TextField(
        blank=True, help_text=_("At most 3 segments: 459 plain characters, or 201 with accents "
                                "or symbols outside the GSM alphabet.")
    )
    topics = ParentalManyToManyField(Topic, blank=True, related_name="messages")

    panels = [
        FieldPanel("headline"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("script_say"), FieldPanel("script_ask"), FieldPanel("script_escalate")],
            heading=_("Agent script"),
        ),
        MultiFieldPanel([FieldPanel("social_text"), FieldPanel("sms_text"),
                         ChannelLengthsPanel(heading=_("Channel lengths"))],
                        heading=_("Social and SMS")),
        MultiFieldPanel(
            [FieldPanel("owner"), FieldPanel("topics"), FieldPanel("last_reviewed"),
             FieldPanel("review_by")],
            heading=_("Ownership and review"),
        ),
    ]
    search_fields = [
        index.SearchField("headline", boost=3),
        index.SearchField("body"),
        index.SearchField("script_say"),
        index.AutocompleteField("headline"),
        index.FilterField("live"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["headline"]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        clean_model_text(self)
        super().save(*args, **kwargs)

    def clean(self):
        clean_model_text(self)
        super().clean()
        errors = {}
        if error := x_length_error(self.social_text or ""):
            errors["social_text"] = error
        if error := sms_length_error(self.sms_text or ""):
            errors["sms_text"] = error
        words = len(self.agent_script.split())
        if words > MAX_SCRIPT_WORDS:  # read aloud on a call; diffed on every console render
            errors["script_say"] = _(
                "The agent script is %(words)s words; at most %(max)s fit a call. Link the "
                "details from an FAQ instead.") % {"words": f"{words:,}",
                                                   "max": f"{MAX_SCRIPT_WORDS:,}"}
        if errors:
            raise ValidationError(errors)

    @property
    def agent_script(self):
        return "\n\n".join(
            f"{label}: {text.strip()}"
            for label, text in (("Say", self.script_say), ("Ask", self.script_ask),
                                ("Transfer or escalate", self.script_escalate))
            if text and text.strip()
        )

    @property
    def script_version(self):
        """Version agents see: raised each time a published change alters the script. Kept in
        alerts.ScriptRevision (not on this model, whose revisions would restore old values)."""
        latest = self.script_revisions.order_by("-version").values_list("version", flat=True)
        return latest.first() or 0

    @property
    def plain_body(self):
        return plain_text(self.body)

    @property
    def social_length(self):
        """As posted, with the alert's link (what the editor's counter shows)."""
        return x_post_length(self.social_text or self.headline or "")

    @property
    def sms(self):
        return sms_report(self.sms_text or "")

    def get_preview_template(self, request, mode_name):
        return "content/previews/message.html"


class FAQ(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin,
    TranslatableMixin, index.Indexed, ReviewedContent, ClusterableModel,
):
    """One question answered once: shown on pages, to agents, in search as an instant
    answer and to the chatbot through the API."""

    question = models.CharField(max_length=MAX_QUESTION)
    slug = models.SlugField(max_length=120,
                            help_text=_("The FAQ's public address: /faq/<slug>/. Keep it stable."))
    answer = RichTextField(features=["bold", "italic", "link", "ol", "ul"])
    short_answer = models.CharField(
        max_length=300, blank=True,
        help_text=_("At most 300 characters; read by agents, posted to social, shown as the "
                    "instant answer in search."),
    )
    topics = ParentalManyToManyField(Topic, blank=True, related_name="faqs")
    keywords = models.CharField(max_length=255, blank=True,
                                help_text=_("Comma-separated words residents use for this."))
    source_url = models.URLField(blank=True, max_length=500)
    pinned_for_agents = models.BooleanField(default=False)
    import_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False,
                                  help_text=_("Identity of an imported FAQ in its source."))

    panels = [
        FieldPanel("question"),
        FieldPanel("slug"),
        FieldPanel("short_answer"),
        FieldPanel("answer"),
        MultiFieldPanel([FieldPanel("topics"), FieldPanel("keywords"),
                         FieldPanel("pinned_for_agents")], heading=_("Finding it")),
        MultiFieldPanel([WordingsSummaryPanel(heading=_("Where they came from")),
                         InlinePanel("wordings", label=_("Wording"))],
                        heading=_("Other ways residents ask this")),
        MultiFieldPanel([FieldPanel("owner"), FieldPanel("last_reviewed"), FieldPanel("review_by"),
                         FieldPanel("source_url")], heading=_("Ownership and review")),
    ]
    search_fields = [
        index.SearchField("question", boost=3),
        index.SearchField("short_answer", boost=2),
        index.SearchField("answer"),
        index.SearchField("keywords", boost=2),
        index.AutocompleteField("question"),
        index.FilterField("live"),
    ]

    # Wordings belong to one version in one language: a copy or a translation starts without.
    exclude_fields_in_copy = ["wordings"]

    class Meta(TranslatableMixin.Meta):
        ordering = ["question"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"
        constraints = [models.UniqueConstraint(fields=["slug", "locale"],
                                               name="faq_slug_unique_per_language")]

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        clean_model_text(self)
        if not self.slug:
            self.slug = unique_slug(FAQ.objects.filter(locale_id=self.locale_id), self.question,
                                    exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        with translation.override(self.locale.language_code if self.locale_id else None):
            return reverse("faq_detail", kwargs={"slug": self.slug})

    def get_preview_template(self, request, mode_name):
        return "content/faq_detail.html"

    def get_preview_context(self, request, mode_name):
        return {"faq": self, "related": []}

    @property
    def plain_answer(self):
        return plain_text(self.answer)

    @property
    def keyword_list(self):
        return [word.strip() for word in (self.keywords or "").split(",") if word.strip()]

    def search_questions(self):
        """The question and its published alternative wordings, each once, question first:
        what search scores as the FAQ's "question view".

        Only published wordings count: a wording added from the gap queue is part of a draft
        revision until someone publishes it. Wordings held in memory (an object built from a
        revision, or an unsaved edit) are never returned, nor those of an FAQ that is not live;
        the database rows of a live FAQ are the published ones. Prefetch with
        `prefetch_related("wordings")` when indexing many."""
        if not self.pk or not self.live:  # a draft's saved rows are draft content
            return [self.question]
        if "wordings" in getattr(self, "_cluster_related_objects", {}):
            wordings = FAQWording.objects.filter(faq_id=self.pk)
        else:
            wordings = self.wordings.all()
        questions, seen = [], set()
        for text in [self.question, *(w.text for w in sorted(wordings, key=_wording_order))]:
            key = wording_key(text)
            if key and key not in seen:
                seen.add(key)
                questions.append(text.strip())
        return questions

    def asks(self, text):
        """Whether `text` is this live FAQ's question or one of its published wordings, with
        case, accents and punctuation set aside (wording_key)."""
        return self.live and wording_key(text) in {wording_key(q) for q in self.search_questions()}

    def wording_sources(self):
        """{source label: count} of this version's wordings (draft ones too on a draft)."""
        counts = {}
        for wording in self.wordings.all():
            label = str(FAQWording.Source(wording.source).label)
            counts[label] = counts.get(label, 0) + 1
        return counts


def wording_key(text):
    """A question as compared with another: case, accents and marks, punctuation and spacing
    set aside ("¿Qué hago?" and "que hago", "نعم، أين" and "نعم أين" are the same words)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_A_WORD.sub(" ", letters).split())


_NOT_A_WORD = re.compile(r"[^\w\s]+|_")


def _wording_order(wording):
    return (wording.sort_order if wording.sort_order is not None else 1 << 30, wording.pk or 0)


class FAQWording(Orderable):
    """Another way residents ask an FAQ's question, kept as an alternative question that search
    scores like the question itself. Wordings are part of the FAQ (an inline of its revision):
    adding one is an edit, saved as a draft revision that goes through the FAQ's workflow, and
    search uses it only once published. A wording's language is its FAQ version's locale.

    `origin` is the analytics row a wording was learned from, if any (a gap-queue status, a
    "not helpful" vote); generic so that content never imports the search app above it."""

    class Source(models.TextChoices):
        SEARCH = "search", _("Search without a good answer")
        NOT_HELPFUL = "not_helpful", _("“Not helpful” comment")
        AGENT = "agent", _("Agent: caller asked, no answer")
        STAFF = "staff", _("Typed by staff")

    faq = ParentalKey(FAQ, on_delete=models.CASCADE, related_name="wordings")
    text = models.CharField(_("wording"), max_length=300,
                            help_text=_("As residents say it; keep their words, typos included."))
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.STAFF)
    origin_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    origin_id = models.PositiveBigIntegerField(null=True, blank=True)
    origin = GenericForeignKey("origin_type", "origin_id")
    added_at = models.DateTimeField(default=timezone.now)

    panels = [FieldPanel("text"), WordingSourcePanel(heading=_("Came from"))]

    class Meta(Orderable.Meta):
        verbose_name = _("wording")

    def __str__(self):
        return self.text

    @property
    def language(self):
        return self.faq.locale.language_code


def unique_slug(queryset_or_model, text, exclude_pk=None, max_length=100):
    queryset = getattr(queryset_or_model, "objects", queryset_or_model)
    base = slugify(text)[:max_length].strip("-") or "item"
    slug, counter = base, 2
    while queryset.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug = f"{base[: max_length - 4]}-{counter}"
        counter += 1
    return slug
