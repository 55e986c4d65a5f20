from datetime import timedelta

from django.core import mail
from django.utils import timezone

import pytest

from alerts.admin_views import attention_items
from content.models import FAQ
from search import analytics
from search.models import DailyQueryStat, GapStatus, HelpfulVote, SearchEvent
from tests.helpers.content import make_faq


def _events(query, n, source="web", ago=timedelta(minutes=5)):
    SearchEvent.objects.bulk_create([
        SearchEvent(query=query, result_count=0, backend="database", source=source,
                    flag="agent" if source == "agent" else "no_results",
                    created_at=timezone.now() - ago) for _ in range(n)])


@pytest.mark.django_db
def test_report_counts_web_and_phone_together_with_trend(admin_client):
    _events("generator rebate", 4)
    _events("generator rebate", 2, source="agent")
    _events("generator rebate", 1, ago=timedelta(days=10))  # previous 7-day period
    response = admin_client.get("/admin/reports/search-gaps/?period=7d")
    row = next(r for r in response.context["rows"] if r["query"] == "generator rebate")
    assert (row["total"], row["web"], row["agent"], row["previous"], row["trend"]) == (6, 4, 2, 1, 5)
    response = admin_client.get("/admin/reports/search-gaps/?period=7d&export=csv")
    csv = b"".join(response.streaming_content).decode()
    assert 'generator rebate,6,4,2,"No results: 4; Agent: caller asked, no answer: 2",1,5,' in csv


@pytest.mark.django_db
def test_one_click_draft_faq_and_mark_handled(admin_client):
    _events("sandbag pickup", 3)
    response = admin_client.post("/admin/reports/search-gaps/act/",
                                 {"query": "sandbag pickup", "action": "draft_faq"})
    faq = FAQ.objects.get(question="Sandbag pickup?")
    assert not faq.live and response["Location"].endswith(f"/edit/{faq.pk}/")
    rows = admin_client.get("/admin/reports/search-gaps/").context["rows"]
    assert "sandbag pickup" not in [r["query"] for r in rows]
    _events("sandbag pickup", 1, ago=timedelta(0))  # asked again later: back in the queue
    rows = admin_client.get("/admin/reports/search-gaps/").context["rows"]
    assert "sandbag pickup" in [r["query"] for r in rows]


@pytest.mark.django_db
def test_add_synonym_form_is_prefilled(admin_client):
    response = admin_client.post("/admin/reports/search-gaps/act/",
                                 {"query": "rubbish", "action": "synonym"})
    form = admin_client.get(response["Location"]).context["form"]
    assert form.initial["terms"] == "rubbish"


@pytest.mark.django_db
def test_spike_notifies_once_per_window(django_user_model):
    from django.contrib.auth.models import Group

    comms = django_user_model.objects.create_user("comms", "comms@portalder.example", "pw")
    comms.groups.add(Group.objects.get_or_create(name="Communications")[0])
    _events("shelter dogs", 20)
    assert [s["query"] for s in analytics.flag_spikes()] == ["shelter dogs"]
    assert analytics.flag_spikes() == []
    assert any("shelter dogs" in m.body and "comms@portalder.example" in m.to for m in mail.outbox)
    # ...and crisis control lists it (search adds it through the attention-items hook),
    # until someone marks it handled.
    items = [item for item in attention_items() if item.kind == "Search gap spike"]
    assert [(item.text, item.url) for item in items] == [("“shelter dogs”",
                                                          "/admin/reports/search-gaps/")]
    analytics.mark_handled("shelter dogs", comms)
    assert not [item for item in attention_items() if item.kind == "Search gap spike"]


@pytest.mark.django_db
def test_rollup_is_idempotent_and_survives_purge():
    _events("ice on bridge", 3, ago=timedelta(days=40))
    _events("fresh snow", 2, ago=timedelta(minutes=5))  # a later repeat may still flag these
    analytics.roll_up()
    analytics.roll_up()
    assert not DailyQueryStat.objects.filter(query="fresh snow").exists()
    assert not GapStatus.objects.exists()  # the watermark is not a fake gap-queue row
    stat = DailyQueryStat.objects.get(query="ice on bridge")
    assert (stat.searches, stat.unanswered) == (3, 3)
    assert analytics.purge_old_events() == 3
    assert DailyQueryStat.objects.get(query="ice on bridge").searches == 3


