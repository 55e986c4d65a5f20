"""Admin reports on Wagtail's ReportView: listing, filters (django-filter sets), paging and
CSV/XLSX export (`list_export`) come from Wagtail. Beacon adds two things:

- `ListFilterSet`: Beacon's report rows are computed lists (grouped analytics, several
  models side by side), not one queryset, so a filter set filters the list;
- CSV cells that cannot run as formulas (see content/spreadsheets.py) and a UTF-8 charset
  with a byte-order mark, so spreadsheets show accents and Arabic. XLSX cells are already
  kept as text by Wagtail.

The "Needs review" report lives here: messages and FAQs past their review-by date.
"""

from itertools import chain

from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView

import django_filters

from .models import FAQ, Department, Message
from .spreadsheets import spreadsheet_safe


class Rows(list):
    """A report's computed rows; django-filter asks a queryset for its model (there is none)."""

    model = None


class ListFilterSet(WagtailFilterSet):
    """A filter set over a list of rows: each filter's `method` takes and returns a list."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset=Rows(), request=request, prefix=prefix)

    def filter_queryset(self, rows):
        for name, value in self.form.cleaned_data.items():
            if value not in (None, "", []):
                rows = self.filters[name].filter(rows, value)
        return rows


class SafeReportView(ReportView):
    """ReportView whose CSV is safe to open in a spreadsheet."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow({
            field: spreadsheet_safe(self.preprocess_field_value(field, value, self.FORMAT_CSV))
            for field, value in row_dict.items()})

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(chain(["\ufeff"], self.stream_csv(queryset)),
                                         content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response

    def user_may_see(self, user):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.user_may_see(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


def overdue_items(today=None):
    today = today or timezone.localdate()
    items = [("Message", m, m.headline) for m in
             Message.objects.filter(review_by__lt=today).select_related("owner")]
    items += [("FAQ", f, f.question) for f in
              FAQ.objects.filter(review_by__lt=today).select_related("owner")]
    rows = [{"kind": kind, "object": obj, "title": title, "owner_id": obj.owner_id,
             "owner": obj.owner.name if obj.owner else "No owner",
             "review_by": obj.review_by, "days_overdue": (today - obj.review_by).days,
             "edit_url": reverse(f"wagtailsnippets_content_{obj._meta.model_name}:edit",
                                 args=[obj.pk])}
            for kind, obj, title in items]
    return sorted(rows, key=lambda r: (r["owner"], r["review_by"]))


class NeedsReviewFilterSet(ListFilterSet):
    owner = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label="Owner",
        method=lambda rows, name, value: [r for r in rows if r["owner_id"] == value.pk])
    kind = django_filters.ChoiceFilter(
        choices=[("Message", "Message"), ("FAQ", "FAQ")], label="Type",
        method=lambda rows, name, value: [r for r in rows if r["kind"] == value])


class NeedsReviewView(SafeReportView):
    page_title = "Needs review"
    header_icon = "time"
    template_name = "content/admin/needs_review.html"
    results_template_name = "content/admin/needs_review_results.html"
    index_url_name = "needs_review"
    index_results_url_name = "needs_review_results"
    filterset_class = NeedsReviewFilterSet
    context_object_name = "rows"
    export_filename = "needs-review"
    list_export = ["owner", "kind", "title", "review_by", "days_overdue"]
    export_headings = {"kind": "type"}

    def user_may_see(self, user):
        return user.has_perm("content.change_message") or user.has_perm("content.change_faq")

    def get_queryset(self):
        return overdue_items()
