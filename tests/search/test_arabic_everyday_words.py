"""Arabic as residents type it: everyday (dialect) words and hamza seats are searched as
the FAQ's Modern Standard Arabic, lexically and by the embedding models (issue 22)."""

import pytest

from search import arabic, service
from search.text import terms
from tests.helpers.content import make_faq
from tests.search.test_hybrid import BACKENDS, indexed_on


@pytest.mark.parametrize("typed, standard", [
    ("شو بعمل بالاكل اللي بالتلاجه اذا الكهربا قاطعه؟",
     "ما بعمل بالاكل الذي بالثلاجة اذا الكهرباء قاطعه؟"),
    ("المي لونها عكره", "المياه لونها عكره"),          # article kept on the standard word
    ("بيتي قديم والمواسير رصاص", "منزلي قديم والأنابيب رصاص"),  # possessive, و + article
    ("بدي فلوس من فيما", "أريد مال من FEMA"),
    ("بعربيتي", "بسيارتي"),                           # ة written ت before the ending
    # the second table (search/arabic_words.py): verbs with b-, loanwords, plurals
    ("الحنفيه بتنقط والبدروم غرقان", "الصنبور تقطر والقبو غارق"),
    ("وين الشلتر؟ عندي دوخه", "أين الملجأ؟ عندي دوار"),
])
def test_everyday_words_are_embedded_in_standard_spelling(typed, standard):
    assert arabic.standard_text(typed) == standard


@pytest.mark.parametrize("word", ["كمية", "عالمي", "فمي", "ضو", "الحيطة", "المائي", "فكرا"])
def test_standard_words_that_only_look_like_dialect_are_left_alone(word):
    """كمية (quantity) is not ك + مية (water); عالمي (global) is not على + المي; الحيطة
    (caution) is not the wall, المائي (aquatic) not water, فكرا not ف + كرا (rent)."""
    assert arabic.standard_text(word) == word
    assert arabic.normalize(word) == arabic._plain(word)


def test_lexical_terms_meet_the_faqs_words():
    assert terms("المواسير", "ar") == terms("الأنابيب", "ar")
    assert terms("الزباله", "ar") == terms("القمامة", "ar")
    assert terms("مسوول", "ar") == terms("مسؤول", "ar")  # hamza seat typed or not
    # light stemming: with or without the article and endings, one term
    assert terms("فيران", "ar") == terms("الفئران", "ar") == terms("والفئران", "ar")
    assert terms("مية", "ar") == terms("المياه", "ar")
    assert terms("الحافلات", "ar") == terms("حافلة", "ar")


@pytest.fixture(params=BACKENDS)
def arabic_faqs(request, settings, site):
    from wagtail.models import Locale

    arabic_locale = Locale.objects.get_or_create(language_code="ar")[0]
    made = {
        "pipes": make_faq(locale=arabic_locale, question="كيف أمنع تجمّد الأنابيب في منزلي؟",
                          short_answer="اترك الصنبور يقطر في الليالي الباردة.",
                          answer="<p>اترك الصنبور يقطر وافتح خزائن المطبخ.</p>"),
        "trash": make_faq(locale=arabic_locale, question="متى تُجمع القمامة؟",
                          short_answer="كل يوم اثنين.", answer="<p>تُجمع القمامة كل يوم اثنين.</p>"),
        "bus": make_faq(locale=arabic_locale, question="هل تعمل الحافلات أثناء العاصفة؟",
                        short_answer="بجدول مخفّض.", answer="<p>تعمل الحافلات بجدول مخفّض.</p>"),
    }
    with indexed_on(request.param, settings):
        yield made


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["lexical", "hybrid"])
@pytest.mark.parametrize("query, expected", [
    ("المواسير جمدت", "pipes"),
    ("الزباله امتى بتيجي", "trash"),
    ("في باصات وقت العاصفه", "bus"),
    ("وين الاوتوبيسات", "bus"),  # only the second table ties اوتوبيسات to الحافلات
])
def test_a_dialect_question_finds_the_standard_arabic_faq(arabic_faqs, mode, query, expected):
    response = service.search(query, language="ar", record=False, mode=mode)
    top = [hit.object_id for hit in response.results if hit.doc_type == "faq"][:1]
    assert top == [arabic_faqs[expected].pk], [h.title for h in response.results]
