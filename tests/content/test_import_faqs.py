"""import_faqs on files shaped like real agency exports."""

import io
import json

from django.core.management import CommandError, call_command

import pytest

from content.models import FAQ, Topic

CSV = """question,answer,short_answer,topic,keywords,source_url
Is the tap water safe?,Boil it for one minute.,Boil first.,Water,"water, safe",https://example.org/faq/1
When is trash pickup?,"Every Monday.

Holidays shift it a day.",Mondays.,Trash,garbage,
"""


def _import(tmp_path, content, *args, name="faqs.csv"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    out = io.StringIO()
    call_command("import_faqs", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def publisher(django_user_model):
    return django_user_model.objects.create_superuser("importer", "i@x.example", "pw")


@pytest.mark.django_db
def test_importing_twice_updates_and_never_duplicates(tmp_path, publisher):
    first = _import(tmp_path, CSV, "--no-progress", "--user", "importer", "--publish")
    assert "2 created" in first
    second = _import(tmp_path, CSV.replace("Mondays.", "Mondays at 7 a.m."), "--no-progress",
                     "--user", "importer", "--publish")
    assert "0 created, 1 updated, 1 unchanged" in second
    assert FAQ.objects.count() == 2
    assert FAQ.objects.get(question="When is trash pickup?").short_answer == "Mondays at 7 a.m."
    assert set(Topic.objects.values_list("name", flat=True)) == {"Water", "Trash"}
    faq = FAQ.objects.get(question="When is trash pickup?")
    assert faq.live and faq.answer.count("<p>") == 2


def _agency_page_export():
    """One agency FAQ page holding several questions, a 600-character question, the same
    question from a second agency, Arabic and Chinese questions, hostile HTML."""
    page = "https://water.example.gov/faq"
    long_question = ("If my building has a shared water meter and the landlord has not posted "
                     "the notice " + "in the lobby or the laundry room, " * 15 + "what do I do?")
    rows = [
        {"question": "Do I need to boil water for pets?", "answer": "Yes, for small pets.",
         "source_url": page},
        {"question": "Can I shower during the notice?", "answer": "Yes; do not swallow water.",
         "source_url": page},
        {"question": long_question, "answer": "Call 311 and ask for the housing desk.",
         "source_url": page},
        {"question": "Can I shower during the notice?", "answer": "Adults can; bathe infants "
         "with boiled water.", "source_url": "https://health.example.gov/questions"},
        {"question": "هل مياه الصنبور آمنة للشرب؟", "answer": "اغلِ الماء دقيقة واحدة.",
         "source_url": page},
        {"question": "自来水可以喝吗？", "answer": "请先煮沸一分钟。", "source_url": page},
        {"question": "Where do I get bottled water?",
         "answer": '<p>At <a href="https://example.gov/sites" onclick="steal()">any site</a>.'
                   '</p><meta http-equiv="refresh" content="0;url=https://evil.example">'
                   '<script>alert(1)</script><p><a href="javascript:alert(2)">Map</a></p>',
         "source_url": page},
    ]
    return rows, long_question


def _csv(rows):
    buffer = io.StringIO()
    import csv

    writer = csv.DictWriter(buffer, fieldnames=["question", "answer", "source_url"])
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@pytest.mark.django_db
def test_real_shaped_export_imports_every_record(tmp_path, publisher, client, site):
    rows, long_question = _agency_page_export()
    out = _import(tmp_path, _csv(rows), "--no-progress", "--user", "importer", "--publish")
    assert "7 created, 0 updated, 0 unchanged" in out
    assert FAQ.objects.filter(source_url="https://water.example.gov/faq").count() == 6
    assert FAQ.objects.get(question=long_question).question == long_question  # kept whole
    showers = FAQ.objects.filter(question="Can I shower during the notice?")
    assert showers.count() == 2 and len({f.slug for f in showers}) == 2
    arabic = FAQ.objects.get(question__startswith="هل")
    chinese = FAQ.objects.get(question__startswith="自来水")
    assert arabic.slug.startswith("faq-") and chinese.slug.startswith("faq-")
    assert arabic.slug != chinese.slug
    assert client.get(f"/faq/{arabic.slug}/").status_code == 200
    bottled = FAQ.objects.get(question="Where do I get bottled water?")
    assert "<meta" not in bottled.answer and "<script" not in bottled.answer
    assert "onclick" not in bottled.answer and "javascript:" not in bottled.answer
    assert 'href="https://example.gov/sites"' in bottled.answer
    page = client.get(f"/faq/{bottled.slug}/").content.decode()
    assert "evil.example" not in page and "alert(1)" not in page
    # the same file again: nothing changes, slugs are stable
    slugs = dict(FAQ.objects.values_list("pk", "slug"))
    again = _import(tmp_path, _csv(rows), "--no-progress", "--user", "importer", "--publish")
    assert "0 created, 0 updated, 7 unchanged" in again
    assert dict(FAQ.objects.values_list("pk", "slug")) == slugs


@pytest.mark.django_db
def test_without_publish_imported_faqs_wait_for_review(tmp_path, client, site):
    out = _import(tmp_path, CSV, "--no-progress")
    assert "2 created" in out and "2 submitted for review" in out
    faq = FAQ.objects.get(question="Is the tap water safe?")
    assert not faq.live and faq.current_workflow_state is not None
    assert client.get(f"/faq/{faq.slug}/").status_code == 404


@pytest.mark.django_db
def test_publish_needs_a_user_who_may_publish(tmp_path, django_user_model):
    with pytest.raises(CommandError, match="--publish needs --user"):
        _import(tmp_path, CSV, "--publish")
    django_user_model.objects.create_user("reader", "r@x.example", "pw")
    with pytest.raises(CommandError, match="may not publish"):
        _import(tmp_path, CSV, "--publish", "--user", "reader")
    assert not FAQ.objects.exists()


@pytest.mark.django_db
def test_progress_counts_records_not_lines(tmp_path, capsys, publisher):
    _import(tmp_path, CSV, "--user", "importer", "--publish")
    assert "2/2" in capsys.readouterr().err


@pytest.mark.django_db
def test_json_lines_and_wagtail_csv_export(tmp_path, publisher):
    lines = "\n".join(json.dumps(r) for r in [
        {"id": "w-17", "question": "Is the library open?", "answer": "Yes, until 8 p.m.",
         "topics": ["Libraries", "Closures"]},
        {"id": "w-18", "question": "Are parks open?", "answer": "Yes."},
    ])
    assert "2 created" in _import(tmp_path, lines, "--no-progress", "--user", "importer",
                                  "--publish", name="faqs.jsonl")
    assert FAQ.objects.get(import_key="id:w-17").topics.count() == 2
    # renaming the question keeps the identity when the export has ids
    renamed = lines.replace("Is the library open?", "Is the central library open?")
    assert "1 updated" in _import(tmp_path, renamed, "--no-progress", "--user", "importer",
                                  "--publish", name="faqs.jsonl")
    wagtail_export = ("Question,Answer,Short answer,Source URL,Live\n"
                      "Where is City Hall?,On Quay Street.,Quay St.,https://x.example/a,True\n")
    assert "1 created" in _import(tmp_path, wagtail_export, "--no-progress", "--user",
                                  "importer", "--publish")
    assert FAQ.objects.get(question="Where is City Hall?").short_answer == "Quay St."


@pytest.mark.django_db
@pytest.mark.parametrize("content, message", [
    ("question,answer\nCafé?,Sí\n".encode("latin-1"), "not UTF-8"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
    ("question,short_answer\nQ?,A\n", "Missing column(s): answer"),
    ('{"question": "Q?"}\nnot json\n', "Record 2 is not valid JSON"),
    ("", "empty"),
])
def test_unreadable_files_get_one_clear_message(tmp_path, content, message):
    with pytest.raises(CommandError, match="Nothing was imported") as error:
        _import(tmp_path, content)
    assert message in str(error.value)
    assert not FAQ.objects.exists()


@pytest.mark.django_db
def test_a_directory_is_refused_clearly(tmp_path):
    with pytest.raises(CommandError, match="is a directory"):
        call_command("import_faqs", str(tmp_path))


@pytest.mark.django_db
def test_bad_records_are_reported_and_nothing_is_imported(tmp_path, capsys):
    bad = (CSV + ",No question here,,,,\nA question?,Answer," + "x" * 301
           + ",,,not a url,extra\n" + "Q" * 1001 + ",A,,,,\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        _import(tmp_path, bad, "--no-progress")
    err = capsys.readouterr().err
    assert "record 3: question is empty" in err
    assert "record 4: 1 more value(s) than columns" in err
    assert "record 4: short_answer is 301 characters (max 300)" in err
    assert "record 4: source_url is not a valid URL" in err
    assert "record 5: question is 1001 characters (max 1000)" in err
    assert FAQ.objects.count() == 0


@pytest.mark.django_db
def test_a_spanish_export_becomes_spanish_faqs_beside_the_english_ones(tmp_path, publisher,
                                                                      client, site):
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code="es")
    english = "\n".join(json.dumps(r) for r in [
        {"id": "p-1", "question": "Where do I pick up bottled water?", "answer": "At Pier 3."},
        {"id": "p-2", "question": "Is the pool open?", "answer": "No."}])
    spanish = "\n".join(json.dumps(r) for r in [
        {"id": "p-1", "question": "¿Dónde recojo agua embotellada?", "answer": "En el muelle 3."},
        {"id": "p-2", "question": "¿Está abierta la piscina?", "answer": "No.", "lang": "es"}])
    for content, extra in ((english, []), (spanish, ["--language", "es"])):
        assert "2 created" in _import(tmp_path, content, "--no-progress", "--user", "importer",
                                      "--publish", *extra, name="faqs.jsonl")
    # the same ids in two languages are two FAQs, not an update of the English one
    assert FAQ.objects.count() == 4
    water_es = FAQ.objects.get(import_key="es:id:p-1")
    assert (water_es.locale.language_code, water_es.question) == ("es", "¿Dónde recojo agua "
                                                                        "embotellada?")
    assert FAQ.objects.get(import_key="id:p-1").question == "Where do I pick up bottled water?"
    assert water_es.get_absolute_url().startswith("/es/faq/")
    assert "En el muelle 3." in client.get(water_es.get_absolute_url()).content.decode()
    # re-importing the Spanish file changes nothing; a language the site lacks is refused
    assert "2 unchanged" in _import(tmp_path, spanish, "--no-progress", "--user", "importer",
                                    "--publish", "--language", "es", name="faqs.jsonl")
    with pytest.raises(CommandError, match="nothing was imported"):
        _import(tmp_path, english, "--no-progress", "--language", "fr", name="faqs.jsonl")
    # ... and so is a configured language the site has no Locale for yet
    Locale.objects.filter(language_code="ar").delete()
    with pytest.raises(CommandError, match="nothing was imported"):
        _import(tmp_path, english, "--no-progress", "--language", "ar", name="faqs.jsonl")
    assert FAQ.objects.count() == 4
