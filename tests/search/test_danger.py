"""Danger words: "Call 911 now" first, in every language, whatever the ranking says."""

import re

import pytest

from search.backends import get_backend
from search.danger import danger_kind, detect
from search.documents import all_documents
from tests.helpers.content import make_faq

ENGLISH = [
    ("co alarm beeping", "carbon_monoxide"), ("my CO detector keeps going off", "carbon_monoxide"),
    ("carbon monoxide symptoms", "carbon_monoxide"), ("I smell gas in the kitchen", "gas"),
    ("gas leak", "gas"), ("smells like rotten eggs", "gas"), ("there's a fire next door", "fire"),
    ("smoke coming from the basement", "fire"), ("my dad is not breathing", "not_breathing"),
    ("she's unconscious", "not_breathing"), ("he won't wake up", "not_breathing"),
    ("power lines down on my street", "power_line"), ("downed power line", "power_line"),
    # carbon monoxide as residents notice it, without naming it (a resident's probe found
    # these had no box)
    ("my kids are sleepy and dizzy since we turned on the furnace", "carbon_monoxide"),
    ("headache from the space heater", "carbon_monoxide"),
]
SPANISH = [
    ("alarma de monoxido", "carbon_monoxide"), ("alarma de monóxido suena", "carbon_monoxide"),
    ("huele a gas", "gas"), ("olor a gas en la cocina", "gas"), ("fuga de gas", "gas"),
    ("incendio en mi edificio", "fire"), ("hay humo en la casa", "fire"),
    ("mi hijo no respira", "not_breathing"), ("se desmayó y no despierta", "not_breathing"),
    ("esta inconsciente", "not_breathing"), ("cable de luz caido en la calle", "power_line"),
    ("se cayo un poste", "power_line"),
    # found missing by a resident's probe: no "a", a typo, "güele", drowning, CO by its signs
    ("huele gas", "gas"), ("huele a gaz", "gas"), ("güele a gas", "gas"),
    ("se ahoga", "not_breathing"), ("no puedo respirar", "not_breathing"),
    ("me siento mareado con el calentador prendido", "carbon_monoxide"),
    ("dolor de cabeza y el generador en el garage", "carbon_monoxide"),
]
ARABIC = [
    ("أول أكسيد الكربون", "carbon_monoxide"), ("جهاز إنذار الكربون بيزمر", "carbon_monoxide"),
    ("ريحة غاز", "gas"), ("ريحه غاز بالمطبخ", "gas"), ("رائحة الغاز قوية", "gas"),
    ("تسرب غاز", "gas"), ("حريق", "fire"), ("في دخان بالبيت", "fire"), ("البيت بيحترق", "fire"),
    ("ما بيتنفس", "not_breathing"), ("ابني مش عم يتنفس", "not_breathing"),
    ("فاقد الوعي", "not_breathing"), ("مغمى عليه", "not_breathing"),
    ("سلك كهربا واقع", "power_line"), ("عمود الكهرباء وقع", "power_line"),
    # found missing by a resident's probe: "I can't breathe", "suffocating", "the house caught
    # fire", CO by its signs beside the heater
    ("مش قادر اتنفس", "not_breathing"), ("ما بقدر اتنفس", "not_breathing"),
    ("مخنوق", "not_breathing"), ("ضيق تنفس", "not_breathing"), ("البيت ولع", "fire"),
    ("دايخ من الدفايه", "carbon_monoxide"), ("كلنا عنا وجع راس والصوبه شغاله", "carbon_monoxide"),
    ("راسي بيوجعني من المولد", "carbon_monoxide"),
]
# A second probe's phrasings (2026-12-06): a kind nobody had written patterns for, each.
MORE = [
    ("my baby is turning blue", "not_breathing"), ("someone is drowning in the pool", "not_breathing"),
    ("my son got electrocuted", "not_breathing"), ("guy on the sidewalk not responding", "not_breathing"),
    ("theres a hissing sound coming from the gas pipe", "gas"), ("smel gas pls help", "gas"),
    ("apartment filling up with smoke", "fire"), ("wire fell on my car and its sparking", "power_line"),
    ("sparks flying from the transformer", "power_line"),
    ("huele como a huevo podrido en la cocina", "gas"), ("mi casa se esta incendiando", "fire"),
    ("cogio candela la casa", "fire"), ("mi abuelo no responde", "not_breathing"),
    ("mi bebe se esta poniendo morado", "not_breathing"), ("se atraganto mi hija", "not_breathing"),
    ("el generador esta en el garage y mis hijos vomitando", "carbon_monoxide"),
    ("se quemo el transformador y hay chispas", "power_line"),
    ("الجره عم تصفر", "gas"), ("ريحه بيض خربان بالبيت", "gas"), ("البيت بيولع", "fire"),
    ("ابوي طاح وما يرد", "not_breathing"), ("البيبي لونه صار ازرق", "not_breathing"),
    ("ابني شرقان ومش قادر يتنفس", "not_breathing"), ("ولد غرقان بالمسبح", "not_breathing"),
    ("ابني اتكهرب", "not_breathing"), ("حساس الغاز يصفر", "gas"),
    ("سلك مقطوع بالشارع بيطلع شرار", "power_line"), ("الكوزينة تشعلت", "fire"),
    ("ابني غايب عن الوعي", "not_breathing"), ("انقطع نفسه", "not_breathing"),
    ("المولده شغاله بالكراج والعيال يرجعون", "carbon_monoxide"),
    # a third, written blind: typos, regional words, and where two kinds are found the one
    # whose advice gets people out (someone collapsed beside a running car is CO first)
    ("gass smell outside the building", "gas"), ("insendio en la esquina", "fire"),
    ("aiuda mi papa no rrespira", "not_breathing"), ("cant wake my roommate up", "not_breathing"),
    ("mi sobrino se cayó al río y no sabe nadar", "not_breathing"),
    ("prendimos el anafre adentro del cuarto y los niños no despiertan", "carbon_monoxide"),
    ("car running in closed garage and my brother passed out", "carbon_monoxide"),
    ("السياره شغاله بالكراج واخوي فاقد الوعي", "carbon_monoxide"),
    ("تسمم بغاز اول اكسيد الكربون", "carbon_monoxide"), ("كاين ريحة البوطة فالدار", "gas"),
    ("الطفل ديختنق بالاكل", "not_breathing"), ("there is a fire and my dad is not breathing", "fire"),
    # a fourth, written blind
    ("the outlet is smoking", "fire"), ("my mom collapse and no breath", "not_breathing"),
    ("car running in closed garage and my uncle is inside sleeping", "carbon_monoxide"),
    ("el carro prendido en el garaje cerrado y mi tio adentro", "carbon_monoxide"),
    ("se me quema el apartamento ayuda", "fire"), ("mi bebé está morada y no llora", "not_breathing"),
    ("el brasero adentro y mi viejo no se despierta", "carbon_monoxide"),
    ("الكهربا ضربت ابني", "not_breathing"), ("جهاز انذار الغاز عم يزمر", "gas"),
    ("الصوبيا شغاله طول الليل والولاد ما بيصحوا", "carbon_monoxide"),
    ("البنت بتتخنق من لقمه", "not_breathing"), ("خنقه من الغاز واخوي طايح", "gas"),
    # a second resident's probe: an oven for heat, chest pain, someone speaking of suicide
    ("estoy mareado y uso el horno para calentar la casa", "carbon_monoxide"),
    ("راسي يوجعني ودايخ والفرن شغال للتدفئة", "carbon_monoxide"),
    ("me duele el pecho", "medical"), ("وجع بالصدر", "medical"), ("chest pain", "medical"),
    ("me quiero matar", "self_harm"), ("بدي انتحر", "self_harm"),
    ("i want to kill myself", "self_harm"), ("جدي ما عم يرد علي وتنفسه غريب", "not_breathing"),
    # a third probe: swallowed pills, "ending it all", words joined, a grandmother not waking
    ("my son swallowed a bunch of pills", "medical"), ("mi hijo se tomo muchas pastillas", "medical"),
    ("ابني بلع دوا كتير", "medical"), ("toddler drank bleach", "medical"),
    ("she took all of her pills", "medical"), ("overdose", "medical"),
    ("i feel like ending it all", "self_harm"), ("مابدي عيش خلص", "self_harm"),
    ("ستي وقعت وما عم تفيق", "not_breathing"), ("ya no quiero vivir", "self_harm"),
    # an accessibility probe (2026-12-07): fumes of what burns fuel, without a symptom
    ("my neighbor's generator fumes come into my flat", "carbon_monoxide"),
    ("generator fumes in my apartment", "carbon_monoxide"),
    ("my neighbor's generator exhaust is coming in", "carbon_monoxide"),
    ("car exhaust coming into the house", "carbon_monoxide"),
    ("gases del generador entran a mi casa", "carbon_monoxide"),
    ("عادم المولد بيدخل الشقه", "carbon_monoxide"), ("ريحة المولد بالبيت", "carbon_monoxide"),
]
NOT_DANGER = [
    "fire station hours", "gas prices", "trash pickup", "is the water safe",
    "fire extinguisher", "can I bring my pet to a shelter", "gas bill help",
    "fuegos artificiales", "donde esta el refugio", "cuando pasa la basura",
    "محطة بنزين", "الثلاجة", "وين الملجأ", "الاكل مش صحي",
    # a heater, a generator or a headache alone is not an emergency
    "heater not working", "generator safety", "headache", "calentador de agua roto",
    "dolor de cabeza", "no puedo pagar el gas", "huelga de autobuses", "الدفايه ما بتشتغل",
    "سخان المي خربان", "كيف اشغل المولد بامان", "مش قادر ادفع الفاتوره", "دوخه",
    # the second probe's false alarms: a detector to get, a drill, an idiom
    "carbon monoxide detector free", "where to buy carbon monoxide detector",
    "fire inspection for business", "choking hazard toy recall", "unconscious bias training",
    "gas leak detector for home buy", "fire alarm testing schedule school", "drowning in debt help",
    "hidrante de incendios", "programa de detectores de humo gratis",
    "baterias para detector de humo", "simulacro de incendio escuela",
    "queja humo de cigarro del vecino", "taller de seguridad contra incendios",
    "حنفيه الحريق", "كاشف دخان مجاني", "نار الاسعار", "الجو نار اليوم", "ولعت الدنيا",
    "تمرين اخلاء حريق بالمدرسه", "مخنوق من الزحمه", "غرقان بالديون", "كيف اركب كاشف دخان",
    "this song is fire", "drowning prevention week events", "carbon monoxide detector law",
    "este reggaeton está fuego", "ley de detectores de monóxido para caseros",
    "الاغنيه دي نار", "الاسعار ولعت نار", "اسبوع التوعيه من الغرق", "عايز اشتري طفايه حريق",
    "news about the warehouse fire last year", "noticias del incendio del año pasado",
    "اخبار حريق السوق السنه الماضيه", "اختنقت من الزحمه", "مسابقه الطبخ على النار في الحديقه",
    "ما في تدفئة والمالك ما بيرد", "ما بيرد على التلفون", "how to clean the oven",
    "el horno no calienta", "suicide prevention training", "stroke of luck",
    "bathroom exhaust fan", "el escape del carro hace ruido", "oven cleaner fumes",
    "escape room", "ريحه المطبخ",
    # taking one's own medicine, food poisoning, a pharmacy: not an emergency box
    "i took my pills can i drink tap water", "can i take my medicine with tap water",
    "food poisoning after the power outage", "pharmacy open during storm",
    "puedo tomar mis pastillas con agua de la llave", "farmacia abierta",
    "شربت الدوا مع مي الحنفيه", "وين اقرب صيدليه", "how do i end my water service",
    "ending the boil water notice",
]


