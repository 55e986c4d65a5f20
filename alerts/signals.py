"""A published Message whose agent script changed gets a new script version; consoles
hear about pinned FAQ changes."""

from django.dispatch import receiver

from wagtail.signals import published, unpublished

from content.models import FAQ, Message

from .scripts import bump_board_version, record_script_version


@receiver(published, sender=Message)
def _message_published(sender, instance, **kwargs):
    record_script_version(instance, reason="message published")


@receiver(published, sender=FAQ)
@receiver(unpublished, sender=FAQ)
def _faq_changed(sender, instance, **kwargs):
    if instance.pinned_for_agents:
        bump_board_version()
