"""Ask Beacon hears inbound texts from alerts (which does not know it exists)."""

from alerts.sms import inbound_text

from .sms import handle_inbound_question

inbound_text.connect(handle_inbound_question, dispatch_uid="conversations.sms")
