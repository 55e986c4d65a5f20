"""The site's own services a search asks for (search.site_places): a third resident's
probe typed "sign up for text alerts" and got three unrelated FAQs, because the sign-up form
is not a page in the index."""

import re

import pytest

from search.backends import get_backend
from search.documents import all_documents
from search.site_places import places
from tests.helpers.content import make_faq

ASKS_FOR_ALERTS = [
    "sign up for text alerts", "how do i get alerts on my phone", "signup for emergency texts",
    "can you text me when the water is safe", "stop the texts", "how to register for email alerts",
    "como me inscribo para recibir avisos", "alertas por mensaje de texto",
    "quiero recibir alertas en mi celular", "suscribirme a los avisos", "como me doy de baja",
    "كيف اشترك بالتنبيهات", "بدي رسايل تنبيه على الموبايل", "تسجيل للتنبيهات", "الغاء الاشتراك",
    "تنبيهات على الجوال", "كيف أسجل لتلقي الإشعارات",
]
ASKS_FOR_AREA = [
    "is my street affected", "zip code 04612", "does the boil water notice cover my neighborhood",
    "mi colonia esta incluida en el aviso", "código postal", "afecta a mi calle?",
    "الرمز البريدي", "منطقتي مشمولة بالتحذير", "هل التحذير يشمل حارتنا",
]
ASKS_FOR_NEITHER = [
    "is the water safe to drink", "where can i get free bottled water",
    "are there any alerts right now", "boil water notice", "text of the notice",
    "i got an alert what does it mean", "my street is flooded", "my neighborhood has no power",
    "join a volunteer group", "hay alertas hoy", "mi calle esta inundada", "registro de vehiculos",
    "وين الملاجئ", "هل المي صالحة للشرب", "شارعنا مقطوع",
]


@pytest.mark.parametrize("query", ASKS_FOR_ALERTS)
def test_asking_for_alerts_in_any_language_finds_the_sign_up(query):
    assert [place.name for place in places(query)][:1] == ["alerts"]


@pytest.mark.parametrize("query", ASKS_FOR_AREA)
def test_asking_whether_an_alert_reaches_my_street_finds_the_areas(query):
    assert "area" in [place.name for place in places(query)]


@pytest.mark.parametrize("query", ASKS_FOR_NEITHER)
def test_other_questions_get_no_service_link(query):
    assert places(query) == []


@pytest.fixture
def unrelated_faqs(site):
    make_faq(question="When will the boil-water notice be lifted?",
             short_answer="When two rounds of tests are clean.")
    make_faq(question="Where can I get free bottled water?", short_answer="At the library.")
    get_backend("database").index(all_documents())


def _place_links(page):
    main = page[page.index("<main"):page.index("</main>")]
    return main, re.findall(r'<p class="site-place"><a class="button" href="([^"]+)">([^<]+)</a>',
                            main)


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "query", "href", "title"), [
    ("/search/", "sign up for text alerts", "/subscribe/",
     "Get alerts for your area by email or text message"),
    ("/es/search/", "como me inscribo para recibir avisos", "/es/subscribe/",
     "Reciba avisos para su zona por correo o mensaje de texto"),
    ("/ar/search/", "كيف اشترك بالتنبيهات", "/ar/subscribe/",
     "احصل على تنبيهات لمنطقتك بالبريد الإلكتروني أو الرسائل النصية"),
    ("/ar/search/", "منطقتي مشمولة بالتحذير", "/ar/areas/", "هل يشملني هذا؟"),
])
def test_the_search_page_links_the_service_before_the_results(client, unrelated_faqs, path,
                                                                query, href, title):
    main, links = _place_links(client.get(path, {"q": query}).content.decode())
    assert links == [(href, title)]
    assert main.index('class="site-place"') < main.index('role="status"')  # before results
    body = client.get("/api/v1/search/", {"q": query, "lang": path.strip("/").split("/")[0]
                                          if path != "/search/" else "en"}).json()
    assert body["places"] == [{"name": "area" if "areas" in href else "alerts", "title": title,
                               "url": href}]


@pytest.mark.django_db
def test_no_service_link_for_an_ordinary_question(client, unrelated_faqs):
    main, links = _place_links(client.get("/search/", {"q": "free bottled water"}).content.decode())
    assert links == [] and "site-place" not in main
    assert client.get("/api/v1/search/", {"q": "free bottled water"}).json()["places"] == []
