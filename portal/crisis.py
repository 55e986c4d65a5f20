"""One place that decides what crisis state a request sees.

Templates, the page cache and previews all ask `crisis_state(request)`; nothing else
decides whether the banner shows. Page templates get it through `held_crisis_state`.
"""

from dataclasses import dataclass, field

from django.core.exceptions import DisallowedHost
from django.utils import translation

from wagtail.models import Site

from alerts.models import Alert
from alerts.selectors import active_alerts
from content.localization import join_names, localize
from content.templatetags.content_tags import localized_name
from search.held import HeldByGeneration

from . import page_cache
from .models import CrisisLevel, CrisisSettings

# Seconds one process reuses the crisis state it read for a host and language while the
# page-cache generation stays; any change to what the banner shows bumps the generation.
HOLD_SECONDS = 5


@dataclass(frozen=True)
class BannerLine:
    headline: str
    areas: str = ""  # the areas the alert covers, in the reader's language
    language: str = ""  # the headline's language when it is not translated into the reader's


@dataclass(frozen=True)
class CrisisState:
    level: str
    level_label: str
    headline: str = ""
    hub_url: str = ""
    hub_title: str = ""
    alerts: list = field(default_factory=list)
    headline_areas: str = ""  # "East Hill, Harbor" when the headline is an alert's
    more_alerts: list = field(default_factory=list)  # BannerLines under the headline
    notice: str = ""  # "not translated yet", in the reader's language
    headline_language: str = ""  # the headline's when it is not translated (lang="en")
    # The crisis message (Localized) while crisis mode is on, unless an active alert carries
    # the same message: it is for the whole city, so every area page lists it.
    crisis_message: object = None
    emergency_number: str = "911"
    info_number: str = "311"
    info_number_full: str = ""
    # Parts of the page rendered from this state ({% chrome %}, portal/templatetags): kept
    # with it, so they last exactly as long as the state a process holds.
    rendered: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_on(self):
        return self.level != CrisisLevel.NORMAL

    @property
    def names_areas(self):
        return bool(self.headline_areas or any(line.areas for line in self.more_alerts))

    @property
    def show_banner(self):
        return self.is_on or bool(self.alerts)

    @property
    def lite(self):
        """Lite layout: no web fonts, no images above the fold."""
        return self.show_banner


def _settings_for(request=None, site=None):
    if request is not None:
        return CrisisSettings.for_request(request)
    site = site or Site.objects.filter(is_default_site=True).first()
    return CrisisSettings.for_site(site) if site else CrisisSettings()


def crisis_state(request=None, site=None):
    settings = _settings_for(request, site)
    alerts = list(active_alerts())
    # The crisis message belongs to crisis mode: off (normal) takes it out of the banner,
    # active alerts stay.
    banner = (settings.banner_message
              if settings.banner_message_id and settings.level != CrisisLevel.NORMAL else None)
    messages = ([banner] if banner and banner.live else []) + [a.message for a in alerts]
    unique = list(dict.fromkeys(messages))
    localized = [localize(m) for m in unique]
    areas = {alert.message_id: join_names(localized_name(a) for a in alert.area_list())
             for alert in reversed(alerts)}  # the most severe alert's areas win
    headline = localized[0].item.headline if localized else ""
    headline_areas = areas.get(unique[0].pk, "") if unique else ""
    more_alerts = [BannerLine(entry.item.headline, areas.get(message.pk, ""),
                              _untranslated_language(entry))
                   for message, entry in zip(unique[1:4], localized[1:4], strict=True)]
    notice = next((entry.notice for entry in localized[:4] if entry.notice), "")
    alert_messages = {alert.message_id for alert in alerts}
    crisis_message = (localized[0] if banner and banner.live and banner.pk not in alert_messages
                      else None)
    # The hub in the reader's language when it has been translated (Wagtail's `localized`).
    hub = (settings.hub_page.specific.localized
           if settings.hub_page_id and settings.hub_page.live else None)
    level = settings.level
    if level == CrisisLevel.NORMAL and any(a.severity in Alert.SERIOUS for a in alerts):
        level = CrisisLevel.ADVISORY
    return CrisisState(
        level=level,
        level_label=CrisisLevel(level).label,
        headline=headline,
        hub_url=hub.url if hub else "",
        hub_title=hub.title if hub else "",
        alerts=alerts,
        headline_areas=headline_areas,
        more_alerts=more_alerts,
        notice=notice,
        headline_language=_untranslated_language(localized[0]) if localized else "",
        crisis_message=crisis_message,
        emergency_number=settings.emergency_number,
        info_number=settings.info_number,
        info_number_full=settings.info_number_full,
    )


_held = HeldByGeneration(HOLD_SECONDS)  # (host, language) -> CrisisState


def held_crisis_state(request):
    """crisis_state(request), reused by this process's requests for the same host and
    language for up to HOLD_SECONDS while the page-cache generation stays. Every change
    the banner shows (an alert published, cancelled or expired, crisis mode, a message or
    page published) bumps that generation, so the next render reads again; the seconds
    bound what no change announces (an alert's end time passing before the task that
    expires it runs). The state costs about a dozen queries, more than half of what a
    search page that is not cached costs, and a surge renders search pages by the hundred
    a second (bench/search_surge.py). When only the seconds ran out, one thread reads it
    again and the others keep the held state meanwhile (all of them reading at once held
    every page up); after a change they wait for that read."""
    generation = page_cache.current_generation()
    try:
        key = (request.get_host(), translation.get_language())
    except DisallowedHost:
        key = None
    if generation is None or key is None:
        return crisis_state(request)
    return _held.get(key, generation, lambda: crisis_state(request))


def forget_held():
    """Read the crisis state again at the next render (tests: a rolled-back generation
    number comes round again)."""
    _held.clear()


def _untranslated_language(entry):
    """The language an untranslated headline is shown in (marked so a screen reader reads
    it in that voice), or "" when it is in the reader's."""
    return "" if entry.translated else entry.item.locale.language_code
