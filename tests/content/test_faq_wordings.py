"""Alternative wordings of an FAQ: part of its revision, searched only once published."""

import pytest

from content.models import FAQ, FAQWording
from tests.helpers.content import make_faq


def _add_draft_wording(faq, text, source=FAQWording.Source.STAFF):
    draft = faq.get_latest_revision_as_object()
    draft.wordings.add(FAQWording(text=text, source=source))
    return draft.save_revision()


@pytest.mark.django_db
def test_a_wording_is_a_draft_until_published_then_a_search_question():
    faq = make_faq(question="Can I bring my pet to a shelter?")
    revision = _add_draft_wording(faq, "can my dog come to the shelter")

    faq.refresh_from_db()
    assert faq.has_unpublished_changes
    assert faq.search_questions() == ["Can I bring my pet to a shelter?"]
    assert not FAQWording.objects.filter(faq=faq).exists()
    # The draft object carries it, and even called on the draft, the unpublished wording stays out.
    draft = faq.get_latest_revision_as_object()
    assert [w.text for w in draft.wordings.all()] == ["can my dog come to the shelter"]
    assert draft.search_questions() == ["Can I bring my pet to a shelter?"]

    revision.publish()
    faq = FAQ.objects.prefetch_related("wordings").get(pk=faq.pk)
    assert faq.search_questions() == ["Can I bring my pet to a shelter?",
                                      "can my dog come to the shelter"]
    assert faq.wording_sources() == {"Typed by staff": 1}


@pytest.mark.django_db
def test_search_questions_skip_repeats_of_the_question_and_each_other():
    faq = make_faq(question="Where is the cooling center?")
    draft = faq.get_latest_revision_as_object()
    for text in ("where is the cooling center", "Cooling centre near me", "cooling centre near me?"):
        draft.wordings.add(FAQWording(text=text))
    draft.save_revision().publish()
    faq.refresh_from_db()
    assert faq.search_questions() == ["Where is the cooling center?", "Cooling centre near me"]


@pytest.mark.django_db
def test_a_translation_starts_without_the_original_languages_wordings():
    from wagtail.models import Locale

    faq = make_faq(question="Is the tap water safe?")
    draft = faq.get_latest_revision_as_object()
    draft.wordings.add(FAQWording(text="can i drink the water"))
    draft.save_revision().publish()
    spanish = Locale.objects.get_or_create(language_code="es")[0]
    copy = FAQ.objects.get(pk=faq.pk).copy_for_translation(spanish)
    copy.save()
    assert copy.locale == spanish and not copy.wordings.exists()
    assert FAQ.objects.get(pk=faq.pk).wordings.count() == 1
