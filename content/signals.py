"""A translation copy saved with its original's words is a draft, not a live version.

Wagtail's "Translate" (simple_translation) saves a copy of a message or FAQ in the new
language, and a copy of a model with draft states is saved live: a crisis-day probe's
Spanish "translation" went out at once in English and counted as a current Spanish version,
which hid the "not translated yet" notice from Spanish readers. A copy whose words are
still its original's is now saved as a draft, to be translated and published (the edit
form refuses to publish it unchanged: content.wagtail_hooks.TranslatedWordsForm). A copy
given its own words before its first save (the demo, the gap queue) is saved as it is.
"""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from wagtail.signals import copy_for_translation_done

from .models import FAQ, Message


@receiver(copy_for_translation_done)
def _remember_the_originals_words(sender, source_obj, target_obj, **kwargs):
    if isinstance(target_obj, (Message, FAQ)):
        target_obj._original_words = str(source_obj)


@receiver(pre_save, sender=Message)
@receiver(pre_save, sender=FAQ)
def _an_untranslated_copy_is_a_draft(sender, instance, **kwargs):
    words = getattr(instance, "_original_words", None)
    if words is not None and instance.pk is None and str(instance) == words:
        instance.live = False
        instance.has_unpublished_changes = True
