"""A resident's journeys on a phone (390x844) in English, Spanish and Arabic (issue 24,
point 19): the home page under a crisis banner, an area page listing a city-wide alert, and
sign-up by text message with the code read from the faked SMS provider and entered on the
code page the text links to, in a fresh tab. Each step reads the words a person sees in
their own language. Screenshots in test-artifacts/resident-*.png."""

import os
import re
from urllib.parse import urlsplit

from wagtail.models import Locale, Site

import pytest

from alerts import publishing
from alerts.models import Alert, Subscriber
from content.models import HomePage
from demo import translations as demo_words
from portal.models import CrisisLevel, CrisisSettings
from tests.alerts.test_subscriptions import sms, texts  # noqa: F401  (fixture: faked Twilio)
from tests.browser.test_phone_smoke import ARTIFACTS, phone  # noqa: F401  (fixture: chromium)
from tests.helpers.areas import city_areas
from tests.helpers.content import make_hub, make_message

pytestmark = [pytest.mark.browser, pytest.mark.postgres,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

STORM = "Winter Storm Hollis: snow emergency declared"  # the crisis message (banner)
WARMING = "Warming centers open 24 hours"  # a city-wide alert
PREFIX = {"en": "", "es": "/es", "ar": "/ar"}
# The words the pages must show, as locale/ translates them (written out, so a missing
# translation fails here rather than being looked up to whatever is there).
SEEN = {
    "en": {"whole_city": "For the whole city", "one_alert": "1 active alert here",
           "almost": "Almost done", "enter_code": "We texted you a 6-digit code.",
           "confirm": "Confirm", "done": "You are signed up", "sign_up": "Sign up",
           "phone": "Mobile phone for text messages", "mobile": "Mobile phone",
           "code": "The 6-digit code we texted you"},
    "es": {"whole_city": "Para toda la ciudad", "one_alert": "1 aviso activo aquí",
           "almost": "Casi listo", "enter_code": "Le enviamos un código de 6 dígitos",
           "confirm": "Confirmar", "done": "Ya está inscrito", "sign_up": "Inscribirse",
           "phone": "Teléfono móvil para mensajes de texto", "mobile": "Teléfono móvil",
           "code": "El código de 6 dígitos que le enviamos por SMS"},
    "ar": {"whole_city": "للمدينة كلها", "one_alert": "1 تنبيه نشط هنا",
           "almost": "اقتربنا من الانتهاء", "enter_code": "أرسلنا إليك رمزًا من 6 أرقام",
           "confirm": "تأكيد", "done": "تم اشتراكك", "sign_up": "اشترك",
           "phone": "الهاتف المحمول للرسائل النصية", "mobile": "الهاتف المحمول",
           "code": "الرمز المكوّن من 6 أرقام الذي أرسلناه إليك"},
}


def _headline(english, language):
    return english if language == "en" else demo_words.MESSAGES[english][language][0]


def _translated_message(english):
    """A published message with the demo's Spanish and Arabic versions of it."""
    source = make_message(headline=english, body=f"<p>{english}.</p>", sms_text=english)
    for code in ("es", "ar"):
        title, body, say, ask, escalate, social, sms_text = demo_words.MESSAGES[english][code]
        copy = source.copy_for_translation(Locale.objects.get(language_code=code))
        copy.headline, copy.body, copy.script_say = title, body, say
        copy.script_ask, copy.script_escalate = ask, escalate
        copy.social_text, copy.sms_text = social, sms_text
        copy.save()
        copy.save_revision().publish()
    return source


@pytest.fixture
def storm_city(site, settings, live_server):
    """Crisis mode with a translated banner message, one city-wide translated alert, the
    home page and crisis hub in three languages, and the test city's areas."""
    settings.PUBLIC_BASE_URL = live_server.url  # the texted link points here
    areas = city_areas()
    for code in ("es", "ar"):
        title, intro = demo_words.PAGES["home"][code]
        page = HomePage.objects.get(locale__language_code="en").copy_for_translation(
            Locale.objects.get(language_code=code))
        page.title, page.intro = title, intro
        page.save_revision().publish()
    crisis = CrisisSettings.for_site(Site.objects.get(is_default_site=True))
    crisis.level, crisis.banner_message = CrisisLevel.EMERGENCY, _translated_message(STORM)
    crisis.hub_page = make_hub()
    for code in ("es", "ar"):
        title, intro = demo_words.PAGES["hub"][code]
        hub = crisis.hub_page.copy_for_translation(Locale.objects.get(language_code=code))
        hub.title, hub.intro = title, intro
        hub.save_revision().publish()
    crisis.save()
    publishing.publish(Alert.objects.create(
        event="Warming centers", area_desc="Port Alder", message=_translated_message(WARMING),
        severity="Moderate", web="https://portalder.example/updates/"))
    return areas


def _shot(page, name):
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, f"resident-{name}-390.png"), full_page=True)


