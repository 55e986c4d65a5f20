"""The gap queue teaches search (issue 22 point 6; issue 24 points 14 and 15): a resident's
wording becomes an alternative question of the FAQ that should have answered, in the query's
language, reviewed like any edit, and searched once published."""

from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest
from bs4 import BeautifulSoup

from content.models import FAQ, FAQWording
from search.backends import get_backend
from search.documents import all_documents
from search.models import GapStatus, HelpfulVote, SearchEvent
from tests.helpers.content import make_faq

GAPS = "/admin/reports/search-gaps/"
WORDING = "/admin/reports/search-gaps/wording/"


def _events(query, n=2, language="en", source="web"):
    SearchEvent.objects.bulk_create([
        SearchEvent(query=query, language=language, result_count=3, backend="database",
                    source=source, flag="agent" if source == "agent" else "low_confidence",
                    created_at=timezone.now() - timedelta(minutes=5)) for _ in range(n)])


def _spanish_version(faq, question):
    spanish = faq.copy_for_translation(Locale.objects.get_or_create(language_code="es")[0])
    spanish.question = question
    spanish.save()
    spanish.save_revision().publish()
    return FAQ.objects.get(pk=spanish.pk)


def _row(client, query):
    rows = client.get(GAPS).context["rows"]
    return next((row for row in rows if row["query"] == query), None)


def _draft_wordings(faq):
    return [(w.text, w.source) for w in
            FAQ.objects.get(pk=faq.pk).get_latest_revision_as_object().wordings.all()]


@pytest.mark.django_db
def test_a_gap_row_teaches_its_faq_in_a_draft_that_search_uses_once_published(admin_client):
    # given a resident's search that found no good answer, and the FAQ that should have
    faq = make_faq(question="Can I bring my pet to a shelter?")
    other = make_faq(question="Where are sandbags handed out?")
    _events("can my dog come to the shelter")
    page = admin_client.get(GAPS).content.decode()
    assert "Use this wording for…" in page
    assert _row(admin_client, "can my dog come to the shelter")["language"] == "en"

    # when staff search the FAQs and pick it
    picker = admin_client.get(WORDING, {"text": "can my dog come to the shelter", "lang": "en",
                                        "source": "search", "q": "shelter"})
    assert [row["faq"] for row in picker.context["candidates"]] == [faq]
    assert "can my dog come to the shelter" in picker.content.decode()
    response = admin_client.post(WORDING, {"faq": faq.pk, "text": "can my dog come to the shelter",
                                           "lang": "en", "source": "search"})

    # then they land on the FAQ's edit view, with the wording in a draft revision
    assert response.status_code == 302
    assert response["Location"].endswith(f"/content/faq/edit/{faq.pk}/")
    assert _draft_wordings(faq) == [("can my dog come to the shelter", "search")]
    edit = admin_client.get(response["Location"]).content.decode()
    assert "can my dog come to the shelter" in edit and "Other ways residents ask this" in edit
    assert "Search without a good answer: 1" in edit
    assert "Search uses 0 of them now; the other 1 once this draft is published." in edit
    # ...not searched yet: the live FAQ is unchanged until someone publishes
    faq.refresh_from_db()
    assert faq.has_unpublished_changes
    assert faq.search_questions() == ["Can I bring my pet to a shelter?"]
    assert _draft_wordings(other) == []
    # the gap row is handled, with a link to the FAQ it taught
    assert _row(admin_client, "can my dog come to the shelter") is None
    status = GapStatus.objects.get(query="can my dog come to the shelter")
    assert status.faq == faq and status.handled_at
    assert f"/content/faq/edit/{faq.pk}/" in admin_client.get(GAPS).content.decode()

    # when it is published, search asks for it
    faq.get_latest_revision().publish()
    faq = FAQ.objects.get(pk=faq.pk)
    assert faq.search_questions() == ["Can I bring my pet to a shelter?",
                                      "can my dog come to the shelter"]
    wording = faq.wordings.get()
    assert wording.origin == status and wording.language == "en"
    listing = admin_client.get("/admin/snippets/content/faq/").content.decode()
    assert "1 (Search without a good answer: 1)" in listing


