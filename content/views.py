"""Stable public FAQ addresses: /faq/, /faq/topic/<slug>/, /faq/<slug>/."""

from django.db.models import Count, Q, Value
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from wagtail.models import Locale

from .answer_notices import answer_notices
from .localization import localize, name_order
from .models import FAQ, Message, Topic
from .models.pages import topic_questions, untranslated_faqs
from .templatetags.content_tags import localized_name


def _live_faqs():
    """FAQs in the reader's language (the URL's /es/, /ar/ prefix, or English)."""
    return FAQ.objects.filter(live=True, locale=Locale.get_active())


def faq_index(request):
    """Topics with how many answers each has in the reader's language and, while
    translations lag, how many exist only in English (a topic with only those is listed)."""
    locale, default = Locale.get_active(), Locale.get_default()
    english_only = Value(0)
    if locale.pk != default.pk:
        english_only = Count("faqs", filter=Q(faqs__in=untranslated_faqs(locale.pk)))
    topics = Topic.objects.originals().annotate(
        live_faqs=Count("faqs", filter=Q(faqs__live=True, faqs__locale=locale)),
        english_only=english_only).filter(Q(live_faqs__gt=0) | Q(english_only__gt=0))
    topics = sorted(topics, key=lambda topic: name_order(localized_name(topic)))
    return render(request, "content/faq_index.html", {"topics": topics})


def faq_topic(request, slug):
    topic = get_object_or_404(Topic.objects.originals(), slug=slug)
    faqs, untranslated = topic_questions(topic.pk, Locale.get_active().pk)
    return render(request, "content/faq_topic.html", {
        "topic": topic, "faqs": faqs, "untranslated_faqs": untranslated})


def faq_detail(request, slug):
    """An answer in the reader's language; or, under /es/ or /ar/, one that exists only in
    English so far, shown inside the reader's own page (banner, menus, numbers) and said to
    be in English: a third probe saw a Spanish reader's tap on such an answer switch the
    whole site to English. One that has a version in the reader's language leads there."""
    faq = _live_faqs().filter(slug=slug).first()
    english_only = faq is None and Locale.get_active().pk != Locale.get_default().pk
    if english_only:
        faq = get_object_or_404(FAQ, live=True, locale=Locale.get_default(), slug=slug)
        translated = faq.get_translation_or_none(Locale.get_active())
        if translated is not None and translated.live:
            return redirect(translated.get_absolute_url())
    elif faq is None:
        raise Http404
    related = (_live_faqs().filter(topics__in=faq.topics.all()).exclude(pk=faq.pk)
               .distinct().order_by("question")[:5])
    return render(request, "content/faq_detail.html", {
        "faq": faq, "related": related, "english_only": english_only,
        "notices": answer_notices(faq.pk)})


def message_page(request, pk):
    """One crisis update as residents find it in search: its headline and text in the
    reader's language (or English, said so), and the way to the hub. Search linked every
    update to the hub, which lists only those pinned there or carried by an alert."""
    message = get_object_or_404(Message, pk=pk, live=True)
    # Read from the original (the site language's version): localize() compares a
    # translation's date with its original's, and from a translation it showed the wrong
    # language (a probe: Spanish text on the English page, Arabic on the Spanish one).
    original = message.get_translation_or_none(Locale.get_default())
    shown = localize(original if original is not None and original.live else message)
    return render(request, "content/message_page.html", {
        "message": message, "shown": shown,
        "updated": shown.item.last_published_at or shown.item.first_published_at})
