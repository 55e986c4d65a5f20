"""Issue 24 point 17: staff lists say which language each row is in and filter by it, and a
message's Topics picker offers the topics in the message's language."""

import re

from wagtail.models import Locale

import pytest

from content.models import Message
from tests.helpers.areas import make_area
from tests.helpers.content import make_faq, make_message, make_topic


def rows(html):
    """Each listing row as (title cell, language cell), as text."""
    table = html[html.index('<table class="listing'):]
    body = table[table.index("<tbody"):table.index("</tbody>")]
    listed = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S):
        cells = [" ".join(re.sub(r"<[^>]+>", " ", cell).split())
                 for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
        listed.append((cells[1], cells[2]))  # after the bulk-action checkbox
    return listed


def shows(listed, title, language):
    return any(cell.startswith(title) and lang == language for cell, lang in listed)


def translate(item, code, **fields):
    copy = item.copy_for_translation(Locale.objects.get(language_code=code))
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return copy


@pytest.mark.django_db
def test_messages_faqs_and_areas_show_and_filter_their_language(admin_client, site):
    message = make_message(headline="Snow emergency declared")
    translate(message, "es", headline="Emergencia de nieve declarada", live=True)
    faq = make_faq(question="Where do I park during a snow emergency?")
    translate(faq, "ar", question="أين أركن سيارتي أثناء طوارئ الثلوج؟", live=True)
    area = make_area("millbrook", -68.60, 44.50, name="Millbrook")
    translate(area, "es")  # "Millbrook" in both lists: the language tells them apart
    for url, english, other in (
            ("/admin/snippets/content/message/", ("Snow emergency declared", "English"),
             ("Emergencia de nieve declarada", "Español")),
            ("/admin/snippets/content/faq/", ("Where do I park during a snow emergency?",
                                              "English"),
             ("أين أركن سيارتي أثناء طوارئ الثلوج؟", "العربية")),
            ("/admin/snippets/content/area/", ("Millbrook", "English"), ("Millbrook", "Español"))):
        html = admin_client.get(url).content.decode()
        assert re.search(r"<th[^>]*>\s*Language\s*</th>", html)
        listed = rows(html)
        assert shows(listed, *english) and shows(listed, *other), (url, listed)
        assert re.search(r'<label[^>]*>\s*Language\s*</label>|<legend[^>]*>\s*Language', html)
        code = "ar" if "faq" in url else "es"
        filtered = rows(admin_client.get(f"{url}?locale={code}").content.decode())
        assert shows(filtered, *other) and not shows(filtered, *english), (url, filtered)


def picker(html):
    return html[html.index('name="topics"') - 2000:html.rindex('name="topics"') + 500]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["message", "faq"])
def test_the_topics_picker_offers_the_items_language_only(admin_client, site, kind):
    parks = make_topic("Parks")
    translate(parks, "es", name="Parques", slug="parques")
    translate(parks, "ar", name="الحدائق", slug="hadaiq")
    item = (make_message(headline="Parks closed for the storm") if kind == "message"
            else make_faq(question="Are the parks open?", topics=[parks]))
    shown = picker(admin_client.get(f"/admin/snippets/content/{kind}/edit/{item.pk}/")
                   .content.decode())
    assert "Parks" in shown
    assert "Parques" not in shown and "الحدائق" not in shown
    spanish = translate(item, "es", **({"headline": "Parques cerrados"} if kind == "message"
                                       else {"question": "¿Están abiertos los parques?"}))
    shown = picker(admin_client.get(f"/admin/snippets/content/{kind}/edit/{spanish.pk}/")
                   .content.decode())
    assert "Parques" in shown and "الحدائق" not in shown
    new = picker(admin_client.get(f"/admin/snippets/content/{kind}/add/?locale=ar")
                 .content.decode())
    assert "الحدائق" in new and "Parques" not in new and ">Parks<" not in new


BODY = ('{"blocks":[{"key":"a","type":"unstyled","depth":0,"text":"Crews are fixing the main.",'
        '"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}')


@pytest.mark.django_db
def test_a_double_click_on_save_draft_makes_one_message(admin_client, site):
    """Issue 24 point 11: two identical POSTs 0.8 s apart from the message editor."""
    data = {"headline": "Water main break on Elm St", "body": BODY, "script_say": "",
            "script_ask": "", "script_escalate": "", "social_text": "", "sms_text": "No water.",
            "owner": "", "last_reviewed": "", "review_by": "", "topics": []}
    first = admin_client.post("/admin/snippets/content/message/add/", data)
    second = admin_client.post("/admin/snippets/content/message/add/", data, follow=True)
    [message] = Message.objects.filter(headline="Water main break on Elm St")
    assert first.status_code == 302
    assert second.redirect_chain[-1][0] == f"/admin/snippets/content/message/edit/{message.pk}/"
    assert "was already saved a moment ago (the form was sent twice)" in \
        second.content.decode().replace("&#x27;", "'")
    admin_client.post("/admin/snippets/content/message/add/", {**data, "sms_text": "Boil water."})
    assert Message.objects.filter(headline="Water main break on Elm St").count() == 2
