"""Issue 24 points 11 and 12: staff write the message inside "New alert" (a draft Message
that still goes through review or break-glass), one click makes one draft, the message
picker says which draft is which, and draft alerts can be edited, deleted and are flagged
once their story has ended."""

import re

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import Locale

import pytest

from alerts import publishing
from alerts.models import Alert
from content.models import Message
from tests.alerts.test_outbox import make_alert
from tests.helpers.areas import city_areas
from tests.helpers.content import make_message

NEW = reverse("crisis_control:create")


def text(response):
    """The page as a person reads it: tags dropped, entities kept simple, spaces squeezed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(a|strong|em|span|bdi|b|i|code)\b[^>]*>", "", html)  # inline
    words = re.sub(r"<[^>]+>", " ", html).replace("&amp;", "&").replace("&#x27;", "'")
    return " ".join(words.split())


def written(areas, **extra):
    data = {"message_source": "write", "headline": "Water main break in Old Town",
            "body": "Crews are fixing a broken main on Elm St.\n\nWater returns by 6 PM.",
            "sms_text": "Old Town: no water until 6 PM. Bottled water at City Hall.",
            "submit_for_review": "on", "event": "Water main break", "status": "Actual",
            "category": "Infra", "severity": "Moderate", "urgency": "Expected",
            "certainty": "Observed", "areas": [areas["east-hill"].pk], "geocodes": "{}",
            "submission_key": "k-1"}
    data.update(extra)
    return data


@pytest.mark.django_db
def test_staff_write_the_message_in_the_new_alert_flow(admin_client, site):
    areas = city_areas()
    form = text(admin_client.get(NEW))
    for words in ("Write the message here", "Headline", "What happened and what to do",
                  "SMS text", "Or use a message already written"):
        assert words in form
    response = admin_client.post(NEW, written(areas))
    alert = Alert.objects.get()
    assert response["Location"] == reverse("crisis_control:detail", args=[alert.pk])
    message = alert.message
    assert message.locale == Locale.get_default() and not message.live
    assert message.headline == "Water main break in Old Town"
    assert message.body == ("<p>Crews are fixing a broken main on Elm St.</p>"
                            "<p>Water returns by 6 PM.</p>")
    assert message.latest_revision.user == admin_client.user
    assert message.current_workflow_state is not None  # sent for review
    detail = text(admin_client.get(response["Location"]))
    assert "Water main break in Old Town: in review · saved" in detail
    assert "Water main break — East Hill" in detail
    # still goes through review or break-glass, as a message written in Crisis content
    refused = text(admin_client.post(reverse("crisis_control:publish", args=[alert.pk]),
                                     {"when": "now", "confirm_missing_translations": "on"},
                                     follow=True))
    assert "must be approved and published (or use break-glass)" in refused
    admin_client.post(reverse("crisis_control:publish", args=[alert.pk]),
                      {"when": "now", "confirm_missing_translations": "on",
                       "break_glass": "on"})
    alert.refresh_from_db()
    message.refresh_from_db()
    assert alert.state == "active" and alert.break_glass and message.live


@pytest.mark.django_db
def test_written_message_is_checked_like_the_message_editor(admin_client, site):
    areas = city_areas()
    page = text(admin_client.post(NEW, written(areas, sms_text="", headline="")))
    assert "Write a headline." in page and "Write the SMS text (what to do)." in page
    page = text(admin_client.post(NEW, written(areas, sms_text="ł" * 250)))
    assert "segments" in page  # the SMS length rule of content.text_rules
    # a headline of control characters alone is blank once cleaned (a fuzzed "\x08" got
    # past the form and failed the model's check on save: a 500)
    page = text(admin_client.post(NEW, written(areas, headline="\x08")))
    assert "Write a headline." in page
    assert not Alert.objects.exists() and not Message.objects.exists()


@pytest.mark.django_db
def test_a_double_submit_makes_one_alert_and_one_message(admin_client, site):
    areas = city_areas()
    first = admin_client.post(NEW, written(areas))
    second = admin_client.post(NEW, written(areas), follow=True)
    assert Alert.objects.count() == 1 and Message.objects.count() == 1
    assert second.redirect_chain[0][0] == first["Location"]
    assert "This alert was already saved (the form was sent twice)" in text(second)
    admin_client.post(NEW, written(areas, submission_key="k-2"))  # a new form: a new alert
    assert Alert.objects.count() == 2


@pytest.mark.django_db
def test_message_picker_labels_status_time_and_author(admin_client, site, django_user_model):
    ada = django_user_model.objects.create_user("ada", "ada@example.org", "pw",
                                                first_name="Ada", last_name="Lovelace")
    make_message(headline="Boil water in Old Town")  # published
    finished = Message.objects.create(headline="Crews are on Elm St", live=False,
                                      body="<p>Crews are fixing the main.</p>",
                                      sms_text="No water until 6 PM.")
    finished.save_revision(user=ada)
    abandoned = Message.objects.create(headline="Crews are", live=False, body="<p>Crews</p>")
    abandoned.save_revision(user=ada)  # what an abandoned autosave leaves
    html = admin_client.get(NEW).content.decode()
    picker = html[html.index('name="message"'):html.index("</select>", html.index('name="message"'))]
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', picker, flags=re.S)
    labels = {group: re.findall(r">([^<]+)</option>", options) for group, options in groups}
    assert [label.split(" · ")[0] for label in labels["Published"]] == [
        "Boil water in Old Town — published"]
    [draft] = labels["Drafts (need review or break-glass)"]
    assert re.fullmatch(r"Crews are on Elm St — draft, never published · saved "
                        r"[A-Z][a-z]{2} \d+, \d+:\d\d [AP]M C[SD]T by Ada Lovelace", draft)
    [unfinished] = labels["Unfinished: cannot go out yet"]
    assert unfinished.startswith("Crews are — unfinished (no SMS text) · saved ")
    assert unfinished.endswith(" by Ada Lovelace")


@pytest.mark.django_db
def test_a_draft_alert_can_be_edited_and_deleted(admin_client, site):
    areas = city_areas()
    admin_client.post(NEW, written(areas))
    alert = Alert.objects.get()
    detail = text(admin_client.get(reverse("crisis_control:detail", args=[alert.pk])))
    assert "Edit draft" in detail and "Delete" in detail
    edit_url = reverse("crisis_control:edit", args=[alert.pk])
    form = admin_client.get(edit_url).content.decode()
    assert "Crews are fixing a broken main on Elm St." in form  # the draft's words, to change
    admin_client.post(edit_url, written(areas, headline="Water main break: Old Town",
                                        event="Water outage", submission_key=""))
    alert.refresh_from_db()
    assert (alert.event, alert.headline) == ("Water outage", "Water main break: Old Town")
    assert Message.objects.count() == 1  # the same draft message, changed
    confirm = text(admin_client.get(reverse("crisis_control:delete", args=[alert.pk])))
    assert "Delete this draft alert?" in confirm
    done = admin_client.post(reverse("crisis_control:delete", args=[alert.pk]), follow=True)
    assert "Draft alert “Water main break: Old Town” deleted." in text(done)
    assert not Alert.objects.exists()


@pytest.mark.django_db
def test_a_published_alert_is_neither_edited_nor_deleted(admin_client, site):
    alert = publishing.publish(make_alert())
    detail = text(admin_client.get(reverse("crisis_control:detail", args=[alert.pk])))
    assert "Edit draft" not in detail
    page = text(admin_client.get(reverse("crisis_control:edit", args=[alert.pk]), follow=True))
    assert "Only a draft can be edited; this alert is active." in page
    admin_client.post(reverse("crisis_control:delete", args=[alert.pk]))
    assert Alert.objects.filter(pk=alert.pk).exists()


@pytest.mark.django_db
def test_a_draft_whose_story_was_cancelled_is_flagged_stale(admin_client, site):
    message = make_message(headline="Harbor Bridge closed")
    live = publishing.publish(make_alert(message=message))
    draft = make_alert(message=message, event="Bridge closure, day 2")
    fresh = make_alert(message=make_message(headline="Cooling centre open"))
    index = text(admin_client.get(reverse("crisis_control:index")))
    drafts_part = index[index.index("Drafts and scheduled"):index.index("Recently ended")]
    assert "Harbor Bridge closed" in drafts_part and "Stale" not in drafts_part
    publishing.cancel(live)
    index = text(admin_client.get(reverse("crisis_control:index")))
    drafts_part = index[index.index("Drafts and scheduled"):index.index("Stale drafts")]
    stale_part = index[index.index("Stale drafts"):index.index("Recently ended")]
    assert "Cooling centre open" in drafts_part and "Harbor Bridge closed" not in drafts_part
    assert "Harbor Bridge closed" in stale_part and "Its story was cancelled" in stale_part
    detail = text(admin_client.get(reverse("crisis_control:detail", args=[draft.pk])))
    assert "Stale draft. Its story was cancelled" in detail
    assert fresh.pk and draft.pk


@pytest.mark.django_db
def test_communications_write_and_delete_drafts_others_may_not_write(client, site,
                                                                     django_user_model):
    areas = city_areas()
    comms = django_user_model.objects.create_user("comms", "c@x.example", "pw")
    comms.groups.add(Group.objects.get(name="Communications"))
    client.force_login(comms)
    client.post(NEW, written(areas))
    alert = Alert.objects.get()
    client.post(reverse("crisis_control:delete", args=[alert.pk]))
    assert not Alert.objects.exists()
    alerts_only = django_user_model.objects.create_user("eoc", "e@x.example", "pw")
    alerts_only.user_permissions.add(*Permission.objects.filter(
        codename__in=["access_admin", "view_alert", "add_alert"]))
    client.force_login(alerts_only)
    page = text(client.post(NEW, written(areas, submission_key="k-9")))
    assert "You may not write messages: choose one already written." in page
    assert not Alert.objects.exists() and Message.objects.count() == 1


def update_url(alert):
    return reverse("crisis_control:update", args=[alert.pk])


def written_update(**extra):
    data = {"message_source": "write", "headline": "Water main repaired in Old Town",
            "body": "The main on Elm St. is fixed.\n\nRun taps for a minute.",
            "sms_text": "Old Town: water is back. Run taps 1 min.", "submit_for_review": "on",
            "severity": "Minor", "confirm_missing_translations": "on",
            "submission_key": "u-1"}
    data.update(extra)
    return data


@pytest.mark.django_db
def test_staff_write_the_update_message_in_the_update_form(admin_client, site):
    """Issue 24 leftover (b): "Update" offers "Write the message here" like "New alert"
    (the same form code): the words become a draft message in review and a draft update,
    published like any draft; a double submit makes one of each."""
    original = publishing.publish(make_alert(message=make_message(headline="Water main break")),
                                  confirm_missing_translations=True)
    detail = reverse("crisis_control:detail", args=[original.pk])
    page = text(admin_client.get(detail))
    for words in ("Update", "Write the message here", "Or use a message already written",
                  "SMS text", "Break glass: publish the message written here"):
        assert words in page
    first = admin_client.post(update_url(original), written_update())
    second = admin_client.post(update_url(original), written_update(), follow=True)
    update = Alert.objects.get(references=original)
    assert first["Location"] == reverse("crisis_control:detail", args=[update.pk])
    assert second.redirect_chain[0][0] == first["Location"]
    assert "This update was already saved (the form was sent twice)" in text(second)
    assert Message.objects.filter(headline="Water main repaired in Old Town").count() == 1
    message = update.message
    assert (update.msg_type, update.state, update.severity) == ("Update", "draft", "Minor")
    assert not message.live and message.current_workflow_state is not None
    assert message.body == "<p>The main on Elm St. is fixed.</p><p>Run taps for a minute.</p>"
    original.refresh_from_db()
    assert original.state == "active"  # nothing went out yet
    # Published like any draft: after review, or with break-glass from its page.
    admin_client.post(reverse("crisis_control:publish", args=[update.pk]),
                      {"when": "now", "confirm_missing_translations": "on", "break_glass": "on"})
    update.refresh_from_db()
    original.refresh_from_db()
    assert (update.state, original.state) == ("active", "updated") and update.break_glass


@pytest.mark.django_db
def test_a_written_update_with_break_glass_goes_out_at_once(admin_client, site):
    original = publishing.publish(make_alert(), confirm_missing_translations=True)
    admin_client.post(update_url(original), written_update(break_glass="on",
                                                           submission_key="u-2"))
    update = Alert.objects.get(references=original)
    original.refresh_from_db()
    assert (update.state, original.state) == ("active", "updated")
    assert update.break_glass and update.message.live
    assert update.message.headline == "Water main repaired in Old Town"


@pytest.mark.django_db
def test_a_written_update_with_missing_words_comes_back_with_them(admin_client, site):
    original = publishing.publish(make_alert(), confirm_missing_translations=True)
    response = admin_client.post(update_url(original), written_update(sms_text=""))
    assert response.status_code == 200
    page = text(response)
    assert "Write the SMS text (what to do)." in page
    assert 'value="Water main repaired in Old Town"' in response.content.decode()
    assert not Alert.objects.filter(references=original).exists()
    assert not Message.objects.filter(headline="Water main repaired in Old Town").exists()
    # Choosing a published message still publishes the update at once.
    chosen = make_message(headline="Boil water lifted")
    admin_client.post(update_url(original), {"message_source": "choose", "message": chosen.pk,
                                             "severity": "Minor",
                                             "confirm_missing_translations": "on"})
    update = Alert.objects.get(references=original)
    assert update.state == "active" and update.message == chosen


@pytest.mark.django_db
def test_words_written_with_the_choice_left_on_a_written_message_are_not_dropped(admin_client,
                                                                                site):
    """A crisis-day probe typed a new headline and body in the update form, left the choice
    on "Use a message already written" and pressed Publish: its words were dropped and the
    old message went out again to every channel. It is refused, the words kept."""
    original = publishing.publish(make_alert(), confirm_missing_translations=True)
    response = admin_client.post(update_url(original), written_update(
        message_source="choose", message=original.message_id))
    assert response.status_code == 200
    assert "You wrote a message here, but “Use a message already written” is chosen." in text(
        response)
    assert 'value="Water main repaired in Old Town"' in response.content.decode()
    assert not Alert.objects.filter(references=original).exists()


@pytest.mark.django_db
def test_the_update_form_starts_from_the_alerts_areas_and_times(admin_client, site):
    """The probe ticked one new area and the alert lost its two; its promised next update
    was cleared without a word."""
    from datetime import timedelta

    from django.utils import timezone

    areas = city_areas()
    alert = make_alert(next_update_by=timezone.now() + timedelta(hours=3))
    alert.areas.set([areas["east-hill"], areas["harbor"]])
    original = publishing.publish(alert, confirm_missing_translations=True)
    page = admin_client.get(reverse("crisis_control:detail", args=[original.pk]))
    form = page.context["update_form"]
    assert set(form.initial["areas"]) == {areas["east-hill"].pk, areas["harbor"].pk}
    assert form.initial["next_update_by"] == original.next_update_by
    html = page.content.decode()
    for area in ("east-hill", "harbor"):
        assert re.search(rf'value="{areas[area].pk}"[^>]*checked', html), area


@pytest.mark.django_db
def test_a_refused_chosen_update_comes_back_as_sent(admin_client, site):
    """The probe's update refused for missing translations came back with everything it
    had typed and ticked erased."""
    original = publishing.publish(make_alert(), confirm_missing_translations=True)
    chosen = make_message(headline="Boil water lifted")
    response = admin_client.post(update_url(original), {
        "message_source": "choose", "message": chosen.pk, "severity": "Minor",
        "submission_key": "u-9"})
    assert response.status_code == 200
    page = text(response)
    assert "translation" in page.lower()
    assert re.search(r'<option value="Minor" selected', response.content.decode())
    assert not Alert.objects.filter(references=original).exists()
