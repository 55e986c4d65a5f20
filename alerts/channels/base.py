"""The one interface every channel implements.

A channel turns one Delivery (one alert to one channel) into a receipt, or raises
RetryableError (try again later, maybe at `retry_after` seconds) or PermanentError
(stop and show it in the admin). `deliver` must be safe to call again for the same
delivery: the outbox locks the row and never calls it once the delivery is done.
"""


class RetryableError(Exception):
    def __init__(self, message, retry_after=None):
        super().__init__(message)
        self.retry_after = retry_after


class PermanentError(Exception):
    pass


class Channel:
    name = "base"
    label = "Base"

    def is_enabled(self):
        return True

    def disabled_reason(self):
        return ""

    def deliver(self, delivery):
        raise NotImplementedError

    def preview(self, alert):
        """What this channel will show for `alert`, as text, before publishing."""
        return ""

    def test_connection(self):
        """(ok, detail): can this channel reach its service right now?"""
        return True, "Nothing to connect to."