@pytest.mark.django_db
def test_a_spanish_query_teaches_the_spanish_version(admin_client):
    english = make_faq(question="Can I bring my pet to a shelter?")
    spanish = _spanish_version(english, "¿Puedo llevar mi mascota a un refugio?")
    _events("puedo llevar a mi perro al refugio", language="es")
    row = _row(admin_client, "puedo llevar a mi perro al refugio")
    assert row["language"] == "es"
    picker = admin_client.get(WORDING, {"text": row["query"], "lang": "es", "q": "pet"})
    assert [(r["faq"], r["version"]) for r in picker.context["candidates"]] == [(english, spanish)]

    # staff picked the English FAQ: the wording still goes to its Spanish version
    response = admin_client.post(WORDING, {"faq": english.pk, "text": row["query"], "lang": "es"})
    assert response["Location"].endswith(f"/edit/{spanish.pk}/")
    assert _draft_wordings(spanish) == [("puedo llevar a mi perro al refugio", "search")]
    assert _draft_wordings(english) == []
    FAQ.objects.get(pk=spanish.pk).get_latest_revision().publish()
    wording = FAQWording.objects.get()
    assert wording.faq_id == spanish.pk and wording.language == "es"


@pytest.mark.django_db
def test_without_a_spanish_version_one_is_started_holding_the_wording(admin_client):
    english = make_faq(question="How do I renew my passport?")
    _events("como renuevo mi pasaporte", language="es")
    picker = admin_client.get(WORDING, {"text": "como renuevo mi pasaporte", "lang": "es",
                                        "q": "passport"})
    assert "No Spanish version yet." in picker.content.decode()
    response = admin_client.post(WORDING, {"faq": english.pk, "text": "como renuevo mi pasaporte",
                                           "lang": "es"})
    spanish = FAQ.objects.get(translation_key=english.translation_key, locale__language_code="es")
    assert response["Location"].endswith(f"/edit/{spanish.pk}/")
    assert not spanish.live and spanish.search_questions() == [spanish.question]
    assert _draft_wordings(spanish) == [("como renuevo mi pasaporte", "search")]
    assert _draft_wordings(english) == [] and english.search_questions() == [english.question]


@pytest.mark.django_db
def test_an_agents_caller_asked_row_is_recorded_as_such(admin_client):
    faq = make_faq(question="When is trash picked up after the storm?")
    _events("garbage truck coming monday", source="agent")
    cell = admin_client.get(GAPS).content.decode()
    assert "source=agent" in cell
    admin_client.post(WORDING, {"faq": faq.pk, "text": "garbage truck coming monday",
                                "lang": "en", "source": "agent"})
    assert _draft_wordings(faq) == [("garbage truck coming monday", "agent")]


@pytest.mark.django_db
def test_not_helpful_comments_are_shown_exported_and_can_teach(admin_client):
    faq = make_faq(question="Is the tap water safe to drink?")
    vote = HelpfulVote.objects.create(target_type="faq", target_id=faq.pk, helpful=False,
                                      comment="Can I use it for baby formula?")
    HelpfulVote.objects.create(target_type="faq", target_id=faq.pk, helpful=False, comment="")
    page = admin_client.get(GAPS)
    html = page.content.decode()
    assert "Can I use it for baby formula?" in html  # in the queue and in "Least helpful FAQs"
    cells = [td.get_text(strip=True) for td in
             BeautifulSoup(html, "html.parser").select("table.gap-comments td:nth-of-type(2)")]
    assert cells and set(cells) == {"English"}  # the language by name, not its code
    assert page.context["least_helpful"][0]["comments"] == ["Can I use it for baby formula?"]
    csv = b"".join(admin_client.get("/admin/reports/search-gaps/comments/?export=csv")
                   .streaming_content).decode()
    assert "Is the tap water safe to drink?,Can I use it for baby formula?" in csv
    xlsx = admin_client.get("/admin/reports/search-gaps/comments/?export=xlsx")
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content
                                                if xlsx.streaming else [xlsx.content])[:2] == b"PK"
    report = admin_client.get("/admin/reports/search-gaps/comments/?lang=en")
    assert "Can I use it for baby formula?" in report.content.decode()
    assert admin_client.get("/admin/reports/search-gaps/comments/?lang=es").context[
        "object_list"] == []

    picker = admin_client.get(page.context["comments"][0]["wording_url"])
    assert picker.context["candidates"][0]["faq"] == faq  # the FAQ the comment was on, first
    admin_client.post(WORDING, {"faq": faq.pk, "text": vote.comment, "lang": "en",
                                "vote": vote.pk})
    assert _draft_wordings(faq) == [("Can I use it for baby formula?", "not_helpful")]
    vote.refresh_from_db()
    assert vote.handled_at and vote.handled_by == "admin"
    assert admin_client.get(GAPS).context["comments"] == []  # handled: out of the queue
    FAQ.objects.get(pk=faq.pk).get_latest_revision().publish()
    assert FAQWording.objects.get().origin == vote


