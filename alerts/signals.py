"""A published Message whose agent script changed gets a new script version; consoles
hear about pinned FAQ changes."""

from django.db import transaction
from django.dispatch import receiver

from wagtail.signals import published, unpublished

from content.models import FAQ, Message

from .publishing import follow_message_edit
from .scripts import bump_board_version, record_script_version


@receiver(published, sender=Message)
def _message_published(sender, instance, **kwargs):
    record_script_version(instance, reason="message published")
    user = getattr(kwargs.get("revision"), "user", None)
    transaction.on_commit(lambda: follow_message_edit(instance, user))


@receiver(published, sender=FAQ)
@receiver(unpublished, sender=FAQ)
def _faq_changed(sender, instance, **kwargs):
    if instance.pinned_for_agents:
        bump_board_version()
