from django.urls import reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from alerts.admin_views import ATTENTION_ITEMS_HOOK, AttentionItem

from . import admin_views, wording_views
from .analytics import unhandled_spikes
from .models import BestBet, SynonymSet

PREFILLABLE = ("terms", "query")


class PrefilledCreateView(CreateView):
    """Add form that takes initial values from the query string (gap-queue one-click)."""

    def get_initial(self):
        initial = super().get_initial()
        for name in PREFILLABLE:
            if name in self.request.GET:
                initial[name] = self.request.GET[name][:200]
        return initial


class SynonymSetViewSet(ModelViewSet):
    model = SynonymSet
    icon = "list-ul"
    menu_label = "Synonyms"
    form_fields = ["terms", "language"]
    list_display = ["terms", "language", "updated_at"]
    add_view_class = PrefilledCreateView


class BestBetViewSet(ModelViewSet):
    model = BestBet
    icon = "pick"
    menu_label = "Best bets"
    form_fields = ["query", "faq", "page", "alert", "sort_order"]
    list_display = ["query", "faq", "page", "alert"]
    add_view_class = PrefilledCreateView


class SearchGroup(ModelViewSetGroup):
    menu_label = "Search"
    menu_icon = "search"
    menu_order = 160
    items = (SynonymSetViewSet("synonym_sets"), BestBetViewSet("best_bets"))


@hooks.register("register_admin_viewset")
def register_search_viewsets():
    return SearchGroup()


@hooks.register("register_admin_urls")
def register_gap_report_urls():
    return admin_views.urlpatterns + wording_views.urlpatterns


@hooks.register("register_reports_menu_item")
def register_gap_report_menu_item():
    return MenuItem("Searches without a good answer", reverse("search_gaps"), icon_name="search",
                    order=40)


@hooks.register(ATTENTION_ITEMS_HOOK)
def gap_spikes_need_attention(now):
    url = reverse("search_gaps")
    return [AttentionItem("Search gap spike", f"“{status.query}”", url)
            for status in unhandled_spikes(now)]
