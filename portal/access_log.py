"""No subscription tokens in logs (issue 23 point 10).

A confirm, manage or unsubscribe link is a key to someone's subscription; an access log
keeps it next to the client's address for as long as logs are kept. Granian's access log
and Django's request warnings ("Bad Request: /subscribe/manage/<token>/") are written
with the token replaced by [token]; deploy/nginx.conf does the same for nginx's log.
"""

import logging
import re

TOKEN_PATH = re.compile(r"(/subscribe/(?:confirm|manage|unsubscribe)/)[^/?\s\"]+")
LOGGERS = ("granian.access", "django.request", "django.server")


def redact(text):
    return TOKEN_PATH.sub(r"\1[token]", text)


class RedactTokens(logging.Filter):
    def filter(self, record):
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: redact(value) if isinstance(value, str) else value
                           for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(redact(value) if isinstance(value, str) else value
                                for value in record.args)
        return True


def install():
    """On the loggers themselves (not handlers): whoever configures the handlers later
    (Granian in its workers, Django's LOGGING), the records are redacted first."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
