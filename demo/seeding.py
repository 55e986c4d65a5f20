"""Build the Port Alder demo site. Safe to run again: everything is looked up first."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Locale, Page, Site

from alerts import publishing
from alerts.models import Alert
from content.models import (
    FAQ,
    Area,
    CrisisHubPage,
    Department,
    HomePage,
    InfoPage,
    Message,
    Topic,
    TopicPage,
)
from content.models.snippets import unique_slug
from portal.models import CrisisLevel, CrisisSettings
from search.models import SynonymSet

from . import translations as tr
from .data import AREAS, DEPARTMENTS, FAQS, MESSAGES, SYNONYMS, TOPICS


def _publish(obj):
    obj.save()
    obj.save_revision().publish()


def seed_taxonomy():
    departments = {name: Department.objects.get_or_create(name=name)[0] for name in DEPARTMENTS}
    topics = {}
    for name, description in TOPICS:
        topic, _ = Topic.objects.originals().get_or_create(slug=slugify(name),
                                               defaults={"name": name, "description": description})
        topics[name] = topic
    return departments, topics


def seed_faqs(departments, topics):
    today = timezone.localdate()
    for index, (topic, department, question, short, answer, keywords) in enumerate(FAQS):
        faq = FAQ.objects.filter(question=question, locale__language_code="en").first()
        if faq and faq.live:
            continue
        faq = faq or FAQ(question=question, slug=unique_slug(FAQ, question))
        faq.short_answer, faq.answer, faq.keywords = short, f"<p>{answer}</p>", keywords
        faq.owner = departments[department]
        faq.last_reviewed = today - timedelta(days=30)
        # A few answers are deliberately overdue so the "Needs review" report has content.
        faq.review_by = today - timedelta(days=3) if index % 9 == 4 else today + timedelta(days=90)
        faq.pinned_for_agents = index % 6 == 0
        faq.save()
        faq.topics.set([topics[topic]])
        _publish(faq)


def seed_messages(departments, topics):
    today = timezone.localdate()
    messages = {}
    for index, (headline, department, topic_names, body, say, ask, escalate, social, sms) in \
            enumerate(MESSAGES):
        message = Message.objects.filter(headline=headline, locale__language_code="en").first()
        if message is None:
            message = Message(headline=headline, body=body, script_say=say, script_ask=ask,
                              script_escalate=escalate, social_text=social, sms_text=sms,
                              owner=departments[department], last_reviewed=today,
                              review_by=today - timedelta(days=1) if index == 8
                              else today + timedelta(days=14))
            message.full_clean()
            message.save()
            message.topics.set([topics[name] for name in topic_names])
            _publish(message)
        messages[headline] = message
    return messages


def seed_pages(topics, messages):
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale__language_code="en").first()
    if home is None:
        home = HomePage(title="City of Port Alder", slug="port-alder",
                        intro="Services, answers and emergency updates for Port Alder residents.")
        root.add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        if site:
            old_root = site.root_page
            site.root_page = home
            site.site_name = "City of Port Alder"
            site.save()
            if old_root.pk != home.pk and not isinstance(old_root.specific, HomePage):
                old_root.delete()
        else:
            Site.objects.create(hostname="localhost", port=80, root_page=home,
                                is_default_site=True, site_name="City of Port Alder")
    for name, topic in topics.items():
        if not TopicPage.objects.filter(topic=topic, locale__language_code="en").exists():
            page = TopicPage(title=name, slug=topic.slug, topic=topic, intro=topic.description,
                             show_in_menus=True)
            home.add_child(instance=page)
            page.save_revision().publish()
    hub = CrisisHubPage.objects.filter(locale__language_code="en").first()
    if hub is None:
        hub = CrisisHubPage(
            title="Winter Storm Hollis: updates", slug="updates",
            intro="<p>Heavy snow and ice across Port Alder. This page has the latest verified "
                  "information from the city.</p>",
            key_actions=[
                ("action", {"title": "Boil tap water in East Hill and Harbor",
                            "text": "One full minute at a rolling boil.", "link_page": None,
                            "link_url": ""}),
                ("action", {"title": "Go to a warming center if your home is below 55°F",
                            "text": "Millbrook Community Center and Eastside Recreation Hall, "
                                    "open 24 hours.", "link_page": None, "link_url": ""}),
                ("action", {"title": "Move your car off snow routes",
                            "text": "Free parking in the Quay Street and Civic Center garages.",
                            "link_page": None, "link_url": ""}),
            ],
            pinned_messages=[("message", messages["Warming centers open 24 hours"]),
                             ("message", messages["Carbon monoxide warning"])],
        )
        home.add_child(instance=hub)
        hub.save_revision().publish()
    _seed_info_pages(topics, messages)
    return home, hub


INFO_PAGES = [
    ("Water and sewer", "Boil-water notice: what to do", "Boil water notice for East Hill and "
     "Harbor", ["Is the tap water safe to drink?", "Can I shower during a boil-water notice?",
                "Can I make baby formula with tap water during the notice?"]),
    ("Shelters", "Warming centers and shelters", "Warming centers open 24 hours",
     ["Where is the nearest warming center?", "Can I bring my pet to a shelter?",
      "Can I get a ride to a shelter?"]),
    ("Roads and snow", "Snow emergency guide", "Winter Storm Hollis: snow emergency declared",
     ["When will my street be plowed?", "Is there a snow emergency parking ban?"]),
    ("Water and sewer", "Free bottled water", "Boil water notice for East Hill and Harbor",
     ["Where can I get free bottled water?"]),
]


def _seed_info_pages(topics, messages):
    for topic_name, title, message_headline, questions in INFO_PAGES:
        parent = TopicPage.objects.get(topic=topics[topic_name], locale__language_code="en")
        if InfoPage.objects.filter(title=title).exists():
            continue
        body = [("message", messages[message_headline])]
        body += [("faq", FAQ.objects.get(question=q, locale__language_code="en"))
                 for q in questions]
        page = InfoPage(title=title, slug=slugify(title), summary=f"{title} in Port Alder.",
                        body=body)
        parent.add_child(instance=page)
        page.save_revision().publish()


def seed_areas():
    """Port Alder's neighbourhoods with their Spanish and Arabic names."""
    areas = {}
    for slug, name, spanish, arabic, zips, fips, ring in AREAS:
        area = Area.objects.originals().filter(slug=slug).first()
        if area is None:
            area = Area(slug=slug, name=name, zip_codes=zips, geocodes={"FIPS6": fips},
                        boundary={"type": "Polygon", "coordinates": [[list(p) for p in ring]]})
            area.full_clean()
            area.save()
        for code, translated in (("es", spanish), ("ar", arabic)):
            locale = Locale.objects.get(language_code=code)
            if not area.get_translation_or_none(locale):
                copy = area.copy_for_translation(locale)
                copy.name = translated
                copy.save()
        areas[slug] = area
    return areas


