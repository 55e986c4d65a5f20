"""A crisis-day probe: at 5 pm the boil-water notice was lifted, and crisis control could
only say "no longer in force" — no "tap water is safe again, run the taps for two
minutes". A cancel now takes closing words (a published message) in crisis control and in
the API; the preview shows them before the confirm button sends them."""

from django.urls import reverse

import pytest

from alerts import publishing
from alerts.api import issue_token
from alerts.models import Alert
from tests.alerts.test_outbox import make_alert
from tests.alerts.test_subscriptions import confirmed, spanish_copy
from tests.helpers.content import make_message
from tests.helpers.sms import sms, texts  # noqa: F401 - the sms fixture


def live_boil_notice():
    message = make_message(headline="Boil water in East Hill",
                           sms_text="Boil tap water 1 minute before drinking.")
    return publishing.publish(make_alert(message=message, area_desc="East Hill"))


def all_clear():
    message = make_message(headline="Tap water is safe again in East Hill",
                           body="<p>Testing found the water safe.</p>",
                           sms_text="Run each cold tap for 2 minutes, then drink as usual.")
    spanish_copy(message, "El agua del grifo vuelve a ser segura en East Hill",
                 "Abra cada grifo de agua fría 2 minutos y beba como siempre.")
    return message


@pytest.mark.django_db
def test_crisis_control_cancels_with_closing_words_previewed_first(
        admin_client, site, smtp_server, sms):  # noqa: F811
    confirmed("carla@example.org", whole_city=True)
    confirmed("+15550102000", whole_city=True, kind="sms", language="es")
    alert = live_boil_notice()
    closing = all_clear()
    make_message(publish=False, headline="Half-written all clear")
    url = reverse("crisis_control:cancel", args=[alert.pk])

    page = admin_client.get(url).content.decode()
    assert "Closing words" in page and closing.headline in page
    assert "Half-written all clear" not in page  # a draft cannot close an alert
    assert page.count("Boil water in East Hill</option>") == 0  # nor the alert's own words
    assert "without closing words" in page

    preview = admin_client.post(url, {"preview": "1", "closing": closing.pk}).content.decode()
    assert "Run each cold tap for 2 minutes" in preview
    # what texts and emails will say, in each subscriber's language (a probe saw counts only)
    assert "Text (Español): TERMINADO: Boil water in East Hill. Abra cada grifo" in preview
    assert "Subject (English): Ended: Boil water in East Hill" in preview
    assert f'name="previewed" value="{closing.pk}"' in preview  # the confirm carries them
    assert f"with “{closing.headline}”" in preview
    assert alert.followups.count() == 0  # a preview sends nothing

    admin_client.post(url, {"confirm": "yes", "closing": closing.pk, "previewed": closing.pk})
    alert.refresh_from_db()
    assert alert.state == Alert.State.CANCELLED
    ended = alert.followups.get()
    assert ended.msg_type == Alert.MsgType.CANCEL and ended.message_id == closing.pk
    mail = smtp_server.to("carla@example.org")[-1]
    body = mail.get_content()
    assert "Run each cold tap for 2 minutes" in body
    assert "Boil tap water" not in body  # never the ended instructions
    text = texts(sms)[-1]["Body"][0]
    # in the subscriber's language; the ended alert's headline had no Spanish copy
    assert text.startswith("TERMINADO: Boil water in East Hill. Abra cada grifo"), text
    assert "Boil tap water" not in text


@pytest.mark.django_db
def test_closing_words_chosen_but_not_previewed_are_previewed_not_dropped(admin_client, site):
    """A probe chose closing words and pressed "Yes, cancel" without previewing: the words
    sat in another form and the cancel went out without them."""
    alert = live_boil_notice()
    closing = all_clear()
    url = reverse("crisis_control:cancel", args=[alert.pk])
    page = admin_client.post(url, {"confirm": "yes", "closing": closing.pk,
                                   "previewed": "none"}).content.decode()
    assert "not the ones previewed" in page and "Run each cold tap" in page
    assert not alert.followups.exists()
    admin_client.post(url, {"confirm": "yes", "closing": closing.pk, "previewed": closing.pk})
    assert alert.followups.get().message_id == closing.pk
    page = admin_client.get(url).content.decode()  # now over: no form to send again
    assert "Nothing to cancel" in page and 'name="confirm"' not in page


@pytest.mark.django_db
def test_closing_words_are_never_another_live_alerts_words(admin_client, site):
    alert = live_boil_notice()
    other = publishing.publish(make_alert(message=make_message(headline="Pool closed"),
                                          area_desc="Citywide"))
    page = admin_client.get(reverse("crisis_control:cancel", args=[alert.pk])).content.decode()
    assert "Pool closed</option>" not in page
    publishing.cancel(other)
    page = admin_client.get(reverse("crisis_control:cancel", args=[alert.pk])).content.decode()
    assert "Pool closed</option>" in page  # its alert ended: its words are free again


