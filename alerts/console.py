"""What agents see: current scripts, what changed since they last read, who has read what.

Plain functions; the console views and the supervisor view call them.
"""

import bisect
import difflib
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from wagtail.models import Locale

from content.models import FAQ

from .models import Acknowledgement, Alert, ScriptRevision
from .scripts import BOARD_VERSION_KEY
from .selectors import RECENTLY_ENDED, active_alerts

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
    replaces: str = ""  # the headline of the earlier update's script this one replaces
    ended_headline: str = ""  # an ended alert's card: the headline of what ended
    ended_at: object = None

    @property
    def severity_label(self):
        return Alert.Severity(self.severity).label if self.severity in SEVERITY_ORDER else ""

    @property
    def changed(self):
        return self.acknowledged_version and self.acknowledged_version < self.version

    @property
    def unread(self):
        return self.acknowledged_version < self.version


# A word-by-word comparison of two chunks is at most this many word pairs; bigger changed
# chunks are shown as removed and added whole (issue 23 point 12: two 6,000-word scripts
# took 10-12 s per console render with one quadratic word matcher).
MAX_WORD_PAIRS = 40_000
_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\n\s*")


def _sentences(text):
    return [chunk.split() for chunk in _SENTENCE_END.split(text) if chunk.strip()]


def _word_ops(old_words, new_words):
    """Words of one changed region: common start and end kept, the middle compared word
    by word when it is small enough, else removed and added whole."""
    head, tail = _common_ends(old_words, new_words)
    a_end, b_end = len(old_words) - tail, len(new_words) - tail
    ops = [("equal", 0, head, 0, head)] if head else []
    if (a_end - head) * (b_end - head) > MAX_WORD_PAIRS:
        ops.append(("replace", head, a_end, head, b_end))
    else:
        matcher = difflib.SequenceMatcher(a=old_words[head:a_end], b=new_words[head:b_end],
                                          autojunk=False)
        ops += [(op, head + a1, head + a2, head + b1, head + b2)
                for op, a1, a2, b1, b2 in matcher.get_opcodes()]
    if tail:
        ops.append(("equal", a_end, len(old_words), b_end, len(new_words)))
    return ops


def _common_ends(a, b):
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    return head, tail


def _anchors(a, b):
    """Patience diff's anchors: items that occur once in each side, in an order both
    sides share (longest increasing run, O(n log n))."""
    count_a, count_b = Counter(a), Counter(b)
    where_b = {item: j for j, item in enumerate(b) if count_b[item] == 1}
    pairs = [(i, where_b[item]) for i, item in enumerate(a)
             if count_a[item] == 1 and item in where_b]
    tails, links, ends = [], [None] * len(pairs), []
    for index, (_i, j) in enumerate(pairs):
        spot = bisect.bisect_left(tails, j)
        links[index] = ends[spot - 1] if spot else None
        if spot == len(tails):
            tails.append(j)
            ends.append(index)
        else:
            tails[spot], ends[spot] = j, index
    chain, index = [], ends[-1] if ends else None
    while index is not None:
        chain.append(pairs[index])
        index = links[index]
    return chain[::-1]


def _sentence_ops(a, b, depth=0):
    """Opcodes like difflib's, by patience diff: each level is linear, and a region with
    no unique anchor (or too deep) is one 'replace' instead of a quadratic search."""
    head, tail = _common_ends(a, b)
    ops = [("equal", 0, head, 0, head)] if head else []
    a_mid, b_mid = a[head:len(a) - tail], b[head:len(b) - tail]
    anchors = _anchors(a_mid, b_mid) if a_mid and b_mid and depth < 40 else []
    if not anchors:
        if a_mid or b_mid:
            ops.append(("replace", head, head + len(a_mid), head, head + len(b_mid)))
    else:
        i0 = j0 = 0
        for i, j in [*anchors, (len(a_mid), len(b_mid))]:
            for op, a1, a2, b1, b2 in _sentence_ops(a_mid[i0:i], b_mid[j0:j], depth + 1):
                ops.append((op, head + i0 + a1, head + i0 + a2, head + j0 + b1, head + j0 + b2))
            if i < len(a_mid):
                ops.append(("equal", head + i, head + i + 1, head + j, head + j + 1))
            i0, j0 = i + 1, j + 1
    if tail:
        ops.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return ops


def word_diff(old, new):
    """HTML with removed words in <del> and added words in <ins>; escaped throughout.

    Near-linear: sentences are matched first (patience diff on whole sentences), and
    words are compared only inside a changed run of sentences, bounded by MAX_WORD_PAIRS."""
    old_sentences, new_sentences = _sentences(old), _sentences(new)
    parts = []

    def emit(op, a_words, b_words):
        if op == "equal":
            parts.append(escape(" ".join(b_words)))
            return
        if a_words:
            parts.append(f"<del>{escape(' '.join(a_words))}</del>")
        if b_words:
            parts.append(f"<ins>{escape(' '.join(b_words))}</ins>")

    ops = _sentence_ops([" ".join(x) for x in old_sentences],
                        [" ".join(x) for x in new_sentences])
    for op, a1, a2, b1, b2 in ops:
        if a1 == a2 and b1 == b2:
            continue
        a_words = [w for sentence in old_sentences[a1:a2] for w in sentence]
        b_words = [w for sentence in new_sentences[b1:b2] for w in sentence]
        if op == "equal":
            emit(op, a_words, b_words)
            continue
        for word_op, i1, i2, j1, j2 in _word_ops(a_words, b_words):
            emit(word_op, a_words[i1:i2], b_words[j1:j2])
    return mark_safe(" ".join(part for part in parts if part))  # noqa: S308 - escaped above


