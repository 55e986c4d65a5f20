"""Admin registration: snippet viewsets and the "Needs review" report."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property

from wagtail import hooks
from wagtail.admin.filters import LocaleFilter, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.contrib.simple_translation.wagtail_hooks import (
    register_snippet_listing_buttons as simple_translation_buttons,
)
from wagtail.models import Locale
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from .geometry import BoundedJSONField
from .models import FAQ, Area, Department, Message, Topic, wording_key
from .reports import NeedsReviewView


def language_name(item):
    """"Español" for a Spanish row: the listings' Language column."""
    code = item.locale.language_code
    return str(dict(settings.LANGUAGES).get(code, code))


LANGUAGE_COLUMN = Column("language", label="Language", accessor=language_name)


def language_filterset(model, fields=()):
    """The listing's filters with "Language" (all, English, Español, العربية) first; it
    replaces the "Locale" filter Wagtail would add."""
    meta = type("Meta", (), {"model": model, "fields": list(fields)})
    language = LocaleFilter(label="Language", choices=lambda: list(settings.LANGUAGES),
                            empty_label=None, null_label="All", null_value=None,
                            widget=forms.RadioSelect)
    return type(f"{model.__name__}FilterSet", (WagtailFilterSet,),
                {"Meta": meta, "locale": language})


