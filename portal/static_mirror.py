"""A static copy of what residents need most, for any web server or object store:
every page in every language, every FAQ, an offline search page, the alert feeds.

Rendered through Django's own request handling as an anonymous reader, so the mirror is
exactly what the site serves (banner included). Written to a temporary folder first and
swapped in, so a reader never sees half a mirror.
"""

import logging
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale, Page

from alerts.feeds import feed_paths
from alerts.models import Alert
from alerts.selectors import hub_alerts
from content.models import FAQ, Area, Message, Topic
from content.models.pages import untranslated_faqs

logger = logging.getLogger(__name__)


def mirror_paths():
    """Every page a resident can reach from the mirror's own links, in every language:
    homes, hubs, topic and guide pages, FAQ indexes, topics and answers, the offline search
    page, the area pages, the alerts the hub lists, the crisis updates' pages, the feeds and
    every sent CAP document."""
    paths = [*feed_paths(), reverse("alerts_cap_index")]
    paths += [page.url for page in Page.objects.live().public().exclude(depth=1) if page.url]
    topics = list(Topic.objects.originals().filter(faqs__live=True).distinct())
    public = hub_alerts()  # active, and ended in the last two days: the hub links to both
    messages = list(Message.objects.filter(live=True).values_list("pk", flat=True))  # search
    for code, _name in settings.LANGUAGES:
        prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
        with translation.override(code):
            paths += [f"{prefix}/faq/", f"{prefix}/search/", reverse("areas")]
            paths += [topic.get_absolute_url() for topic in topics]
            paths += [area.get_absolute_url() for area in Area.objects.originals()]
            paths += [reverse("alert_page", kwargs={"pk": alert.pk}) for alert in public]
            paths += [reverse("message_page", kwargs={"pk": pk}) for pk in messages]
            # answers only in English, shown inside this language's pages
            paths += [reverse("faq_detail", kwargs={"slug": slug}) for slug in
                      untranslated_faqs(Locale.get_active().pk).values_list("slug", flat=True)]
    paths += [faq.get_absolute_url() for faq in FAQ.objects.filter(live=True)]
    paths += [alert.get_cap_url() for alert in Alert.objects.exclude(
        state__in=[Alert.State.DRAFT, Alert.State.SCHEDULED]).only("pk")]
    return list(dict.fromkeys(paths))


def _fetch(client, path):
    """The page as a resident gets it; the search page as its offline stand-in."""
    if path.rstrip("/").endswith("/search") or path == "/search/":
        return client.get(path, {"offline": "1"})
    return client.get(path)


def _target_file(root, path):
    relative = path.lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    return root / relative


MARKER = ".beacon-mirror"


class NotAMirror(Exception):
    """The target folder holds files that are not a Beacon mirror: never replaced silently."""


def check_target(directory):
    """Refuse a folder that has other things in it than a mirror we wrote before."""
    if directory.exists() and not directory.is_dir():
        raise NotAMirror(f"{directory} is a file, not a folder.")
    if directory.is_dir() and any(directory.iterdir()) and not (directory / MARKER).exists():
        raise NotAMirror(f"{directory} already holds files that are not a Beacon mirror; "
                         f"choose an empty or new folder (nothing was changed).")


def export(directory):
    """Write the mirror to `directory`. Returns the list of paths written."""
    directory = Path(directory)
    check_target(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".mirror-", dir=directory.parent))
    staging.chmod(0o755)  # a web server reads it; mkdtemp makes it private
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS and
                    settings.ALLOWED_HOSTS[0] != "*" else "localhost", secure=not settings.DEBUG,
                    HTTP_X_BEACON_STATIC_MIRROR="1")
    written = []
    try:
        for path in mirror_paths():
            response = _fetch(client, path)
            if response.status_code != 200:
                logger.warning("static mirror: %s answered %s; left out", path,
                               response.status_code)
                continue
            target = _target_file(staging, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(response.content)
            written.append(path)
        for asset in ("css/site.css", "js/enhance.js"):
            source = finders.find(asset)
            if source:
                (staging / "static" / asset).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, staging / "static" / asset)
        (staging / MARKER).write_text("Written by Beacon's export_static; replaced on each "
                                      "export.\n")
        old = directory.with_name(directory.name + ".old")
        if directory.exists():
            os.replace(directory, old)
        os.replace(staging, directory)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written