def seed_crisis(hub, messages, areas):
    site = Site.objects.get(is_default_site=True)
    settings = CrisisSettings.for_site(site)
    settings.level = CrisisLevel.EMERGENCY
    settings.banner_message = messages["Winter Storm Hollis: snow emergency declared"]
    settings.hub_page = hub
    settings.save()
    web = "https://portalder.example/updates/"
    now = timezone.now()
    if not Alert.objects.filter(message=messages["Boil water notice for East Hill and Harbor"]
                                ).exists():
        boil = Alert.objects.create(
            event="Boil water notice", category=Alert.Category.HEALTH,
            severity=Alert.Severity.SEVERE, urgency=Alert.Urgency.IMMEDIATE,
            certainty=Alert.Certainty.OBSERVED, area_desc="East Hill and Harbor districts",
            message=messages["Boil water notice for East Hill and Harbor"], web=web,
            expires=now + timedelta(days=3), next_update_by=now + timedelta(hours=6),
            geocodes={"FIPS6": "099001"})
        boil.areas.set([areas["east-hill"], areas["harbor"]])
        publishing.publish(boil)
    if not Alert.objects.filter(message=messages["Harbor Bridge closed"]).exists():
        bridge = Alert.objects.create(
            event="Road closure", category=Alert.Category.TRANSPORT,
            severity=Alert.Severity.MODERATE, urgency=Alert.Urgency.EXPECTED,
            certainty=Alert.Certainty.OBSERVED, area_desc="Harbor Bridge",
            message=messages["Harbor Bridge closed"], web=web, expires=now + timedelta(days=1))
        bridge.areas.set([areas["harbor"]])
        publishing.cancel(publishing.publish(bridge))