@pytest.mark.django_db
def test_the_same_wording_twice_adds_nothing(admin_client):
    faq = make_faq(question="Where is the cooling center?")
    for _ in range(2):
        admin_client.post(WORDING, {"faq": faq.pk, "text": "cooling centre near me", "lang": "en"})
    admin_client.post(WORDING, {"faq": faq.pk, "text": "where is the cooling center", "lang": "en"})
    # the same words with other punctuation or accents (a probe added an Arabic wording
    # twice, the second with a comma)
    admin_client.post(WORDING, {"faq": faq.pk, "text": "Cooling centre, near me!", "lang": "en"})
    assert _draft_wordings(faq) == [("cooling centre near me", "search")]


@pytest.mark.django_db
def test_a_locked_faq_is_not_edited_behind_its_editors_back(admin_client, django_user_model):
    faq = make_faq(question="Where is the cooling center?")
    editor = django_user_model.objects.create_superuser("editor", "e@example.org", "pw")
    FAQ.objects.filter(pk=faq.pk).update(locked=True, locked_by=editor, locked_at=timezone.now())
    response = admin_client.post(WORDING, {"faq": faq.pk, "text": "cooling near me", "lang": "en"})
    assert "/wording/" in response["Location"]
    assert _draft_wordings(faq) == []
    assert not FAQ.objects.get(pk=faq.pk).has_unpublished_changes


def _staff(django_user_model, *codenames):
    user = django_user_model.objects.create_user("staff", "staff@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    faq_type = ContentType.objects.get_for_model(FAQ)
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(content_type=faq_type, codename=codename))
    return user


@pytest.mark.django_db
def test_only_staff_who_may_edit_faqs_teach_them(client, django_user_model):
    faq = make_faq(question="Where is the cooling center?")
    _events("cooling near me")
    post = {"faq": faq.pk, "text": "cooling near me", "lang": "en"}

    client.force_login(_staff(django_user_model))  # admin access, no FAQ permission
    assert client.get(GAPS).status_code in (302, 403)
    assert client.get(WORDING, {"text": "cooling near me"}).status_code in (302, 403)
    assert client.post(WORDING, post).status_code in (302, 403)
    assert _draft_wordings(faq) == []

    user = django_user_model.objects.get(username="staff")
    faq_type = ContentType.objects.get_for_model(FAQ)
    user.user_permissions.add(Permission.objects.get(content_type=faq_type, codename="add_faq"))
    client.force_login(user)
    assert client.get(GAPS).status_code == 200
    assert "Use this wording for…" not in client.get(GAPS).content.decode()
    response = client.post(WORDING, post)
    assert response.status_code in (302, 403) and "/edit/" not in response.get("Location", "")
    assert _draft_wordings(faq) == []