def _script_state(message_ids, user):
    """({message id: its newest ScriptRevision}, {message id: the version `user` read})."""
    latest, acked = {}, {}
    if not message_ids:
        return latest, acked
    for revision in ScriptRevision.objects.filter(message_id__in=message_ids).order_by(
            "message_id", "-version"):
        latest.setdefault(revision.message_id, revision)
    if user is not None:
        acked = dict(Acknowledgement.objects.filter(user=user, message_id__in=message_ids)
                     .values("message_id").annotate(v=Max("version"))
                     .values_list("message_id", "v"))
    return latest, acked


def current_scripts(user=None, second_language=""):
    """Scripts of messages used by active alerts, most urgent first; with a second language,
    each carries that translation's script (or nothing when it is not translated yet)."""
    by_message = {}
    for alert in active_alerts():
        entry = by_message.setdefault(alert.message_id, {"message": alert.message, "alerts": []})
        entry["alerts"].append(alert)
    if not by_message:
        return []
    latest, acked = _script_state(list(by_message), user)
    scripts = []
    for message_id, entry in by_message.items():
        message, revision = entry["message"], latest.get(message_id)
        script = Script(
            message=message, version=revision.version if revision else message.script_version,
            text=revision.text if revision else message.agent_script,
            updated_at=revision.created_at if revision else message.last_published_at,
            severity=min((a.severity for a in entry["alerts"]), key=SEVERITY_ORDER.index),
            alerts=entry["alerts"], acknowledged_version=acked.get(message_id, 0))
        _add_second_language(script, second_language)
        if script.changed:
            old = ScriptRevision.objects.filter(message_id=message_id,
                                                version=script.acknowledged_version).first()
            if old:
                script.diff_html = word_diff(old.text, script.text)
        elif user is not None and not script.acknowledged_version:
            _diff_with_the_update_replaced(script, user)
        scripts.append(script)
    return sorted(scripts, key=lambda s: (SEVERITY_ORDER.index(s.severity),
                                          -(s.updated_at.timestamp() if s.updated_at else 0)))


def ended_scripts(user=None, second_language=""):
    """Alerts cancelled in the last two days, newest first, so agents can answer "is it
    over?": with closing words (an all-clear), their script, read and acknowledged like any
    other; without, only that it ended, never its old instructions again."""
    cancels = list(Alert.objects.filter(
        msg_type=Alert.MsgType.CANCEL, state=Alert.State.CANCELLED,
        status=Alert.Status.ACTUAL, scope=Alert.Scope.PUBLIC,
        sent_at__gte=timezone.now() - RECENTLY_ENDED)
        .select_related("message", "references__message").order_by("-sent_at"))
    latest, acked = _script_state(
        [c.message_id for c in cancels if c.ends_with_closing_words], user)
    scripts = []
    for cancel in cancels:
        script = Script(message=cancel.message, version=0, text="", updated_at=cancel.sent_at,
                        severity=cancel.severity, alerts=[cancel],
                        ended_headline=cancel.references.message.headline,
                        ended_at=cancel.sent_at)
        if cancel.ends_with_closing_words:
            revision = latest.get(cancel.message_id)
            script.version = revision.version if revision else cancel.message.script_version
            script.text = revision.text if revision else cancel.message.agent_script
            script.acknowledged_version = acked.get(cancel.message_id, 0)
            _add_second_language(script, second_language)
        scripts.append(script)
    return scripts


def _diff_with_the_update_replaced(script, user):
    """An update written in crisis control speaks a new message: a new script the agent has
    not read. When the alert it updates spoke one the agent had read, the card shows what
    changed since then (a crisis-day probe saw "version 1 · Not yet read" and no diff)."""
    for alert in script.alerts:
        previous = alert.references
        if previous is None or previous.message_id == script.message.pk:
            continue
        read = (Acknowledgement.objects.filter(user=user, message_id=previous.message_id)
                .aggregate(v=Max("version"))["v"])
        old = (ScriptRevision.objects.filter(message_id=previous.message_id, version=read)
               .first() if read else None)
        if old is not None:
            script.diff_html = word_diff(old.text, script.text)
            script.replaces = previous.message.headline
            return


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


def _add_second_language(script, language_code):
    """The script in the agent's chosen second language, or nothing when it is not
    translated (or not published) there yet."""
    if not language_code:
        return
    script.second_language = language_code
    translation = _translation(script.message, language_code)
    script.second_text = translation.agent_script if translation else ""


def _translation(message, language_code):
    locale = Locale.objects.filter(language_code=language_code).first()
    translation = message.get_translation_or_none(locale) if locale else None
    return translation if translation is not None and translation.live else None
