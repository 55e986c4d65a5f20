"""A Spanish version whose English changed after it was translated."""

import pytest


@pytest.mark.django_db
def test_an_outdated_translation_shows_the_current_english_with_a_notice(client, site,
                                                                          monkeypatch):
    from django.db import transaction

    from wagtail.models import Locale

    from alerts import publishing
    from alerts.models import Alert
    from content.localization import OUTDATED_NOTICE, translation_status
    from tests.helpers.content import make_hub, make_message

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    make_hub()
    english = make_message(headline="Shelter at Pier 4", sms_text="Go to Pier 4.")
    spanish = english.copy_for_translation(Locale.objects.get(language_code="es"))
    spanish.headline = "Refugio en el muelle 4"
    spanish.save()
    spanish.save_revision().publish()
    publishing.publish(Alert.objects.create(event="Shelter", area_desc="Harbor", message=english))
    assert "Refugio en el muelle 4" in client.get("/es/faq/").content.decode()
    english.refresh_from_db()
    english.headline = "Shelter moved to Pier 6"
    english.save_revision().publish()  # the Spanish text is now behind
    english.refresh_from_db()
    assert translation_status(english)["es"] == "outdated"
    body = client.get("/es/faq/").content.decode()
    assert "Shelter moved to Pier 6" in body and "Refugio en el muelle 4" not in body
    assert OUTDATED_NOTICE["es"] in body
