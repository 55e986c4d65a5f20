"""The "Needs review" report: messages and FAQs past their review-by date, by owner."""


from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from wagtail.admin.auth import permission_denied

from .models import FAQ, Message
from .spreadsheets import csv_response


def overdue_items(today=None):
    today = today or timezone.localdate()
    items = [("Message", m, m.headline) for m in
             Message.objects.filter(review_by__lt=today).select_related("owner")]
    items += [("FAQ", f, f.question) for f in
              FAQ.objects.filter(review_by__lt=today).select_related("owner")]
    rows = [{"kind": kind, "object": obj, "title": title,
             "owner": obj.owner.name if obj.owner else "No owner",
             "review_by": obj.review_by, "days_overdue": (today - obj.review_by).days}
            for kind, obj, title in items]
    return sorted(rows, key=lambda r: (r["owner"], r["review_by"]))


class NeedsReviewView(LoginRequiredMixin, TemplateView):
    template_name = "content/admin/needs_review.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not (user.has_perm("content.change_message") or
                                          user.has_perm("content.change_faq")):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        rows = overdue_items()
        if request.GET.get("export") == "csv":
            return csv_response(
                "needs-review.csv", ["owner", "type", "title", "review_by", "days_overdue"],
                ([row["owner"], row["kind"], row["title"], row["review_by"], row["days_overdue"]]
                 for row in rows))
        owners = {}
        for row in rows:
            owners.setdefault(row["owner"], []).append(row)
        return self.render_to_response({"owners": owners, "total": len(rows),
                                        "page_title": "Needs review"})