@pytest.mark.django_db
def test_editing_without_adding_cannot_start_a_translation(client, django_user_model):
    english = make_faq(question="How do I renew my passport?")
    client.force_login(_staff(django_user_model, "change_faq"))
    response = client.post(WORDING, {"faq": english.pk, "text": "como renuevo mi pasaporte",
                                     "lang": "es"})
    assert "/edit/" not in response.get("Location", "")
    assert not FAQ.objects.filter(locale__language_code="es").exists()
    response = client.post(WORDING, {"faq": english.pk, "text": "passport renew", "lang": "en"})
    assert response["Location"].endswith(f"/edit/{english.pk}/")
    assert _draft_wordings(english) == [("passport renew", "search")]


@pytest.mark.django_db
def test_draft_faq_from_a_spanish_query_is_a_spanish_draft(admin_client):
    _events("como renuevo mi pasaporte", language="es")
    response = admin_client.post("/admin/reports/search-gaps/act/",
                                 {"query": "como renuevo mi pasaporte", "action": "draft_faq",
                                  "lang": "es"})
    faq = FAQ.objects.get(question="¿Como renuevo mi pasaporte?")
    assert faq.locale.language_code == "es" and not faq.live
    assert response["Location"].endswith(f"/edit/{faq.pk}/")
    assert GapStatus.objects.get(query="como renuevo mi pasaporte").faq == faq
    edit = admin_client.get(response["Location"]).content.decode()
    assert "A draft FAQ in Spanish was started from “como renuevo mi pasaporte”" in edit
    # without a language in the form, the language the query was searched in
    _events("اين مركز التبريد", language="ar")
    admin_client.post("/admin/reports/search-gaps/act/",
                      {"query": "اين مركز التبريد", "action": "draft_faq"})
    assert FAQ.objects.get(question="اين مركز التبريد؟").locale.language_code == "ar"


@pytest.mark.django_db
def test_an_editors_wording_goes_through_the_faqs_workflow(client, django_user_model):
    editor = django_user_model.objects.create_user("ed", "ed@x.example", "pw")
    editor.groups.add(Group.objects.get(name="Content editors"))
    moderator = django_user_model.objects.create_user("mod", "mod@x.example", "pw")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    faq = make_faq(question="Can I bring my pet to a shelter?")
    _events("dog at the shelter ok")

    client.force_login(editor)
    response = client.post(WORDING, {"faq": faq.pk, "text": "dog at the shelter ok", "lang": "en"})
    assert response["Location"].endswith(f"/edit/{faq.pk}/")
    faq = FAQ.objects.get(pk=faq.pk)
    workflow = faq.get_workflow()
    assert workflow is not None
    state = workflow.start(faq, editor)
    assert FAQ.objects.get(pk=faq.pk).search_questions() == [faq.question]  # in review
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")
    assert FAQ.objects.get(pk=faq.pk).search_questions() == [faq.question, "dog at the shelter ok"]