def seed_synonyms():
    for terms in SYNONYMS:
        SynonymSet.objects.get_or_create(terms=terms, language="en")


@transaction.atomic
def seed_demo():
    seed_synonyms()
    departments, topics = seed_taxonomy()
    seed_faqs(departments, topics)
    messages = seed_messages(departments, topics)
    home, hub = seed_pages(topics, messages)
    seed_translations()  # before the alerts: a sent alert's CAP document never changes
    areas = seed_areas()
    seed_crisis(hub, messages, areas)
    return {"faqs": FAQ.objects.count(), "messages": Message.objects.count(),
            "topics": Topic.objects.count(), "pages": Page.objects.live().count(),
            "areas": Area.objects.originals().count()}


def seed_translations():
    """Spanish and Arabic versions of the crisis pages, three messages and four FAQs."""
    home = HomePage.objects.filter(locale__language_code="en").first()
    hub = CrisisHubPage.objects.filter(locale__language_code="en").first()
    for code in ("es", "ar"):
        locale = Locale.objects.get(language_code=code)
        for headline, languages in tr.MESSAGES.items():
            source = Message.objects.filter(headline=headline, locale__language_code="en").first()
            if source is None or source.get_translation_or_none(locale):
                continue
            title, body, say, ask, escalate, social, sms = languages[code]
            copy = source.copy_for_translation(locale)
            copy.headline, copy.body, copy.script_say = title, body, say
            copy.script_ask, copy.script_escalate = ask, escalate
            copy.social_text, copy.sms_text = social, sms
            copy.save()
            copy.topics.set(source.topics.all())
            _publish(copy)
        for question, languages in tr.FAQS.items():
            source = FAQ.objects.filter(question=question, locale__language_code="en").first()
            if source is None or source.get_translation_or_none(locale):
                continue
            text, slug, short, answer = languages[code]
            copy = source.copy_for_translation(locale)
            copy.question, copy.slug, copy.short_answer = text, slug, short
            copy.answer, copy.keywords = f"<p>{answer}</p>", ""
            copy.save()
            copy.topics.set(source.topics.all())
            _publish(copy)
        if home and not home.get_translation_or_none(locale):
            title, intro = tr.PAGES["home"][code]
            page = home.copy_for_translation(locale)
            page.title, page.intro = title, intro
            page.save_revision().publish()
        for topic in Topic.objects.originals():
            name = tr.TOPIC_PAGES.get(topic.name, {}).get(code)
            if name and not topic.get_translation_or_none(locale):
                copy = topic.copy_for_translation(locale)
                copy.name = name
                copy.save()
        for english in TopicPage.objects.filter(locale__language_code="en"):
            title = tr.TOPIC_PAGES.get(english.title, {}).get(code)
            if title and home and not english.get_translation_or_none(locale):
                page = english.copy_for_translation(locale)
                page.title, page.intro = title, ""
                page.save_revision().publish()
        if hub and not hub.get_translation_or_none(locale):
            title, intro = tr.PAGES["hub"][code]
            page = hub.copy_for_translation(locale)
            page.title, page.intro = title, intro
            page.key_actions = [("action", {"title": t, "text": x, "link_page": None,
                                            "link_url": ""}) for t, x in tr.KEY_ACTIONS[code]]
            page.save_revision().publish()
