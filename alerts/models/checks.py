"""Content to check after an alert ended (issue 24 point 7): FAQs and pages tied to the
ended alert's topics may still say what the alert said ("Harbor Bridge is closed"). One row
per (alert, FAQ or page) until someone in crisis control marks it checked."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .alerts import Alert


class EndedAlertCheck(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="content_checks",
                              help_text=_("The alert that ended (its first version)."))
    faq = models.ForeignKey("content.FAQ", null=True, blank=True, on_delete=models.CASCADE,
                            related_name="+")
    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "faq"], name="one_check_per_alert_faq"),
            models.UniqueConstraint(fields=["alert", "page"], name="one_check_per_alert_page"),
            models.CheckConstraint(
                condition=(models.Q(faq__isnull=False, page__isnull=True)
                           | models.Q(faq__isnull=True, page__isnull=False)),
                name="check_is_faq_or_page"),
        ]

    def __str__(self):
        return f"Check {self.faq or self.page} after alert {self.alert_id}"