@pytest.mark.parametrize(("query", "kind"), ENGLISH + SPANISH + ARABIC + MORE)
def test_danger_words_in_each_language_and_as_residents_type_them(query, kind):
    assert danger_kind(query) == kind


@pytest.mark.parametrize("query", NOT_DANGER)
def test_everyday_questions_are_not_emergencies(query):
    assert danger_kind(query) == ""


def test_someone_speaking_of_suicide_is_given_988_as_well_in_their_language():
    for language, words in (("en", "988"), ("es", "988"), ("ar", "988")):
        danger = detect("me quiero matar", language)
        assert danger.kind == "self_harm" and words in danger.text and "911" in danger.text


def test_any_language_on_any_page_and_the_advice_in_the_readers_language():
    danger = detect("huele a gas", "en")
    assert danger.kind == "gas" and danger.title == "Call 911 now"
    assert detect("gas leak", "ar").title == "اتصل بالرقم 911 الآن"
    assert detect("gas leak", "es", number="112").title == "Llame al 112 ahora"


@pytest.fixture
def unrelated_faqs(site):
    make_faq(question="When is garbage collected?", short_answer="Mondays.")
    make_faq(question="How do I pay my water bill?", short_answer="Online or by phone.")
    get_backend("database").index(all_documents())


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "query", "title"), [
    ("/search/", "co alarm beeping", "Call 911 now"),
    ("/es/search/", "huele a gas", "Llame al 911 ahora"),
    ("/ar/search/", "ما بيتنفس", "اتصل بالرقم 911 الآن"),
])
def test_the_page_shows_call_911_first_and_never_311(client, unrelated_faqs, path, query, title):
    page = client.get(path, {"q": query}).content.decode()
    main = page[page.index("<main"):]
    box = main.index('class="danger-box"')
    assert title in main[box:box + 2000]
    assert 'href="tel:911"' in main[box:box + 2000]
    assert box < main.index('role="search"')  # before the form, the notices and results
    assert "(311)" not in main and "call 311" not in main.lower()
    # Said once, in the box (its heading and its call button): not again under the results.
    after_box = main[main.index("</section>", box):main.index("</main>")]
    assert title not in after_box


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "query", "call", "text"), [
    ("/search/", "i feel like ending it all", "Call 988", "Text 988"),
    ("/es/search/", "me quiero matar", "Llamar al 988", "Enviar un mensaje al 988"),
    ("/ar/search/", "بدي انتحر", "اتصل بالرقم 988", "أرسل رسالة إلى 988"),
])
def test_someone_speaking_of_ending_their_life_gets_988_buttons_then_911(
        client, unrelated_faqs, path, query, call, text):
    """A third probe: the box's text said to call or text 988, but its title and its one
    button said "Call 911 now"."""
    page = client.get(path, {"q": query}).content.decode()
    box = page[page.index('class="danger-box"'):]
    box = box[:box.index("</section>")]
    links = re.findall(r'<a class="danger-call" href="([^"]+)">([^<]+)</a>', box)
    assert [href for href, _ in links] == ["tel:988", "sms:988", "tel:911"]
    assert [label for _, label in links][:2] == [call, text]
    assert "988" in box[:box.index("</h2>")]  # the heading says 988 first
    api = client.get("/api/v1/search/", {"q": query}).json()["danger"]
    assert [action["href"] for action in api["actions"]] == ["tel:988", "sms:988", "tel:911"]
    assert api["call"] == "911"


