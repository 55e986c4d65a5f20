import pytest

from tests.helpers.content import make_info_page, make_message


def _form_data(message, **overrides):
    data = {
        "headline": message.headline, "body": '{"blocks":[{"key":"a","type":"unstyled","depth":0,'
        '"text":"Body","inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "script_say": "Say this.", "script_ask": "", "script_escalate": "",
        "social_text": "ok", "sms_text": "ok", "owner": "", "last_reviewed": "",
        "review_by": "", "topics": [],
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_saving_300_character_social_text_shows_the_x_error(admin_client):
    message = make_message()
    url = f"/admin/snippets/content/message/edit/{message.pk}/"
    response = admin_client.post(url, _form_data(message, social_text="x" * 300))
    assert response.status_code == 200  # form redisplayed, not saved
    assert "Too long for X: 324 of 280 weighted characters as posted" in response.content.decode()
    message.refresh_from_db()
    assert message.social_text != "x" * 300


@pytest.mark.django_db
def test_sms_over_three_segments_is_refused_in_the_admin(admin_client):
    message = make_message()
    response = admin_client.post(f"/admin/snippets/content/message/edit/{message.pk}/",
                                 _form_data(message, sms_text="é" * 100 + "ж" * 150))
    assert "Too long for SMS: UCS-2, 4 segments" in response.content.decode()


@pytest.mark.django_db
def test_usage_view_lists_the_pages_that_embed_a_message(admin_client, site):
    message = make_message(headline="Shared boil notice")
    pages = [make_info_page(body=[("message", message)], title=f"Page {i}") for i in range(3)]
    response = admin_client.get(f"/admin/snippets/content/message/usage/{message.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    for page in pages:
        assert page.title in body


@pytest.mark.django_db
def test_message_edits_reach_every_page_that_embeds_it(client, site):
    message = make_message(headline="Water update", body="<p>Old advice.</p>")
    pages = [make_info_page(body=[("message", message)]) for _ in range(3)]
    for page in pages:  # warm the page cache
        assert "Old advice." in client.get(page.url).content.decode()
    message.body = "<p>New advice: boil for one minute.</p>"
    message.save_revision().publish()
    for page in pages:
        body = client.get(page.url).content.decode()
        assert "New advice: boil for one minute." in body and "Old advice." not in body


@pytest.mark.django_db
def test_editor_sees_encoding_and_segments_for_a_valid_message(admin_client):
    message = make_message(social_text="Boil water https://portalder.example/updates",
                           sms_text="Boil water: ñ ok")
    body = admin_client.get(f"/admin/snippets/content/message/edit/{message.pk}/").content.decode()
    assert "34 of 280 weighted characters" in body
    assert "GSM-7, 1 segment (16 characters)" in body


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "word"), [("/admin/snippets/content/faq/", "power"),
                                            ("/admin/snippets/content/message/", "water"),
                                            ("/admin/snippets/content/area/", "harbor")])
def test_the_admin_lists_search_box_finds_what_staff_type(admin_client, site, path, word):
    """A probe: the FAQ and Message lists' search box failed with a 500 on SQLite ("no such
    column: question"). Runs on the database of each pass (SQLite, then PostgreSQL)."""
    from tests.helpers.areas import city_areas
    from tests.helpers.content import make_faq

    city_areas()
    make_faq(question="Who do I call when the power is out?", short_answer="The utility.")
    make_faq(question="When is garbage collected?", short_answer="Mondays.")
    make_message(headline="Boil your water before drinking it")
    make_message(headline="Warming centers open")
    response = admin_client.get(path, {"q": word})
    assert response.status_code == 200
    page = response.content.decode()
    shown = {"power": ("Who do I call when the power is out?", "When is garbage collected?"),
             "water": ("Boil your water before drinking it", "Warming centers open"),
             "harbor": ("Harbor", "Millbrook")}[word]
    assert shown[0] in page and shown[1] not in page



@pytest.mark.django_db
def test_a_very_long_admin_search_is_read_not_a_500(admin_client, site):
    """An attack probe: 150 words in the FAQ or Message list's search box made Wagtail's
    PostgreSQL search recurse once per word (500). Runs on SQLite, then PostgreSQL."""
    from tests.helpers.content import make_faq

    make_faq(question="Who do I call when the power is out?", short_answer="The utility.")
    words = " ".join(a + b for a in "abcdef" for b in "abcdefghijklmnopqrstuvwxyz")  # 156
    for path in ("/admin/snippets/content/faq/", "/admin/snippets/content/message/",
                 "/admin/snippets/content/faq/results/"):
        assert admin_client.get(path, {"q": "power " + words}).status_code == 200, path
    page = admin_client.get("/admin/snippets/content/faq/", {"q": "power " + words})
    assert page.context["view"].search_query.split()[0] == "power"


@pytest.mark.django_db
def test_comms_staff_translate_and_the_copy_waits_as_a_draft(client, django_user_model, site):
    """A crisis-day probe: Communications were refused "Translate"; a superuser's copy went
    live at once in English and counted as a current Spanish version."""
    from django.contrib.auth.models import Group

    from wagtail.models import Locale

    from content.localization import translation_status
    from content.models import Message

    comms = django_user_model.objects.create_user("comms", "c@example.org", "pw")
    comms.groups.add(Group.objects.get(name="Communications"))
    client.force_login(comms)
    message = make_message(headline="Boil your water before drinking it")
    spanish = Locale.objects.get_or_create(language_code="es")[0]
    url = f"/admin/translation/submit/snippet/content/message/{message.pk}/"
    assert client.get(url).status_code == 200
    client.post(url, {"locales": [spanish.pk]})
    copy = Message.objects.get(translation_key=message.translation_key, locale=spanish)
    assert not copy.live and copy.headline == message.headline
    assert translation_status(message)["es"] == "missing"
    # and it is not published in English words (a draft with them still saves)
    edit = f"/admin/snippets/content/message/edit/{copy.pk}/"
    refused = client.post(edit, _form_data(copy, **{"action-publish": "action-publish"}))
    assert refused.status_code == 200
    assert "Still in the words of the English version" in refused.content.decode()
    assert not Message.objects.get(pk=copy.pk).live


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["message", "faq"])
def test_translate_is_on_the_edit_page_until_every_language_has_a_version(admin_client, site,
                                                                          model):
    """A probe writing an all-clear looked for "Translate" on the message and gave up:
    Wagtail's simple translation offers it in the listing only."""
    from wagtail.models import Locale

    from tests.helpers.content import make_faq

    item = make_message(headline="All clear") if model == "message" else make_faq()
    translate = f"/admin/translation/submit/snippet/content/{model}/{item.pk}/"
    edit = f"/admin/snippets/content/{model}/edit/{item.pk}/"
    assert translate in admin_client.get(edit).content.decode()
    for code in ("es", "ar"):
        item.copy_for_translation(Locale.objects.get_or_create(language_code=code)[0]).save()
    assert translate not in admin_client.get(edit).content.decode()
