"""What agents see: current scripts, what changed since they last read, who has read what.

Plain functions; the console views and the supervisor view call them.
"""

import difflib
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.utils.html import escape
from django.utils.safestring import mark_safe

from content.models import FAQ

from .models import Acknowledgement, Alert, ScriptRevision
from .scripts import BOARD_VERSION_KEY
from .selectors import active_alerts

SEVERITY_ORDER = Alert.SEVERITY_ORDER


@dataclass
class Script:
    message: object
    version: int
    text: str
    updated_at: object
    severity: str = "Unknown"
    alerts: list = field(default_factory=list)
    acknowledged_version: int = 0
    diff_html: str = ""
    second_language: str = ""
    second_text: str = ""  # the script in the agent's chosen second language, if translated

    @property
    def severity_label(self):
        return Alert.Severity(self.severity).label if self.severity in SEVERITY_ORDER else ""

    @property
    def changed(self):
        return self.acknowledged_version and self.acknowledged_version < self.version

    @property
    def unread(self):
        return self.acknowledged_version < self.version


def word_diff(old, new):
    """HTML with removed words in <del> and added words in <ins>; escaped throughout."""
    old_words, new_words = old.split(), new.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(new_words[b1:b2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
    return mark_safe(" ".join(parts))  # noqa: S308 - every word is escaped above


def current_scripts(user=None, second_language=""):
    """Scripts of messages used by active alerts, most urgent first; with a second language,
    each carries that translation's script (or nothing when it is not translated yet)."""
    by_message = {}
    for alert in active_alerts():
        entry = by_message.setdefault(alert.message_id, {"message": alert.message, "alerts": []})
        entry["alerts"].append(alert)
    if not by_message:
        return []
    latest = {}
    for revision in ScriptRevision.objects.filter(message_id__in=by_message).order_by(
            "message_id", "-version"):
        latest.setdefault(revision.message_id, revision)
    acked = {}
    if user is not None:
        acked = dict(Acknowledgement.objects.filter(user=user, message_id__in=by_message)
                     .values("message_id").annotate(v=Max("version")).values_list("message_id", "v"))
    scripts = []
    for message_id, entry in by_message.items():
        message, revision = entry["message"], latest.get(message_id)
        script = Script(
            message=message, version=revision.version if revision else message.script_version,
            text=revision.text if revision else message.agent_script,
            updated_at=revision.created_at if revision else message.last_published_at,
            severity=min((a.severity for a in entry["alerts"]), key=SEVERITY_ORDER.index),
            alerts=entry["alerts"], acknowledged_version=acked.get(message_id, 0))
        if second_language:
            script.second_language = second_language
            translation = _translation(message, second_language)
            script.second_text = translation.agent_script if translation else ""
        if script.changed:
            old = ScriptRevision.objects.filter(message_id=message_id,
                                                version=script.acknowledged_version).first()
            if old:
                script.diff_html = word_diff(old.text, script.text)
        scripts.append(script)
    return sorted(scripts, key=lambda s: (SEVERITY_ORDER.index(s.severity),
                                          -(s.updated_at.timestamp() if s.updated_at else 0)))


def pinned_faqs():
    return list(FAQ.objects.filter(live=True, pinned_for_agents=True).order_by("question"))


def board_etag():
    """Changes whenever anything an open console shows changes. Read from a shared cache
    when there is one (cheap for hundreds of polling consoles); otherwise computed from the
    database, so a change made by any process (CLI, scheduler, another worker) shows."""
    cached = cache.get(BOARD_VERSION_KEY) if settings.SHARED_CACHE else None  # fails open
    if cached is not None:
        return f'"b{cached}"'
    return f'"d{database_fingerprint()}"'


def database_fingerprint():
    latest_script = ScriptRevision.objects.aggregate(m=Max("id"))["m"] or 0
    alerts = list(Alert.objects.filter(state=Alert.State.ACTIVE).order_by("pk")
                  .values_list("pk", flat=True))
    faqs = FAQ.objects.filter(pinned_for_agents=True, live=True).aggregate(
        m=Max("last_published_at"))["m"]
    raw = f"{latest_script}|{alerts}|{faqs}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def acknowledge(user, message, version):
    ack, _ = Acknowledgement.objects.get_or_create(user=user, message=message, version=version)
    return ack


def supervisor_rows(agents):
    """For each current script: who has read the latest version and who has not."""
    rows = []
    agents = list(agents)
    for script in current_scripts():
        read_ids = set(Acknowledgement.objects.filter(message=script.message,
                                                      version=script.version)
                       .values_list("user_id", flat=True))
        rows.append({"script": script,
                     "read": [a for a in agents if a.pk in read_ids],
                     "unread": [a for a in agents if a.pk not in read_ids]})
    return rows


def _translation(message, language_code):
    from wagtail.models import Locale

    locale = Locale.objects.filter(language_code=language_code).first()
    translation = message.get_translation_or_none(locale) if locale else None
    return translation if translation is not None and translation.live else None
