"""Wagtail's publish signals, crisis settings and alert changes -> page cache invalidation."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, published, unpublished

from alerts.events import alert_changed, ended_alert_checked
from content.models import Area

from . import page_cache
from .models import CrisisSettings


@receiver(page_published)
@receiver(page_unpublished)
def _page_changed(sender, instance, **kwargs):
    page_cache.invalidate(f"page {instance.pk} {'published' if 'revision' in kwargs else 'unpublished'}")


@receiver(published)
@receiver(unpublished)
def _snippet_changed(sender, instance, **kwargs):
    if isinstance(instance, Page):
        return  # pages: page_published already did it
    page_cache.invalidate(f"{sender._meta.label} {instance.pk} changed")


@receiver(post_save, sender=CrisisSettings)
@receiver(post_delete, sender=CrisisSettings)
def _crisis_mode_changed(sender, instance, created=False, **kwargs):
    if created and not instance.is_on:
        return  # first read of the setting creates it; nothing visible changed
    page_cache.invalidate(f"crisis mode now {instance.level}")


@receiver(ended_alert_checked)
@receiver(alert_changed)
def _alert_changed(sender, reason, **kwargs):
    page_cache.invalidate(reason)  # commit-aware itself


@receiver(post_save, sender=Area)
@receiver(post_delete, sender=Area)
def _area_changed(sender, instance, **kwargs):
    # Area pages, the areas index, sketches on alert pages and ZIP answers draw it.
    page_cache.invalidate(f"area {instance.slug} changed")
