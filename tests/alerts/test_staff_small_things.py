"""Issue 24 point 18: the small things staff and residents tripped over."""

import base64

from django.urls import reverse
from django.utils import timezone

import pytest

from alerts import publishing, subscriptions
from alerts.models import Delivery, Subscriber
from content.models import Area
from tests.alerts.test_outbox import make_alert
from tests.helpers.areas import city_areas
from tests.helpers.content import make_faq, make_message


@pytest.mark.django_db
def test_a_disabled_channel_offers_no_retry(admin_client, site, settings):
    alert = publishing.publish(make_alert(channels=["sms", "cap"]))
    sms = alert.deliveries.get(channel="sms")
    assert sms.state == Delivery.State.SKIPPED  # no SMS provider in tests
    page = admin_client.get(reverse("crisis_control:detail", args=[alert.pk])).content.decode()
    row = page[page.index("<td>sms</td>"):].split("</tr>")[0]
    assert "Retry" not in row
    assert "Channel disabled: Set SMS_PROVIDER" in row
    refused = admin_client.post(reverse("crisis_control:retry", args=[alert.pk, sms.pk]),
                                follow=True).content.decode()
    assert "Not retried. Channel disabled" in refused
    assert Delivery.objects.get(pk=sms.pk).state == Delivery.State.SKIPPED


@pytest.mark.django_db
def test_a_used_confirmation_link_says_already_confirmed(client, site):
    subscriber = Subscriber.objects.create(kind=Subscriber.Kind.EMAIL, address="a@example.org",
                                           whole_city=True, language="en",
                                           consented_at=timezone.now())
    link = reverse("subscribe_confirm", args=[subscriptions.make_token(subscriber, "confirm")])
    first = client.get(link).content.decode()
    assert ">Confirm</button>" in first
    client.post(link)
    again = client.get(link).content.decode()
    assert "Already confirmed" in again
    assert "You already confirmed this link" in again
    assert ">Confirm</button>" not in again and "/subscribe/manage/" in again


@pytest.mark.django_db
def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.django_db
def test_admin_avatars_are_initials_not_gravatar(client, django_user_model, settings):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    user = django_user_model.objects.create_superuser("ada", "ada@example.org", "pw",
                                                      first_name="Ada", last_name="Lovelace")
    client.force_login(user)
    page = client.get("/admin/").content.decode()
    assert "gravatar" not in page.lower()
    start = page.index("data:image/svg+xml;base64,") + len("data:image/svg+xml;base64,")
    svg = base64.b64decode(page[start:page.index('"', start)]).decode()
    assert ">AL</text>" in svg


@pytest.mark.django_db
def test_history_with_an_entry_no_person_made_opens(client, django_user_model, site):
    """A probe: every history page failed (500) on the seed's publish entry, which has no
    user (imports and scheduled tasks write the same)."""
    from wagtail.log_actions import log

    faq = make_faq(question="When is garbage collected?", short_answer="Mondays.")
    log(faq, "wagtail.publish", user=None)
    user = django_user_model.objects.create_superuser("ada", "ada@example.org", "pw")
    client.force_login(user)
    response = client.get(f"/admin/snippets/content/faq/history/{faq.pk}/")
    assert response.status_code == 200
    assert "Published" in response.content.decode()


@pytest.mark.django_db
def test_area_cards_show_plain_words_not_sms_shorthand(client, site):
    areas = city_areas()
    message = make_message(headline="Water off on Elm St",
                           body="<p>Crews are fixing a water main. Water returns by 6 PM.</p>",
                           sms_text="Water off Elm St, back 6PM. 1 min boil, CC 311")
    alert = make_alert(message=message, area_desc="")
    alert.areas.set([areas["east-hill"]])
    publishing.publish(alert)
    page = client.get("/areas/east-hill/").content.decode()
    assert "Crews are fixing a water main. Water returns by 6 PM." in page
    assert "1 min boil, CC 311" not in page
    assert Area.objects.filter(slug="east-hill").exists()


@pytest.mark.django_db
def test_a_used_confirmation_link_says_so_in_spanish_and_arabic(client, site):
    for code, words in (("es", "Ya confirmado"), ("ar", "تم التأكيد من قبل")):
        subscriber = Subscriber.objects.create(
            kind=Subscriber.Kind.EMAIL, address=f"{code}@example.org", whole_city=True,
            language=code, consented_at=timezone.now(), confirmed_at=timezone.now())
        token = subscriptions.make_token(subscriber, "confirm")
        page = client.get(f"/{code}/subscribe/confirm/{token}/").content.decode()
        assert f"<h1>{words}</h1>" in page
