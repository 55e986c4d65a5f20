"""The resident page of one alert (/alerts/<id>/ in every language): the headline in <h1>
and <title>, what to do and the body in the reader's language."""

import re
from html import unescape

from wagtail.models import Locale

import pytest

from alerts import publishing
from tests.alerts.test_outbox import make_alert
from tests.helpers.content import make_message

WORDS = {
    "en": ("Boil water in East Hill", "Boil tap water for 1 minute.", "Use bottled water."),
    "es": ("Hierva el agua en East Hill", "Hierva el agua del grifo 1 minuto.",
           "Use agua embotellada."),
    "ar": ("اغلوا الماء في التل الشرقي", "اغلوا ماء الصنبور لمدة دقيقة.", "استخدموا الماء المعبأ."),
}


def translated(message, language):
    headline, sms_text, body = WORDS[language]
    copy = message.copy_for_translation(Locale.objects.get(language_code=language))
    copy.headline, copy.sms_text, copy.body = headline, sms_text, f"<p>{body}</p>"
    copy.save()
    copy.save_revision().publish()
    return copy


def read(page, pattern):
    found = re.search(pattern, page, re.S)
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else ""


def what_to_do(page):
    return read(page, r'<p class="instruction"[^>]*>(.*?)</p>')


@pytest.mark.django_db
@pytest.mark.parametrize("prefix, language", [("", "en"), ("/es", "es"), ("/ar", "ar")])
def test_the_alert_page_reads_in_the_readers_language(client, site, prefix, language):
    headline, sms_text, body = WORDS["en"]
    message = make_message(headline=headline, sms_text=sms_text, body=f"<p>{body}</p>")
    translated(message, "es")
    translated(message, "ar")
    alert = publishing.publish(make_alert(message=message))
    page = client.get(f"{prefix}/alerts/{alert.pk}/").content.decode()
    headline, sms_text, body = WORDS[language]
    assert read(page, r"<h1>(.*?)</h1>") == headline
    assert read(page, r"<title>(.*?)</title>").startswith(f"{headline} · ")
    assert what_to_do(page) == sms_text
    assert read(page, r'<div class="body"[^>]*>(.*?)</div>') == body
    assert 'class="translation-notice"' not in page


@pytest.mark.django_db
def test_an_untranslated_alert_shows_english_with_a_notice(client, site):
    headline, sms_text, _body = WORDS["en"]
    alert = publishing.publish(make_alert(message=make_message(headline=headline,
                                                               sms_text=sms_text)))
    page = client.get(f"/es/alerts/{alert.pk}/").content.decode()
    # marked English, so a screen reader reads it in an English voice (an accessibility
    # probe heard it in the Spanish one), and told before it, not after
    assert read(page, r'<h1 lang="en" dir="ltr">(.*?)</h1>') == headline
    assert page.index('class="translation-notice"') < page.index("<h1")
    assert what_to_do(page) == sms_text
    assert "aún no está traducida" in read(page, r'<p class="translation-notice">(.*?)</p>')
    listed = client.get("/ar/areas/").content.decode()
    assert re.search(r'<h[23] lang="en" dir="ltr"><a href="[^"]*">' + headline, listed), listed
    banner = client.get("/ar/").content.decode()
    assert f'<h2 id="crisis-banner-title" lang="en" dir="ltr">{headline}</h2>' in banner


@pytest.mark.django_db
@pytest.mark.parametrize("prefix, notice, heading", [
    ("", "This alert is no longer in force: it was cancelled.", "What it said"),
    ("/es", "Este aviso ya no está vigente: fue cancelado.", "Lo que decía"),
    ("/ar", "لم يعد هذا التنبيه ساريًا: فقد أُلغي.", "ما كان يقوله"),
])
def test_a_cancelled_alert_says_it_is_no_longer_in_force(client, site, prefix, notice, heading):
    """A resident's probe opened a cancelled bridge closure (the page emails link to): a small
    "Cancelled" label, then "Harbor Bridge closed" and, under "What to do", the detour."""
    headline, sms_text, body = WORDS["en"]
    message = make_message(headline=headline, sms_text=sms_text, body=f"<p>{body}</p>")
    from datetime import timedelta

    from django.utils import timezone

    alert = publishing.publish(make_alert(message=message,
                                          expires=timezone.now() + timedelta(days=1)))
    live = client.get(f"{prefix}/alerts/{alert.pk}/").content.decode()
    assert 'class="ended-notice"' not in live
    until = {"": "Until", "/es": "Hasta", "/ar": "حتى"}[prefix]
    ended = {"": "Ended", "/es": "Terminó", "/ar": "انتهى"}[prefix]
    assert until in read(live, r'<p class="meta">(.*?)</p>')
    cancel = publishing.cancel(alert)
    for pk in (alert.pk, cancel.pk):  # the first email's link, and the cancel's own
        page = client.get(f"{prefix}/alerts/{pk}/").content.decode()
        shown = read(page, r'<p class="ended-notice"[^>]*>(.*?)</p>')
        assert shown.startswith(notice), shown
        assert page.index('class="ended-notice"') < page.index("<h1")
        assert f"<h2>{heading}</h2>" in page
        # a crisis-day probe read "Until Dec 8" on a notice cancelled that afternoon
        meta = read(page, r'<p class="meta">(.*?)</p>')
        assert ended in meta and until not in meta, meta



@pytest.mark.django_db
def test_an_old_link_after_a_cancel_leads_to_the_last_words_in_force(client, site):
    """A crisis-day probe: after the 9 am update was cancelled, the 6 am email's link
    showed the 6 am words marked cancelled instead of the 9 am update."""
    first = publishing.publish(make_alert(message=make_message(headline="Boil water: 2 areas")))
    later = publishing.update(first, message=make_message(headline="Boil water: 3 areas"),
                              confirm_missing_translations=True)
    publishing.cancel(later)
    response = client.get(f"/alerts/{first.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/alerts/{later.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Boil water: 3 areas" in page and 'class="ended-notice"' in page


@pytest.mark.django_db
def test_a_link_in_what_to_do_can_be_tapped(client, site):
    """A crisis-day probe: the alert page's "What to do" (the SMS text) showed its link as
    plain text, which a phone cannot open."""
    message = make_message(headline="Water pickup sites", body="<p>Three sites.</p>",
                           sms_text="Bottled water at 3 sites: https://portalder.example/water "
                                    "<b>today</b>")
    alert = publishing.publish(make_alert(message=message, area_desc="Citywide"))
    page = client.get(f"/alerts/{alert.pk}/").content.decode()
    assert '<a href="https://portalder.example/water" rel="nofollow">' in page
    assert "&lt;b&gt;today&lt;/b&gt;" in page  # still escaped
