"""A published Message whose agent script changed gets a new script version."""

from django.dispatch import receiver

from wagtail.signals import published

from content.models import Message

from .scripts import record_script_version


@receiver(published, sender=Message)
def _message_published(sender, instance, **kwargs):
    record_script_version(instance, reason="message published")
