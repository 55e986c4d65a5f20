"""Factories for snippets and pages, and `override_crisis_mode`."""

import contextlib
import itertools

from wagtail.models import Page, Site

import pytest

from content.models import FAQ, CrisisHubPage, HomePage, InfoPage, Message, Topic
from portal.models import CrisisLevel, CrisisSettings

_counter = itertools.count(1)


def make_topic(name=None):
    name = name or f"Topic {next(_counter)}"
    from django.utils.text import slugify

    return Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]


def make_message(publish=True, **fields):
    n = next(_counter)
    values = {"headline": f"Update {n}", "body": f"<p>Body of update {n}.</p>",
              "script_say": f"Say update {n}.", "social_text": f"Social {n}",
              "sms_text": f"SMS {n}"}
    values.update(fields)
    message = Message.objects.create(live=publish, **values)
    if publish:
        message.save_revision().publish()
        message.refresh_from_db()
    return message


def make_faq(publish=True, topics=(), **fields):
    n = next(_counter)
    values = {"question": f"Question number {n}?", "answer": f"<p>Answer {n}.</p>",
              "short_answer": f"Short answer {n}."}
    values.update(fields)
    faq = FAQ.objects.create(live=publish, **values)
    if topics:
        faq.topics.set(topics)
    if publish:
        faq.save_revision().publish()
        faq.refresh_from_db()
    return faq


def home_page():
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    if root is None:  # a transactional test flushed the tree that migrations made
        from wagtail.models import Locale

        locale, _ = Locale.objects.get_or_create(language_code="en")
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = HomePage(title="Port Alder", slug="port-alder-test")
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page = home
        site.save()
    else:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home


def make_info_page(body=(), title=None, parent=None):
    parent = parent or home_page()
    n = next(_counter)
    page = InfoPage(title=title or f"Info {n}", slug=f"info-{n}", body=list(body))
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_hub():
    hub = CrisisHubPage.objects.first()
    if hub:
        return hub
    hub = CrisisHubPage(title="Storm updates", slug="updates")
    home_page().add_child(instance=hub)
    hub.save_revision().publish()
    return hub


@contextlib.contextmanager
def override_crisis_mode(level=CrisisLevel.EMERGENCY, banner_message=None, hub_page=None):
    """Turn crisis mode on for the default site inside a `with` block, then restore it."""
    site = Site.objects.get(is_default_site=True)
    settings = CrisisSettings.for_site(site)
    saved = (settings.level, settings.banner_message_id, settings.hub_page_id)
    settings.level = level
    settings.banner_message = banner_message or settings.banner_message
    settings.hub_page = hub_page or settings.hub_page
    settings.save()
    try:
        yield settings
    finally:
        settings.level, settings.banner_message_id, settings.hub_page_id = saved
        settings.save()


@pytest.fixture
def site(db):
    return home_page()


@pytest.fixture
def admin_client(client, django_user_model, db):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture(autouse=True)
def site_language_for_each_test():
    """Each test starts in the site's language: a request to /es/ leaves Spanish active in
    the test's thread (LocaleMiddleware activates it), and a later test formatting a date
    would otherwise get "Dic 4" by the order the tests happened to run in."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()
