import io

from django.core.management import CommandError, call_command

import pytest

from content.models import FAQ, Topic

CSV = """question,answer,short_answer,topic,keywords,source_url
Is the tap water safe?,Boil it for one minute.,Boil first.,Water,"water, safe",https://example.org/faq/1
When is trash pickup?,"Every Monday.

Holidays shift it a day.",Mondays.,Trash,garbage,
"""


def _import(tmp_path, text, name="faqs.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_faqs", str(path), "--no-progress", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_importing_twice_updates_and_never_duplicates(tmp_path):
    first = _import(tmp_path, CSV)
    assert "2 created" in first
    second = _import(tmp_path, CSV.replace("Mondays.", "Mondays at 7 a.m."))
    assert "0 created, 1 updated, 1 unchanged" in second
    assert FAQ.objects.count() == 2
    assert FAQ.objects.get(question="When is trash pickup?").short_answer == "Mondays at 7 a.m."
    assert set(Topic.objects.values_list("name", flat=True)) == {"Water", "Trash"}
    faq = FAQ.objects.get(question="When is trash pickup?")
    assert faq.live and faq.answer.count("<p>") == 2


@pytest.mark.django_db
def test_bad_rows_are_reported_per_line_and_nothing_is_imported(tmp_path, capsys):
    bad = CSV + ",No question here,,,,\nA question?,Answer," + "x" * 301 + ",,,not a url,extra\n"
    with pytest.raises(CommandError, match="nothing was imported"):
        _import(tmp_path, bad)
    err = capsys.readouterr().err
    assert "line 6: question is empty" in err
    assert "line 7: 1 more value(s) than columns" in err
    assert "line 7: short_answer is 301 characters (max 300)" in err
    assert "line 7: source_url is not a valid URL" in err
    assert FAQ.objects.count() == 0


@pytest.mark.django_db
def test_missing_required_column_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(CommandError):
        _import(tmp_path, "question,short_answer\nQ?,A\n")
    assert "Missing column(s): answer" in capsys.readouterr().err
