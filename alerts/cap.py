"""CAP 1.2 XML for one alert, and the CAP Atom index of current alerts."""

from datetime import UTC

from django.conf import settings
from django.utils import timezone, translation

from lxml import etree

from content.localization import site_name
from content.text_safety import clean_text

from .cap_signing import sign, signing_configured
from .urls_helpers import absolute

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM_NS = "http://www.w3.org/2005/Atom"


def cap_time(value):
    """CAP wants seconds precision and a numeric offset, never 'Z'."""
    return timezone.localtime(value).isoformat(timespec="seconds")


def sender():
    return settings.CAP_SENDER


def _sub(parent, name, text=None):
    element = etree.SubElement(parent, f"{{{CAP_NS}}}{name}")
    if text is not None:
        element.text = clean_text(str(text))
    return element


def reference_string(alert):
    return f"{sender()},{alert.identifier},{cap_time(alert.sent_at or alert.created_at)}"


def alert_element(alert):
    root = etree.Element(f"{{{CAP_NS}}}alert", nsmap={None: CAP_NS})
    _sub(root, "identifier", alert.identifier)
    _sub(root, "sender", sender())
    _sub(root, "sent", cap_time(alert.sent_at or alert.created_at or timezone.now()))
    _sub(root, "status", alert.status)
    _sub(root, "msgType", alert.msg_type)
    _sub(root, "scope", alert.scope)
    if alert.references_id:
        _sub(root, "references", reference_string(alert.references))
    for message in messages_in_every_language(alert):
        _info(root, alert, message)
    return root


CAP_LANGUAGE = {"en": "en-US", "es": "es-US", "ar": "ar"}


def messages_in_every_language(alert):
    """The alert's message first, then its live translations: one CAP <info> each."""
    translations = [m for m in alert.message.get_translations().select_related("locale")
                    if m.live]
    return [alert.message] + sorted(translations, key=lambda m: m.locale.language_code)


def _info(root, alert, message):
    info = _sub(root, "info")
    _sub(info, "language", CAP_LANGUAGE.get(message.locale.language_code,
                                            message.locale.language_code))
    _sub(info, "category", alert.category)
    _sub(info, "event", alert.event)
    _sub(info, "urgency", alert.urgency)
    _sub(info, "severity", alert.severity)
    _sub(info, "certainty", alert.certainty)
    for name in ("effective", "onset", "expires"):
        if getattr(alert, name):
            _sub(info, name, cap_time(getattr(alert, name)))
    _sub(info, "senderName", site_name(message.locale.language_code))
    _sub(info, "headline", message.headline)
    if alert.ends_without_new_words:  # never the ended alert's instructions again
        with translation.override(message.locale.language_code):
            _sub(info, "description", translation.gettext("This alert is no longer in force."))
    else:
        _sub(info, "description", message.plain_body)
        if message.sms_text:
            _sub(info, "instruction", message.sms_text)
    _sub(info, "web", alert.web or absolute("/"))
    areas = alert.area_list()
    for area in areas:  # one CAP <area> per area chosen, named in this <info>'s language
        _area(info, _area_name(area, message.locale), area.cap_polygons(), area.geocodes)
    if not areas or alert.polygon.strip() or alert.geocodes:
        polygons = [alert.polygon.strip()] if alert.polygon.strip() else []
        _area(info, alert.area_desc or alert.area_names(), polygons, alert.geocodes or {})


def _area(info, description, polygons, geocodes):
    area = _sub(info, "area")
    _sub(area, "areaDesc", description)
    for polygon in polygons:
        _sub(area, "polygon", polygon)
    for name, value in geocodes.items():
        geocode = _sub(area, "geocode")
        _sub(geocode, "valueName", name)
        _sub(geocode, "value", value)


def _area_name(area, locale):
    translated = area.get_translation_or_none(locale) if locale else None
    return translated.name if translated else area.name


def render_alert(alert):
    element = alert_element(alert)
    if signing_configured():
        return etree.tostring(sign(element), xml_declaration=True, encoding="UTF-8")
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def render_atom_index(alerts, title, self_url, entry_link, content_for=None):
    """An Atom feed; CAP index entries carry the CAP document as their link."""
    feed = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})
    etree.SubElement(feed, f"{{{ATOM_NS}}}id").text = self_url
    etree.SubElement(feed, f"{{{ATOM_NS}}}title").text = title
    newest = max((a.sent_at or a.created_at for a in alerts), default=timezone.now())
    etree.SubElement(feed, f"{{{ATOM_NS}}}updated").text = newest.astimezone(UTC).isoformat(
        timespec="seconds")
    author = etree.SubElement(feed, f"{{{ATOM_NS}}}author")
    etree.SubElement(author, f"{{{ATOM_NS}}}name").text = settings.WAGTAIL_SITE_NAME
    etree.SubElement(feed, f"{{{ATOM_NS}}}link", rel="self", href=self_url)
    for alert in alerts:
        entry = etree.SubElement(feed, f"{{{ATOM_NS}}}entry")
        etree.SubElement(entry, f"{{{ATOM_NS}}}id").text = f"urn:beacon:alert:{alert.identifier}"
        state = "" if alert.is_live else f" ({alert.get_state_display()})"
        etree.SubElement(entry, f"{{{ATOM_NS}}}title").text = (
            f"{alert.msg_type}: {alert.headline}{state}")
        stamp = alert.ended_at or alert.sent_at or alert.created_at
        etree.SubElement(entry, f"{{{ATOM_NS}}}updated").text = stamp.astimezone(UTC).isoformat(
            timespec="seconds")
        link = entry_link(alert)
        etree.SubElement(entry, f"{{{ATOM_NS}}}link", href=link["href"],
                         type=link.get("type", "text/html"))
        etree.SubElement(entry, f"{{{ATOM_NS}}}summary").text = (
            content_for(alert) if content_for else alert.message.plain_body[:500])
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)