def _readable_on_a_phone(page, language):
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_home_banner_area_page_and_sms_code(live_server, phone, storm_city, sms,  # noqa: F811
                                            language):
    words, base = SEEN[language], live_server.url + PREFIX[language]

    # Home: the crisis banner's headline in the reader's language, on the first screen.
    phone.goto(base + "/")
    _readable_on_a_phone(phone, language)
    banner = phone.locator("#crisis-banner")
    headline = banner.get_by_role("heading", level=2).inner_text().strip()
    assert headline == _headline(STORM, language)
    assert banner.bounding_box()["y"] < 844
    assert _headline(WARMING, language) in banner.inner_text()  # the alert under it
    _shot(phone, f"home-{language}")

    # An area with no alert of its own lists what is for the whole city.
    phone.goto(base + "/areas/westside/")
    _readable_on_a_phone(phone, language)
    main = phone.locator("main")
    assert main.get_by_role("heading", level=1).inner_text().strip()
    assert main.get_by_role("heading", name=words["whole_city"]).is_visible()
    assert _headline(STORM, language) in main.inner_text()
    alert_link = main.get_by_role("link", name=_headline(WARMING, language))
    assert alert_link.is_visible()
    assert main.get_by_role("heading", name=words["one_alert"]).is_visible()
    _shot(phone, f"area-{language}")

    # Sign up by text message; the text links to the code page, which works in a new tab.
    phone.goto(base + "/subscribe/")
    phone.get_by_label(words["phone"]).fill("(555) 010-2000")
    phone.locator("#id_consent").check()
    phone.get_by_role("button", name=words["sign_up"], exact=True).click()
    assert phone.get_by_role("heading", level=1).inner_text() == words["almost"]
    assert words["enter_code"] in phone.locator("main").inner_text()
    [text] = texts(sms)
    body = text["Body"][0]
    code = re.search(r"\b(\d{6})\b", body).group(1)
    link = re.search(r"https?://\S+/subscribe/code/", body).group(0)
    assert urlsplit(link).path == f"{PREFIX[language]}/subscribe/code/"
    assert not Subscriber.objects.get().confirmed

    later = phone.context.browser.new_context(viewport={"width": 390, "height": 844},
                                              is_mobile=True)
    tab = later.new_page()
    tab.goto(link)
    _readable_on_a_phone(tab, language)
    assert tab.get_by_role("heading", level=1).inner_text() == words["almost"]
    tab.get_by_label(words["mobile"], exact=True).fill("555-010-2000")
    tab.get_by_label(words["code"]).fill(code)
    _shot(tab, f"code-{language}")
    tab.get_by_role("button", name=words["confirm"], exact=True).click()
    assert tab.get_by_role("heading", level=1).inner_text() == words["done"]
    # Isolated left to right (in Arabic a bare number is reordered), and read back as the
    # resident wrote it, not as stored (+15550102000).
    assert tab.locator("main p[role=status] bdi[dir=ltr]").inner_text() == "(555) 010-2000"
    _shot(tab, f"signed-up-{language}")
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed and subscriber.language == language
    later.close()