@pytest.mark.django_db
def test_a_draft_as_closing_words_is_refused_and_the_alert_stays_live(admin_client, site):
    alert = live_boil_notice()
    draft = make_message(publish=False, headline="Half-written all clear")
    response = admin_client.post(reverse("crisis_control:cancel", args=[alert.pk]),
                                 {"confirm": "yes", "closing": draft.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    alert.refresh_from_db()
    assert alert.state == Alert.State.ACTIVE and not alert.followups.exists()
    with pytest.raises(publishing.ValidationError, match="not published yet"):
        publishing.cancel(alert, message=draft)
    assert not alert.followups.exists()


@pytest.mark.django_db
def test_the_api_cancels_with_closing_words(client, django_user_model, site):
    user = django_user_model.objects.create_superuser("eoc", "eoc@x.example", "pw")
    auth = {"HTTP_AUTHORIZATION": f"Token {issue_token(user)}"}
    alert = live_boil_notice()
    draft = make_message(publish=False, headline="Half-written all clear")
    url = f"/api/v1/alerts/{alert.pk}/cancel/"
    refused = client.post(url, {"message_id": draft.pk}, content_type="application/json",
                          **auth)
    assert refused.status_code == 400 and "not published yet" in refused.json()["error"]
    missing = client.post(url, {"message_id": 999999}, content_type="application/json", **auth)
    assert missing.status_code == 400 and "No message with id 999999" in str(missing.json())
    assert Alert.objects.get(pk=alert.pk).state == Alert.State.ACTIVE
    closing = all_clear()
    done = client.post(url, {"message_id": closing.pk}, content_type="application/json", **auth)
    assert done.status_code == 200, done.content
    assert done.json()["msgType"] == "Cancel" and done.json()["message_id"] == closing.pk
    assert done.json()["headline"] == closing.headline


@pytest.mark.django_db
def test_closing_words_name_the_alert_they_end_on_every_channel(site, smtp_server, sms):  # noqa: F811
    """"CANCELLED: Run each cold tap for 2 minutes" reads as if the advice were cancelled:
    closing words go out after the headline of the alert they end."""
    from alerts.channels.x import compose_post

    confirmed("carla@example.org", whole_city=True)
    confirmed("ana@example.org", whole_city=True, language="es")
    confirmed("+15550102000", whole_city=True, kind="sms")
    alert = live_boil_notice()
    spanish_copy(alert.message, "Hierva el agua en East Hill", "Hierva el agua 1 minuto.")
    ended = publishing.cancel(alert, message=all_clear())
    english = smtp_server.to("carla@example.org")[-1]
    assert english["Subject"] == "Ended: Boil water in East Hill"
    body = english.get_content().replace("\r\n", "\n")
    assert body.startswith("This ends the alert “Boil water in East Hill”.\n\n"  # noqa
                           "Tap water is safe again in East Hill\n"), body
    assert "What to do: Run each cold tap for 2 minutes" in body
    spanish = smtp_server.to("ana@example.org")[-1]
    assert spanish["Subject"] == "Terminado: Hierva el agua en East Hill"
    assert "Con esto termina el aviso «Hierva el agua en East Hill»." in spanish.get_content()
    assert texts(sms)[-1]["Body"][0].startswith(
        "ENDED: Boil water in East Hill. Run each cold tap for 2 minutes")
    assert compose_post(Alert.objects.get(pk=ended.pk)).startswith(
        "ENDED: Boil water in East Hill. Social ")


@pytest.mark.django_db
def test_the_pages_residents_open_show_the_closing_words_as_current(client, site):
    """The all-clear's page said "no longer in force ... do not follow it" over "Run each
    cold tap": closing words are what to do now; the 6 am email's link leads to them."""
    from tests.helpers.content import make_hub

    hub = make_hub()
    alert = live_boil_notice()
    closing = all_clear()
    ended = publishing.cancel(alert, message=closing)
    old_link = client.get(f"/alerts/{alert.pk}/")
    assert old_link.status_code == 302 and old_link["Location"] == f"/alerts/{ended.pk}/"
    page = client.get(f"/alerts/{ended.pk}/").content.decode()
    assert "The alert “Boil water in East Hill” has ended. These are its closing words." in page
    assert "What to do now" in page and "Run each cold tap for 2 minutes" in page
    assert "do not follow it" not in page and "Boil tap water" not in page
    spanish = client.get(f"/es/alerts/{ended.pk}/").content.decode()
    assert "Abra cada grifo de agua fría" in spanish and "Qué hacer ahora" in spanish
    assert "El aviso «Boil water in East Hill» terminó. Estas son sus palabras de cierre." \
        in spanish
    hub_page = client.get(hub.url).content.decode()
    assert "Tap water is safe again in East Hill" in hub_page
    assert f'href="/alerts/{ended.pk}/"' in hub_page
    assert "Boil water in East Hill" not in hub_page  # not the ended words, marked Cancelled


@pytest.mark.django_db
def test_a_cancel_without_closing_words_still_shows_what_it_ended_as_cancelled(client, site):
    alert = live_boil_notice()
    ended = publishing.cancel(alert)
    for pk in (alert.pk, ended.pk):
        page = client.get(f"/alerts/{pk}/").content.decode()
        assert "do not follow it" in page and "closing words" not in page
        assert "What it said" in page and "What to do now" not in page



@pytest.mark.django_db
def test_agents_see_what_ended_and_read_the_all_clear(client, django_user_model, site):
    """At 5 pm the console went blank ("No active crisis scripts") while callers asked
    whether the water was safe again: an alert ended in the last two days stays on the
    console as ended, with its closing words' script to read and acknowledge."""
    from django.contrib.auth.models import Group

    agent = django_user_model.objects.create_user("agent1", "a1@x.example", "pw")
    agent.groups.add(Group.objects.get(name="Agents"))
    client.force_login(agent)
    lifted = live_boil_notice()
    closing = make_message(headline="Boil water lifted in East Hill",
                           script_say="Tell callers the water is safe; run taps 2 minutes.")
    publishing.cancel(lifted, message=closing)
    other = publishing.publish(make_alert(message=make_message(
        headline="Pool closed", script_say="Tell callers the pool is closed."),
        area_desc="Citywide"))
    publishing.cancel(other)

    page = client.get("/agents/").content.decode()
    assert "Ended in the last two days" in page
    assert "Ended: Boil water in East Hill" in page
    assert "Tell callers the water is safe; run taps 2 minutes." in page
    assert "Ended: Pool closed" in page
    assert "tell callers not to follow its earlier instructions" in page
    assert "Tell callers the pool is closed." not in page  # never the old instructions
    version = closing.script_version
    assert f'name="version" value="{version}"' in page  # the all-clear is acknowledged
    client.post(f"/agents/ack/{closing.pk}/", {"version": version})
    page = client.get("/agents/").content.decode()
    assert f"You have read version {version}." in page


@pytest.mark.django_db
def test_the_all_clear_leads_the_hub_and_home_page_and_reads_right_in_the_feed(client, site):
    """A probe's all-clear was the last row of the hub and missing from the home page's
    three; the feed read "Cancel: All clear ... (Cancelled)"; cancelled rows on the hub
    showed their old instructions with no warning."""
    from tests.helpers.content import make_hub, override_crisis_mode

    hub = make_hub()
    alert = live_boil_notice()
    bridge = publishing.publish(make_alert(message=make_message(
        headline="Harbor Bridge closed", body="<p>Use the Mill Street crossing.</p>"),
        area_desc="Harbor"))
    for n in range(3):
        publishing.publish(make_alert(message=make_message(headline=f"Shelter {n} open"),
                                      area_desc="Citywide"))
    publishing.cancel(bridge)
    ended = publishing.cancel(alert, message=all_clear())
    page = client.get(hub.url).content.decode()
    page = page[page.index('id="updates-title"'):]  # the banner above names live alerts
    assert page.index("Tap water is safe again") < page.index("Shelter 2 open")
    assert page.index("Shelter 0 open") < page.index("Harbor Bridge closed")
    bridge_row = page[page.index("Harbor Bridge closed"):]
    assert bridge_row.index("do not follow it") < bridge_row.index("Use the Mill Street")
    with override_crisis_mode(hub_page=hub):
        home = client.get("/").content.decode()
    assert "Tap water is safe again in East Hill" in home
    feed = client.get("/alerts/feed.atom").content.decode()
    assert ("<title>Tap water is safe again in East Hill (ends “Boil water in East Hill”)"
            "</title>") in feed
    assert f"/alerts/{ended.pk}/" in feed
    assert "<title>Cancel: Harbor Bridge closed (Cancelled)</title>" in feed


@pytest.mark.django_db
def test_a_partner_webhook_never_repeats_a_cancelled_alerts_instructions(site):
    from alerts.channels.webhooks import payload_for

    alert = live_boil_notice()
    plain = payload_for(publishing.cancel(alert))
    assert plain["body"] == "This alert is no longer in force." and plain["sms"] == ""
    other = publishing.publish(make_alert(message=make_message(headline="Pool closed",
                                                               sms_text="Stay out."),
                                          area_desc="Citywide"))
    closing = all_clear()
    words = payload_for(publishing.cancel(other, message=closing))
    assert words["sms"] == closing.sms_text and "Testing found" in words["body"]


@pytest.mark.django_db
def test_the_ended_alerts_admin_page_leads_to_what_ended_it(admin_client, site):
    from datetime import timedelta

    from django.utils import timezone

    alert = live_boil_notice()
    Alert.objects.filter(pk=alert.pk).update(next_update_by=timezone.now() + timedelta(hours=1))
    page = admin_client.get(f"/admin/crisis-control/{alert.pk}/").content.decode()
    assert "next update by" in page
    ended = publishing.cancel(alert, message=all_clear())
    page = admin_client.get(f"/admin/crisis-control/{alert.pk}/").content.decode()
    assert "next update by" not in page  # a probe read a next update for an ended alert
    assert f'ended by <a href="/admin/crisis-control/{ended.pk}/">Cancel: ' in page