@pytest.mark.django_db
def test_staff_edits_keep_a_learned_wordings_source_and_origin(admin_client):
    faq = make_faq(question="Where is the cooling center?")
    _events("cooling near me")
    admin_client.post(WORDING, {"faq": faq.pk, "text": "cooling near me", "lang": "en"})
    edit = admin_client.get(f"/admin/snippets/content/faq/edit/{faq.pk}/").content.decode()
    assert 'name="wordings-0-source" value="search"' in edit  # carried, hidden, shown as text
    assert 'id="id_wordings-0-source-label"' not in edit
    status = GapStatus.objects.get(query="cooling near me")
    gap_type = ContentType.objects.get_for_model(GapStatus)
    data = nested_form_data({
        "question": faq.question, "slug": faq.slug, "short_answer": faq.short_answer,
        "answer": rich_text("<p>At the library.</p>"), "keywords": "",
        "wordings": inline_formset([
            {"id": "", "text": "cooling near me", "source": "search", "origin_type": gap_type.pk,
             "origin_id": status.pk},
            {"id": "", "text": "air conditioned place", "source": "staff"},
        ], initial=0),
        "action-publish": "action-publish",
    })
    response = admin_client.post(f"/admin/snippets/content/faq/edit/{faq.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    faq = FAQ.objects.get(pk=faq.pk)
    assert faq.search_questions() == ["Where is the cooling center?", "cooling near me",
                                      "air conditioned place"]
    assert {w.text: (w.source, w.origin) for w in faq.wordings.all()} == {
        "cooling near me": ("search", status), "air conditioned place": ("staff", None)}


@pytest.mark.django_db
def test_the_picker_suggests_what_search_finds_without_counting_a_search(admin_client, site):
    faq = make_faq(question="Can I bring my pet to a shelter?",
                   short_answer="Yes: pets are welcome at every shelter.")
    make_faq(question="Where are sandbags handed out?")
    get_backend("database").index(all_documents())
    before = SearchEvent.objects.count()
    picker = admin_client.get(WORDING, {"text": "pet shelter", "lang": "en"})
    assert faq in [row["faq"] for row in picker.context["candidates"]]
    assert SearchEvent.objects.count() == before


@pytest.mark.django_db
def test_bad_ids_are_not_found_rather_than_errors(admin_client):
    assert admin_client.get(WORDING, {"text": "x", "vote": "abc"}).status_code == 404
    assert admin_client.post(WORDING, {"text": "x", "faq": "1 OR 1"}).status_code == 404
    response = admin_client.post("/admin/reports/search-gaps/comment/", {"vote": "abc"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_taught_wording_typed_again_is_answered_as_sure(client, admin_client, site):
    """A probe taught "se me fue la luz que hago" to the Spanish power FAQ: it came first
    afterwards, but the page still said "not sure" (the answer's text shares few of its
    words, and an English-only answer stood close). The FAQ's own question or a published
    wording, typed again (case, accents, punctuation aside), is a sure answer."""
    english = make_faq(question="Who do I call when the power is out?",
                       short_answer="Call Harbor Electric at 555-0100, day or night.")
    spanish = _spanish_version(english, "¿A quién llamo si se corta la luz?")
    make_faq(question="When will my power come back?",
             short_answer="Crews restore hospitals first, then the most homes at once.")
    get_backend("database").rebuild(all_documents())
    wording = "se me fue la luz que hago"
    before = client.get("/api/v1/search/", {"q": wording, "lang": "es"}).json()
    assert not before["confident"]
    admin_client.post(WORDING, {"faq": english.pk, "text": wording, "lang": "es"})
    FAQ.objects.get(pk=spanish.pk).get_latest_revision().publish()
    get_backend("database").rebuild(all_documents())
    for typed in ("Se me fue la luz, ¿qué hago?", "¿A quién llamo si se corta la luz?"):
        after = client.get("/api/v1/search/", {"q": typed, "lang": "es"}).json()
        assert after["results"][0]["title"] == "¿A quién llamo si se corta la luz?"
        assert after["confident"] and after["answer"]["question"] == spanish.question
    # other words than those taught are judged by the ranking as before
    assert not client.get("/api/v1/search/", {"q": "se fue la luz en mi casa ayer y hoy",
                                              "lang": "es"}).json()["confident"]


@pytest.mark.django_db
def test_the_picker_keeps_searchs_order_across_languages(admin_client, site):
    """A probe: for "mi perro tiene mucho frio que hago" the first two buttons were
    unrelated Spanish FAQs, moved ahead of the right English-only one for their language."""
    pets = make_faq(question="What should I do with my pets in extreme cold?",
                    short_answer="Bring dogs and cats inside; no pet stays outdoors below 32°F.")
    for question, spanish in (("My pipes froze. What should I do?",
                               "Se me congelaron las tuberías por el frío, ¿qué hago?"),
                              ("Who do I call when the power is out?",
                               "¿A quién llamo si se corta la luz? ¿Qué hago?")):
        _spanish_version(make_faq(question=question), spanish)
    get_backend("database").rebuild(all_documents())
    from search import service

    query = "mi perro tiene mucho frio que hago"
    found = [hit.object_id for hit in service.search(query, "es", record=False).results]
    assert found[0] == pets.pk and len(found) > 1  # and a Spanish FAQ after it
    picker = admin_client.get(WORDING, {"text": query, "lang": "es"})
    rows = picker.context["candidates"]
    assert rows and rows[0]["faq"] == pets and rows[0]["version"] is None


@pytest.mark.django_db
def test_an_empty_or_overlong_wording_says_so_and_touches_nothing(admin_client):
    faq = make_faq(question="Where is the cooling center?")
    for method in (admin_client.get, admin_client.post):
        response = method(WORDING, {"faq": faq.pk, "text": "   ", "lang": "en"})
        assert response.status_code == 302 and response["Location"].endswith(GAPS)
    assert not GapStatus.objects.exists() and _draft_wordings(faq) == []
    long = "where is the cooling center " * 20  # a 560-character comment
    page = admin_client.get(WORDING, {"text": long, "lang": "en",
                                      "source": "not_helpful"}).content.decode()
    assert "A wording holds at most 300 characters: only the part shown above is used." in page


@pytest.mark.django_db
def test_a_moderator_without_add_rights_is_shown_only_what_they_can_do(client,
                                                                        django_user_model):
    english = make_faq(question="How do I renew my passport?")
    _events("como renuevo mi pasaporte", language="es")
    client.force_login(_staff(django_user_model, "change_faq", "publish_faq"))
    queue = client.get(GAPS).content.decode()
    assert "Use this wording for…" in queue and 'value="draft_faq"' not in queue
    picker = client.get(WORDING, {"text": "como renuevo mi pasaporte", "lang": "es",
                                  "q": "passport"}).content.decode()
    assert english.question in picker
    assert "Starting one needs the permission to add FAQs" in picker


@pytest.mark.django_db
def test_recently_taught_says_whether_search_uses_the_wording_yet(admin_client):
    faq = make_faq(question="Can I bring my pet to a shelter?")
    _events("can my dog come to the shelter")
    admin_client.post(WORDING, {"faq": faq.pk, "text": "can my dog come to the shelter",
                                "lang": "en"})
    taught = admin_client.get(GAPS).content.decode()
    taught = taught[taught.index("Recently taught"):]
    assert "Not yet: in a draft until the FAQ is published" in taught
    FAQ.objects.get(pk=faq.pk).get_latest_revision().publish()
    taught = admin_client.get(GAPS).content.decode()
    taught = taught[taught.index("Recently taught"):]
    assert "Not yet" not in taught and "<td>Yes</td>" in taught


@pytest.mark.django_db
def test_a_started_translation_is_not_published_in_english_words(admin_client):
    """A probe started the Spanish version from a gap row and approved it unchanged: Spanish
    search then showed English words as a Spanish answer. Saving a draft still works."""
    english = make_faq(question="What should I do with my pets in extreme cold?",
                       short_answer="Bring dogs and cats inside.")
    admin_client.post(WORDING, {"faq": english.pk, "text": "mi perro tiene frio", "lang": "es"})
    spanish = FAQ.objects.get(translation_key=english.translation_key, locale__language_code="es")
    url = f"/admin/snippets/content/faq/edit/{spanish.pk}/"

    def post(action, question, short_answer):
        return admin_client.post(url, nested_form_data({
            "question": question, "slug": spanish.slug, "short_answer": short_answer,
            "answer": rich_text("<p>Bring dogs and cats inside.</p>"), "keywords": "",
            "wordings": inline_formset([{"id": "", "text": "mi perro tiene frio",
                                         "source": "search"}], initial=0),
            **({action: action} if action else {})}))  # no action: "Save draft"

    refused = post("action-publish", english.question, english.short_answer)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Still in the words of the English version" in page
    assert not FAQ.objects.get(pk=spanish.pk).live
    assert post("action-submit", english.question, "Meta a perros y gatos.").status_code == 200
    assert post(None, english.question, english.short_answer).status_code == 302  # kept
    done = post("action-publish", "¿Qué hago con mis mascotas cuando hace mucho frío?",
                "Meta a perros y gatos en casa.")
    assert done.status_code == 302
    assert FAQ.objects.get(pk=spanish.pk).live