@pytest.mark.django_db
def test_the_api_gives_danger_before_the_results(client, unrelated_faqs):
    body = client.get("/api/v1/search/", {"q": "ريحة غاز", "lang": "ar"}).json()
    assert next(iter(body)) == "danger"
    assert body["danger"]["kind"] == "gas" and body["danger"]["call"] == "911"
    assert body["danger"]["title"] == "اتصل بالرقم 911 الآن"
    calm = client.get("/api/v1/search/", {"q": "garbage collected"}).json()
    assert calm["danger"] is None


@pytest.mark.django_db
def test_no_sure_answer_box_beside_the_danger_box(client, site):
    """A resident's probe saw "my son isn't breathing" answered, sure, with "Who do I call
    when the power is out?" under the 911 box. Where the words speak of danger the answer is
    the box: the ranking's sure answer is not boxed (its results are still listed)."""
    make_faq(question="What should I do if I smell gas?", short_answer="Leave the house.")
    make_faq(question="When is garbage collected?", short_answer="Mondays.")
    get_backend("database").index(all_documents())
    calm = client.get("/api/v1/search/", {"q": "When is garbage collected?"}).json()
    assert calm["confident"] and calm["answer"]["question"] == "When is garbage collected?"
    body = client.get("/api/v1/search/", {"q": "What should I do if I smell gas?"}).json()
    assert body["danger"]["kind"] == "gas"
    assert body["results"][0]["title"] == "What should I do if I smell gas?"
    assert body["confident"] and body["answer"] is None  # sure, and still not boxed
    page = client.get("/search/", {"q": "What should I do if I smell gas?"}).content.decode()
    assert 'class="danger-box"' in page and 'class="answer-box"' not in page
    assert "What should I do if I smell gas?</a>" in page  # listed among the results


def test_a_huge_query_is_read_only_as_far_as_a_message_goes():
    """A 60,000-character query cost 200-300 ms of patterns on every search request (the
    busy page's too): only the first 1,000 characters, as much as Ask Beacon keeps, are read."""
    assert danger_kind("x " * 400 + "gas leak") == "gas"  # within the first 1,000
    assert danger_kind("x " * 600 + "gas leak") == ""  # beyond: not read
    assert danger_kind("gas leak " + "x " * 30000) == "gas"
