"""“Does this affect me?”: /areas/, /areas/<slug>/ and the resident page of one alert.

Plain pages, no JavaScript, cacheable like every resident page (an alert change makes the
page cache stale). The area sketch is inline SVG drawn from the boundaries.
"""

import re
import unicodedata

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from django_ratelimit.core import is_ratelimited

from content.area_maps import area_sketch
from content.localization import join_names, localize
from content.models import Area
from content.templatetags.content_tags import localized_name

from .models import Alert
from .selectors import active_alerts, active_alerts_for, covers, public_status, thread_latest

ZIP = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")


def _sketch(areas, highlighted, title):
    return area_sketch(areas, highlighted, title=title, name=localized_name)


def areas_for_zip(code):
    candidates = Area.objects.originals().for_pages().filter(zip_codes__contains=code)
    return [area for area in candidates if code in area.zip_list]


def areas_index(request):
    """Every area with how many alerts are active there, and the ZIP code form."""
    return render(request, "alerts/areas/index.html", _index_context())


ZIP_OUTCOMES = {"invalid", "unknown"}


@never_cache  # one answer per typed code: never stored, so it must stay cheap
def zip_lookup(request):
    """The ZIP form's target: a redirect, never a render (issue 23 point 6: every miss
    re-rendered the whole index). One area: its page. Otherwise a fixed, cacheable page
    per outcome: /areas/zip/invalid/, /areas/zip/unknown/ or /areas/zip/<code>/ for a
    code several areas share (a bounded set: the city's own codes)."""
    try:
        limited = is_ratelimited(request, group="areas-zip", key="ip",
                                 rate=f"{settings.ZIP_LOOKUPS_PER_MINUTE}/m", increment=True)
    except Exception:  # the limiter's store is down: count nothing, refuse nobody
        limited = False
    if limited:
        response = HttpResponse(_("Too many ZIP lookups from this connection. Wait a "
                                  "minute, or choose your area on the areas page."),
                                status=429, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "60"
        return response
    found = ZIP.match(request.GET.get("zip", "")[:20])
    # \d also takes the digits an Arabic or Persian keyboard types (٠٤٦١١): read as 04611
    code = "".join(str(unicodedata.decimal(ch)) for ch in found.group(1)) if found else ""
    matches = areas_for_zip(code) if found else []
    if len(matches) == 1:
        return redirect(matches[0].get_absolute_url())
    outcome = code if matches else ("unknown" if found else "invalid")
    return redirect(reverse("areas_zip_result", kwargs={"outcome": outcome}) + "#zip")


def zip_result(request, outcome):
    """The index with what the lookup found; cached like any page."""
    if outcome == "invalid":
        error, matches = _("Enter a five-digit ZIP code, for example 04612."), []
    elif outcome == "unknown":
        error, matches = _("That ZIP code is not in the city. Choose your area below."), []
    else:
        matches = areas_for_zip(outcome) if ZIP.match(outcome) else []
        if len(matches) < 2:  # not a code several areas share: nothing to show here
            return redirect(reverse("areas_zip_result", kwargs={"outcome": "unknown"}))
        error = ""
    return render(request, "alerts/areas/index.html", _index_context(
        zip_error=error, matches=matches, zip=outcome if matches else ""))


def _index_context(**extra):
    areas = list(Area.objects.originals().for_pages())
    alerts = active_alerts()
    city_wide = [alert for alert in alerts if not alert.area_list()]
    rows = [(area, [a for a in alerts if covers(a, area)]) for area in areas]
    affected = [area for area, covering in rows if any(a.area_list() for a in covering)]
    return {
        "rows": rows, "city_wide": [_shown(a) for a in city_wide], "zip_error": "",
        "matches": [], "zip": "",
        "sketch": _sketch(areas, affected, _("Map sketch of the city's areas; areas with "
                                             "an alert are filled and outlined in red.")),
        **extra,
    }


def area_detail(request, slug):
    area = get_object_or_404(Area.objects.originals().for_pages(), slug=slug)
    name = localized_name(area)
    alerts = [_shown(alert) for alert in active_alerts_for(area)]
    return render(request, "alerts/areas/detail.html", {
        "area": area, "name": name, "alerts": alerts,
        "sketch": _sketch(list(Area.objects.originals().for_pages()), [area],
                          _("Map sketch: %(area)s is filled and outlined in red.") % {
                              "area": name}),
    })


def alert_page(request, pk):
    """One alert for residents: what, where (with the sketch), until when, and whether it
    is still in force. An updated alert leads to its latest version."""
    alert = get_object_or_404(Alert.objects.select_related("message"), pk=pk,
                              status=Alert.Status.ACTUAL, scope=Alert.Scope.PUBLIC)
    if alert.state in (Alert.State.DRAFT, Alert.State.SCHEDULED):
        raise Http404
    _root, latest = thread_latest(alert)
    # An older version leads to the last one that spoke: the latest, or the version a
    # cancel ended (a probe's 6 am email link showed the 6 am words marked cancelled, not
    # the 9 am update that was in force when it was cancelled).
    # A cancel with closing words (an all-clear) is itself the last that spoke.
    last_words = (latest.references if latest.msg_type == Alert.MsgType.CANCEL
                  and latest.references_id and latest.ends_without_new_words else latest)
    if alert.pk not in (latest.pk, last_words.pk):
        return redirect(reverse("alert_page", kwargs={"pk": last_words.pk}))
    chosen = alert.area_list()
    # The template reads the message as `shown.item` (Localized), the alert as `alert`.
    shown = _shown(alert).shown
    closing = alert.ends_with_closing_words
    return render(request, "alerts/areas/alert.html", {
        "alert": alert, "shown": shown, "status": public_status(latest),
        "ended": localize(alert.references.message).item.headline if closing else "",
        "area_names": join_names(localized_name(area) for area in chosen),
        "sketch": _sketch(list(Area.objects.originals().for_pages()), chosen,
                          _("Map sketch: the areas this alert covers are filled and outlined "
                            "in red.")) if chosen else "",
    })


def _shown(alert):
    """The alert with its message in the reader's language (or English with a notice)."""
    alert.shown = localize(alert.message)
    alert.shown_areas = join_names(localized_name(area) for area in alert.area_list())
    return alert
