"""A crisis-day probe fixed a typo in the Spanish copy of a live alert's message: the
update was texted and emailed again to every subscriber in every language. A fix of one
translation now goes to that language's subscribers only (and not again to X, which
posts the original first); an edit of the original still goes to everyone."""

from django.utils import timezone

import pytest

from alerts import publishing
from alerts.models import Alert, Notification, Subscriber
from content.models import Message
from tests.alerts.test_outbox import make_alert
from tests.alerts.test_subscriptions import spanish_copy
from tests.alerts.test_truth import commits_now  # noqa: F401 - fixture
from tests.helpers.content import make_message
from tests.helpers.sms import sms  # noqa: F401 - fixture


def subscriber(kind, address, language):
    return Subscriber.objects.create(kind=kind, address=address, language=language,
                                     whole_city=True, consented_at=timezone.now(),
                                     confirmed_at=timezone.now())


def told(alert):
    return sorted(Notification.objects.filter(alert=alert)
                  .values_list("channel", "subscriber__address"))


@pytest.mark.django_db
def test_a_spanish_fix_is_sent_to_spanish_subscribers_only(site, commits_now, sms):  # noqa: F811
    subscriber("email", "carla@example.org", "en")
    subscriber("email", "ana@example.org", "es")
    subscriber("sms", "+15550102000", "es")
    subscriber("sms", "+15550102001", "ar")
    alert = publishing.publish(make_alert(
        message=make_message(headline="Boil water in East Hill", sms_text="Boil water 1 min."),
        channels=["atom", "cap", "agent_scripts", "email", "sms", "x"]))
    copy = spanish_copy(alert.message, "Hierva el agua en East Hill", "Hierba el agua 1 min.")
    first = Alert.objects.get(references=alert)  # the new translation: its readers only
    assert first.told_languages == ["es"]
    copy = Message.objects.get(pk=copy.pk)
    copy.sms_text = "Hierva el agua 1 minuto."  # the typo fixed
    copy.save_revision().publish()
    fix = Alert.objects.get(references=first)
    assert fix.msg_type == "Update" and fix.told_languages == ["es"]
    assert "x" not in publishing.channel_names(fix)
    assert {"atom", "cap", "agent_scripts", "email", "sms"} <= set(publishing.channel_names(fix))
    assert told(fix) == [("email", "ana@example.org"), ("sms", "+15550102000")]

    original = Message.objects.get(pk=alert.message_id)
    original.sms_text = "Boil water 1 minute. Ice too."
    original.save_revision().publish()
    everyone = Alert.objects.get(references=fix)
    assert everyone.told_languages == []
    assert "x" in publishing.channel_names(everyone)
    assert len(told(everyone)) == 4


@pytest.mark.django_db
def test_crisis_control_says_who_a_translation_fix_was_sent_to(admin_client, site,
                                                                 commits_now):  # noqa: F811
    alert = publishing.publish(make_alert(message=make_message(headline="Boil water")))
    spanish_copy(alert.message, "Hierva el agua", "Hierva el agua 1 minuto.")
    update = Alert.objects.get(references=alert)
    page = admin_client.get(f"/admin/crisis-control/{update.pk}/").content.decode()
    assert "Only the Español translation changed: texted and emailed to those subscribers " \
           "only" in page
    assert "Only the" not in admin_client.get(f"/admin/crisis-control/{alert.pk}/")\
        .content.decode()