class TopicsInLanguageForm(WagtailAdminModelForm):
    """Messages' and FAQs' Topics picker offers the topics in the item's own language (and
    keeps any already chosen, so saving never drops one silently)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("topics")
        if field is not None and self.instance.locale_id:
            # a draft's topics live in its revision (a fake queryset): read them as objects
            chosen = [topic.pk for topic in self.instance.topics.all()] \
                if self.instance.pk else []
            field.queryset = Topic.objects.filter(
                Q(locale_id=self.instance.locale_id) | Q(pk__in=chosen))


# The edit view's buttons that send an FAQ towards residents (Wagtail names them so).
GOING_LIVE = ("action-publish", "action-submit", "action-workflow-action")


class TranslatedWordsForm(TopicsInLanguageForm):
    """A Spanish or Arabic version still holding its English words is not published, nor
    sent to review: a probe started one from the gap queue, approved it unchanged, and
    Spanish search then showed an English answer as Spanish (no "only in English" notice);
    another published a Spanish update with its English text. Saving it as a draft stays
    possible: translating takes more than one sitting. `WORDS`: the fields compared."""

    WORDS = ()

    def clean(self):
        cleaned = super().clean()
        if not any(name in self.data for name in GOING_LIVE):
            return cleaned
        source = untranslated_source(self.instance)
        if source is None:
            return cleaned
        for name in self.WORDS:
            if cleaned.get(name) and wording_key(cleaned[name]) == wording_key(getattr(source,
                                                                                       name)):
                self.add_error(name, f"Still in the words of the {language_name(source)} "
                                     f"version: translate it before publishing or submitting "
                                     f"it for review.")
        return cleaned


class FAQForm(TranslatedWordsForm):
    WORDS = ("question", "short_answer")


class MessageForm(TranslatedWordsForm):
    WORDS = ("headline", "sms_text", "script_say")


def untranslated_source(item):
    """The version in the site's first language `item` was copied from, when it is another
    language's version; None for the first language's own version."""
    default = Locale.get_default()
    if not item.locale_id or item.locale_id == default.pk or not item.translation_key:
        return None
    return item.get_translation_or_none(default)


TWIN_WINDOW = timedelta(seconds=30)


def recent_twin(message, user):
    """The message `user` created moments ago with exactly these words, if any: what a
    double click on "Save draft" (two POSTs 0.8 s apart) would otherwise make twice."""
    return (Message.objects.filter(
        locale_id=message.locale_id, headline=message.headline, body=message.body,
        sms_text=message.sms_text, social_text=message.social_text,
        latest_revision__user=user,
        latest_revision__created_at__gte=timezone.now() - TWIN_WINDOW)
        .order_by("pk").first())


class MessageCreateView(CreateView):
    def form_valid(self, form):
        if not self.expects_json_response and (twin := recent_twin(form.instance,
                                                                    self.request.user)):
            messages.info(self.request, f"“{twin.headline}” was already saved a moment ago "
                                        f"(the form was sent twice): here it is, once.")
            return redirect(self.edit_url_name, twin.pk)
        return super().form_valid(form)


class TranslatableEditView(EditView):
    """"Translate" in the edit page's "More" menu, as in the listing's: a probe writing an
    all-clear looked for it on the message itself and gave up (Wagtail's simple
    translation puts it in the listing only)."""

    @cached_property
    def header_more_buttons(self):
        # Wagtail's own listing item decides (permission, a language still without a
        # version) and gives the label and address; the header wants Buttons.
        return list(super().header_more_buttons) + [
            Button(item.label, url=item.url, icon_name=item.icon_name, priority=5)
            for item in simple_translation_buttons(self.object, self.request.user)]


ADMIN_SEARCH_WORDS = 40


class ShortSearchIndexView(IndexView):
    """The listing's search reads the first ADMIN_SEARCH_WORDS words: a probe's 150-word
    search made Wagtail's PostgreSQL search recurse once per word, past Python's limit."""

    @cached_property
    def search_query(self):
        return " ".join(str(super().search_query).split()[:ADMIN_SEARCH_WORDS])


class MessageViewSet(SnippetViewSet):
    model = Message
    icon = "warning"
    menu_label = "Messages"
    list_display = ["headline", LANGUAGE_COLUMN, "owner", "review_by", "live"]
    filterset_class = language_filterset(Message, ["live", "owner", "topics"])
    # The listing's search box uses the model's own index fields (Message.search_fields):
    # a list of fields here made Wagtail's SQLite backend fail ("no such column: headline").
    edit_handler = ObjectList(Message.panels, base_form_class=MessageForm)
    add_view_class = MessageCreateView
    edit_view_class = TranslatableEditView
    index_view_class = ShortSearchIndexView

    def get_queryset(self, request):
        return Message.objects.select_related("locale", "owner")


def wordings_cell(faq):
    """"3 (Search without a good answer: 2; Typed by staff: 1)" for the FAQ listing."""
    counts = faq.wording_sources()
    if not counts:
        return "—"
    detail = "; ".join(f"{label}: {n}" for label, n in counts.items())
    return f"{sum(counts.values())} ({detail})"


class FAQViewSet(SnippetViewSet):
    model = FAQ
    icon = "help"
    menu_label = "FAQs"
    list_display = ["question", LANGUAGE_COLUMN, "owner", "review_by", "pinned_for_agents",
                    Column("wordings", label="Other wordings", accessor=wordings_cell), "live"]
    filterset_class = language_filterset(FAQ, ["live", "owner", "topics", "pinned_for_agents"])
    # the model's index fields, as for messages (a field list failed on SQLite)
    edit_handler = ObjectList(FAQ.panels, base_form_class=FAQForm)
    edit_view_class = TranslatableEditView
    index_view_class = ShortSearchIndexView

    def get_queryset(self, request):
        # the listing shows each FAQ's saved wordings (the published ones, for a live FAQ)
        return FAQ.objects.select_related("locale", "owner").prefetch_related("wordings")


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"


class AreaForm(WagtailAdminModelForm):
    """Boundary and geocodes as bounded JSON: too long, too deep or unconvertible numbers
    are form errors, not a server error (issue 23 point 8)."""

    boundary = BoundedJSONField(help_text=Area._meta.get_field("boundary").help_text)
    geocodes = BoundedJSONField(max_chars=10_000, required=False,
                                help_text=Area._meta.get_field("geocodes").help_text)

    def clean_geocodes(self):
        return self.cleaned_data["geocodes"] or {}


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    edit_handler = ObjectList(Area.panels, base_form_class=AreaForm)
    menu_label = "Areas"
    list_display = ["name", LANGUAGE_COLUMN, "slug", "zip_codes"]
    filterset_class = language_filterset(Area)
    search_fields = ["name", "zip_codes"]

    def get_queryset(self, request):
        return Area.objects.select_related("locale")


class ContentGroup(SnippetViewSetGroup):
    menu_label = "Crisis content"
    menu_icon = "doc-full"
    menu_order = 150
    items = (MessageViewSet, FAQViewSet, TopicViewSet, DepartmentViewSet, AreaViewSet)


register_snippet(ContentGroup)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/needs-review/", NeedsReviewView.as_view(), name="needs_review"),
        path("reports/needs-review/results/", NeedsReviewView.as_view(results_only=True),
             name="needs_review_results"),
    ]


@hooks.register("register_reports_menu_item")
def register_needs_review_menu_item():
    return MenuItem("Needs review", reverse("needs_review"), icon_name="time", order=50)