@pytest.mark.django_db
def test_helpful_vote_without_javascript_once_per_reader(client, site):
    faq = make_faq()
    data = {"target_type": "faq", "target_id": faq.pk, "helpful": "no", "comment": "Too vague",
            "next": faq.get_absolute_url()}
    assert client.post("/search/helpful", data).status_code == 200
    client.post("/search/helpful", data)
    vote = HelpfulVote.objects.get()
    assert (vote.helpful, vote.comment) == (False, "Too vague")


@pytest.mark.django_db
def test_gap_csv_cannot_carry_spreadsheet_formulas(admin_client, site, django_user_model):
    from django.contrib.auth.models import Group
    from django.test import Client

    agent = django_user_model.objects.create_user("agent", "a@x.example", "pw")
    agent.groups.add(Group.objects.get(name="Agents"))
    agent_client = Client()
    agent_client.force_login(agent)
    agent_client.post("/agents/gap/", {"question": '=hyperlink("http://evil.example","open")'})
    _events("+1+1", 2)
    _events("-2+3", 1)
    response = admin_client.get("/admin/reports/search-gaps/?period=7d&export=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8", response.status_code
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    cells = [line.split(",")[0] for line in lines[1:]]
    assert "'+1+1" in cells and "'-2+3" in cells
    assert any(cell.startswith('"\'=hyperlink') for cell in cells), cells
    assert not any(cell.lstrip('"').startswith(("=", "+", "-", "@")) for cell in cells)


@pytest.mark.django_db
def test_gap_report_filters_by_language_and_exports_xlsx(admin_client):
    from io import BytesIO

    from openpyxl import load_workbook

    SearchEvent.objects.create(query="agua hervida", result_count=0, language="es",
                               flag="no_results")
    _events("=cmd|calc", 1)
    english = admin_client.get("/admin/reports/search-gaps/", {"lang": "en"}).context["rows"]
    spanish = admin_client.get("/admin/reports/search-gaps/results/", {"lang": "es"})
    assert [r["query"] for r in spanish.context["rows"]] == ["agua hervida"]
    assert "agua hervida" not in [r["query"] for r in english]
    assert "<html" not in spanish.content.decode()  # the results fragment filters refresh
    response = admin_client.get("/admin/reports/search-gaps/", {"period": "30d",
                                                                 "export": "xlsx"})
    assert response["Content-Disposition"].endswith('search-gaps-30d.xlsx"')
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    cells = {row[0].value: row[0].data_type for row in sheet.iter_rows(min_row=2)}
    assert cells == {"agua hervida": "s", "=cmd|calc": "s"}  # text, never a formula


@pytest.mark.django_db
def test_gap_report_is_for_content_staff_only(client, django_user_model):
    from django.contrib.auth.models import Group

    agent = django_user_model.objects.create_user("agent2", "a2@x.example", "pw")
    agent.groups.add(Group.objects.get(name="Agents"))
    client.force_login(agent)
    response = client.get("/admin/reports/search-gaps/?export=csv")
    assert response.status_code in (302, 403) and "text/csv" not in response.get(
        "Content-Type", "")


@pytest.mark.django_db
def test_the_per_day_chart_has_todays_bar_before_and_after_the_roll_up(admin_client):
    """Today's unanswered searches show at once (the roll-up waits for late evidence), and
    are counted once when it has run."""
    _events("sandbag pickup", 3, ago=timedelta(minutes=1))
    _events("ice on bridge", 2, ago=timedelta(days=2))
    today = timezone.localdate()

    def chart():
        response = admin_client.get("/admin/reports/search-gaps/?period=7d")
        return {day: n for day, n, _ in response.context["chart"]}

    before = chart()
    assert before[today] == 3 and before[today - timedelta(days=2)] == 2
    analytics.roll_up()
    assert DailyQueryStat.objects.filter(query="ice on bridge").exists()  # rolled up now
    assert chart() == before
