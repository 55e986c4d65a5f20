"""An Arabic question read word by word in English (search.gloss) and searched among the
English FAQs: its English score, through the FAQ's translation group, helps the Arabic
version it belongs to (issue 22 point 1)."""

from wagtail.models import Locale

import pytest

from search import service
from search.backends import get_backend
from search.documents import all_documents
from search.gloss import english_gloss
from tests.helpers.content import make_faq

PAIRS = [  # (English question, English answer, the FAQ's Arabic question, Arabic answer)
    ("How do I get my pet microchipped?", "The animal shelter microchips cats and dogs for $15.",
     "كيف أحصل على رقاقة تعريف لحيواني الأليف؟", "يقدم مأوى الحيوانات هذه الخدمة مقابل 15 دولارًا."),
    ("When is trash collected?", "Trash is collected every Monday morning.",
     "متى يتم جمع القمامة؟", "أيام الاثنين صباحًا."),
    ("Is the tap water safe to drink?", "Yes, unless a boil-water notice is in force.",
     "هل مياه الصنبور آمنة للشرب؟", "نعم، ما لم يكن هناك إشعار بغلي الماء."),
]
# "I put a chip in the cat": dialect words the Arabic FAQ does not use (شريحه, قطه)
CHIP_FOR_THE_CAT = "بدي احط شريحه للقطه"


def test_a_word_is_read_whole_before_its_parts_and_latin_words_are_kept():
    assert english_gloss("كم دقيقه لازم اغلي المي", "ar").split()[-1] == "water"  # not الم "pain"
    assert "car" in english_gloss("سيارتي", "ar")  # the ة of سياره written ت before an ending
    assert english_gloss(CHIP_FOR_THE_CAT, "ar") == "want need put microchip chip cat"
    assert english_gloss("FEMA وين", "ar") == "FEMA where"
    assert english_gloss("زززز ققققق", "ar") == ""


@pytest.fixture
def translated(site, settings):
    settings.SEARCH_BACKEND = "database"
    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    made = []
    for question, answer, question_ar, answer_ar in PAIRS:
        faq = make_faq(question=question, short_answer=answer, answer=f"<p>{answer}</p>")
        copy = faq.copy_for_translation(arabic)
        copy.question, copy.short_answer, copy.answer = question_ar, answer_ar, f"<p>{answer_ar}</p>"
        copy.save()
        copy.save_revision().publish()
        made.append((faq, copy))
    get_backend("database").rebuild(list(all_documents()))
    return made


@pytest.mark.django_db
def test_the_english_reading_finds_the_group_the_arabic_words_miss(translated, settings):
    pet, pet_ar = translated[0]
    lexical = service.search(CHIP_FOR_THE_CAT, language="ar", mode="lexical", record=False)
    assert pet_ar.pk not in [hit.object_id for hit in lexical.results]  # no word in common
    scores = service._gloss_scores(CHIP_FOR_THE_CAT, "ar", "", "hybrid", get_backend(), None)
    best = max(scores, key=scores.get)
    assert best == f"faq:{pet.translation_key}" and best == f"faq:{pet_ar.translation_key}"
    others = [score for group, score in scores.items() if group != best]
    assert not others or scores[best] - max(others) > 0.1, scores  # a clear margin, not a tie

    def score_of_the_pet_faq(weight):
        settings.SEARCH_RANKING = {**settings.SEARCH_RANKING,
                                   "ar": {**settings.SEARCH_RANKING["ar"], "gloss": weight}}
        results = service.search(CHIP_FOR_THE_CAT, language="ar", record=False).results
        return next((hit.score for hit in results if hit.object_id == pet_ar.pk), 0.0), results

    without, _ = score_of_the_pet_faq(0.0)
    with_gloss, results = score_of_the_pet_faq(0.5)
    assert with_gloss - without == pytest.approx(0.5 * scores[best], abs=1e-6)
    assert results[0].object_id == pet_ar.pk, [hit.title for hit in results]


def test_everyday_forms_are_read_from_the_added_tables():
    """search/arabic_gloss_more.py, search/spanish_gloss_more.py: past tenses, verb forms,
    loanwords and phone misspellings the first tables lacked."""
    assert english_gloss("انسرقت سيارتي من الباركنغ", "ar") == "stolen my car parking"
    assert english_gloss("الثلاجه خربت", "ar").startswith("fridge")
    assert "broken" in english_gloss("الثلاجه خربت", "ar")
    assert english_gloss("pusieron la vasura en la ezquina", "es") == "put trash garbage corner"
    assert "forget" in english_gloss("se me olvidó sacarla", "es")
    assert "tap" in english_gloss("¿puedo tomar agua de la llave?", "es")


def test_the_first_tables_win_where_both_have_a_word():
    from search import arabic_gloss, arabic_gloss_more, gloss, spanish_gloss, spanish_gloss_more

    for first, more, merged in ((arabic_gloss.GLOSS, arabic_gloss_more.MORE_GLOSS, gloss.GLOSS),
                                (spanish_gloss.GLOSS, spanish_gloss_more.MORE_GLOSS,
                                 gloss.SPANISH_GLOSS)):
        assert len(more) > 1000 and set(merged) == set(first) | set(more)
        assert all(merged[word] == meaning for word, meaning in first.items())


def test_spanish_is_read_without_accents_and_plurals():
    assert english_gloss("¿Dónde RECOGEN la basura?", "es") == "where pick up collect trash garbage"
    assert "mosquitoes" in english_gloss("zancudos", "es")
    assert "shelter" in english_gloss("refugios", "es")  # a plural ending tried
    assert english_gloss("trash", "en") == ""  # English is not glossed


@pytest.mark.django_db
def test_only_a_language_with_a_weight_pays_for_the_second_search(translated, settings):
    assert service._gloss_scores("trash", "en", "", "hybrid", get_backend(), None) == {}
    assert service._gloss_scores(CHIP_FOR_THE_CAT, "ar", "", "lexical", get_backend(), None) == {}
    # a language with a table and a weight of 0 is not glossed
    settings.SEARCH_RANKING = {**settings.SEARCH_RANKING,
                               "es": {**settings.SEARCH_RANKING["es"], "gloss": 0.0}}
    assert service._gloss_scores("cuando pasa la basura", "es", "", "hybrid", get_backend(),
                                 None) == {}
    settings.SEARCH_RANKING = {**settings.SEARCH_RANKING,
                               "es": {**settings.SEARCH_RANKING["es"], "gloss": 0.4}}
    assert service._gloss_scores("cuando pasa la basura", "es", "", "hybrid", get_backend(), None)
