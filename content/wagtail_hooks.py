"""Admin registration: snippet viewsets and the "Needs review" report."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import FAQ, Area, Department, Message, Topic
from .reports import NeedsReviewView


class MessageViewSet(SnippetViewSet):
    model = Message
    icon = "warning"
    menu_label = "Messages"
    list_display = ["headline", "owner", "review_by", "live"]
    list_filter = ["live", "owner", "topics"]
    search_fields = ["headline", "body", "script_say"]


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
    list_display = ["question", "owner", "review_by", "pinned_for_agents",
                    Column("wordings", label="Other wordings", accessor=wordings_cell), "live"]
    list_filter = ["live", "owner", "topics", "pinned_for_agents"]
    search_fields = ["question", "short_answer", "keywords"]

    def get_queryset(self, request):
        # the listing shows each FAQ's saved wordings (the published ones, for a live FAQ)
        return FAQ.objects.prefetch_related("wordings")


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_label = "Areas"
    list_display = ["name", "slug", "zip_codes"]
    search_fields = ["name", "zip_codes"]


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

