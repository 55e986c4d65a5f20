"""What alerts tell the layers above them. Alerts never import the page cache or search:
they send `alert_changed` and whoever keeps a copy of the site listens (portal drops the
page cache and purges the CDN, search reindexes).

`alert_changed` is sent once per publish, update, cancel or expiry, inside the
transaction that changed the alert; receivers defer their work to the commit
(`transaction.on_commit`) when it must not run on a rollback.
"""

from django.dispatch import Signal

alert_changed = Signal()  # kwargs: alert, reason
# An FAQ or page on the "Check after alert ended" list was marked checked: the notice over
# its answer ("... has ended, and this answer may not say so yet") goes. Kwargs: reason.
ended_alert_checked = Signal()
