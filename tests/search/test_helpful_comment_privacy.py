"""'Was this helpful?' comments hold what residents type: the probe's comments with an
email, phone numbers (US and international), a street address and an SSN were stored
verbatim and never purged (issue 23 point 11)."""

from datetime import timedelta

from django.utils import timezone

import pytest

from search import analytics, tasks
from search.models import HelpfulVote
from tests.helpers.content import make_faq

COMMENT = ("Wrong! Call me on +44 20 7946 0958 or (555) 010-3110, ana.lopez@example.org, "
           "I live at 42 Harbor View Road, SSN 123-45-6789, mobile 020 7946 0958")


@pytest.mark.django_db
def test_a_comment_is_stored_without_personal_data(client, site):
    faq = make_faq()
    response = client.post("/search/helpful", {
        "target_type": "faq", "target_id": faq.pk, "helpful": "no", "comment": COMMENT,
        "next": faq.get_absolute_url()})
    assert response.status_code == 200
    stored = HelpfulVote.objects.get().comment
    for secret in ("7946", "0958", "010-3110", "ana.lopez", "42 Harbor", "123-45"):
        assert secret not in stored, stored
    assert stored.startswith("Wrong! Call me on [phone] or [phone], [email]")
    assert "[address]" in stored and "[ssn]" in stored


@pytest.mark.django_db
def test_comments_are_blanked_with_the_analytics_retention(site):
    faq = make_faq()
    old = HelpfulVote.objects.create(target_type="faq", target_id=faq.pk, helpful=False,
                                     comment="too vague",
                                     created_at=timezone.now() - analytics.RAW_RETENTION
                                     - timedelta(days=1))
    new = HelpfulVote.objects.create(target_type="faq", target_id=faq.pk, helpful=False,
                                     comment="still recent")
    tasks.roll_up_and_flag()  # the beat's daily analytics job
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.comment, old.helpful) == ("", False)  # the vote still counts
    assert new.comment == "still recent"


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "thanks", "back"), [
    ("", "Thank you for your feedback", "Back to the page"),
    ("/es", "Gracias por su opinión", "Volver a la página"),
    ("/ar", "شكرًا على ملاحظاتك", "العودة إلى الصفحة"),
])
def test_the_thanks_page_is_in_the_readers_language(client, site, prefix, thanks, back):
    """A resident's probe voted "no" on /ar/ and /es/ and was thanked in English."""
    faq = make_faq()
    page = client.post(f"{prefix}/search/helpful", {
        "target_type": "faq", "target_id": faq.pk, "helpful": "no", "comment": "",
        "next": "/"}).content.decode()
    assert f"<h1>{thanks}</h1>" in page and f">{back}</a>" in page
    if prefix:
        assert "Thank you" not in page
