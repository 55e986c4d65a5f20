"""Site-wide crisis mode: one Wagtail site setting that every page reads."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class CrisisLevel(models.TextChoices):
    NORMAL = "normal", _("Normal")
    ADVISORY = "advisory", _("Advisory")
    EMERGENCY = "emergency", _("Emergency")


@register_setting(icon="warning")
class CrisisSettings(BaseSiteSetting):
    """Crisis level, the banner and the hub, plus the numbers residents must always see."""

    level = models.CharField(max_length=16, choices=CrisisLevel.choices, default=CrisisLevel.NORMAL)
    banner_message = models.ForeignKey(
        "content.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The message whose headline shows in the banner on every page."),
    )
    hub_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The crisis hub that the banner and the home page lead to."),
    )
    emergency_number = models.CharField(max_length=32, default="911")
    info_number = models.CharField(max_length=32, default="311")
    info_number_full = models.CharField(
        max_length=32, default="(555) 010-3110", help_text=_("Non-emergency line from outside the city.")
    )
    changed_at = models.DateTimeField(auto_now=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("level"), FieldPanel("banner_message"), FieldPanel("hub_page")],
            heading=_("Crisis mode"),
        ),
        MultiFieldPanel(
            [FieldPanel("emergency_number"), FieldPanel("info_number"), FieldPanel("info_number_full")],
            heading=_("Phone numbers"),
        ),
    ]

    class Meta:
        verbose_name = _("Crisis mode")

    @property
    def is_on(self):
        return self.level != CrisisLevel.NORMAL


class PageCacheGeneration(models.Model):
    """One row: the page-cache generation when no shared cache (Redis) is configured.

    Every process (web workers, CLI commands, the scheduler, Celery workers) reads and bumps
    the same number here, so a change made anywhere is what the next request sees. One
    primary-key read per cacheable request; see portal/page_cache.py.
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "page cache generation"
