"""The Draftail editor, tolerant of what no browser sends.

Draftail posts its content as JSON; a hand-made or truncated POST (a script, a fuzzer, a
dropped connection) made Wagtail's converter raise and the admin answer 500. Such input is
kept as plain text instead (escaped, then sanitised on save like any rich text), so the
editor sees a normal form and nothing is lost.
"""

import html
import json

from wagtail.admin.rich_text.editors.draftail import DraftailRichTextArea


class TolerantDraftailRichTextArea(DraftailRichTextArea):
    def value_from_datadict(self, data, files, name):
        raw = data.get(name)
        if raw is None:
            return None
        try:
            parsed = json.loads(raw)
            if not isinstance(parsed, dict) or not isinstance(parsed.get("blocks", []), list):
                raise ValueError("not Draftail content")
            return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, AttributeError, KeyError):
            text = str(raw).strip()
            return "".join(f"<p>{html.escape(part)}</p>" for part in text.split("\n\n")
                           if part.strip())
