"""Signed JSON to partner systems configured in the admin.

Each request carries `X-Beacon-Timestamp` and `X-Beacon-Signature: sha256=<hex>`, the
HMAC-SHA256 of "<timestamp>.<body>" with the endpoint's secret, and `X-Beacon-Delivery`
(the idempotency key partners can use to drop repeats). Endpoints already delivered are
skipped on retry.
"""

import hashlib
import hmac
import json
import time

import requests

from alerts.cap import reference_string
from alerts.models import WebhookEndpoint
from alerts.urls_helpers import absolute

from .base import Channel, PermanentError, RetryableError

REQUEST_TIMEOUT = 5


ENDED_BODY = "This alert is no longer in force."


def payload_for(alert):
    return {
        "identifier": alert.identifier, "msgType": alert.msg_type, "status": alert.status,
        "state": alert.state, "event": alert.event, "severity": alert.severity,
        "urgency": alert.urgency, "certainty": alert.certainty, "area": alert.area_text(),
        "areas": [area.slug for area in alert.area_list()],
        "headline": alert.message.headline,
        # a cancel without closing words never repeats what the alert told people to do
        "body": ENDED_BODY if alert.ends_without_new_words else alert.message.plain_body,
        "sms": "" if alert.ends_without_new_words else alert.message.sms_text, "web": alert.web,
        "cap_url": absolute(alert.get_cap_url()) if alert.pk else None,
        "references": reference_string(alert.references) if alert.references_id else None,
        "sent": (alert.sent_at or alert.created_at).isoformat(),
        "expires": alert.expires.isoformat() if alert.expires else None,
    }


def sign(secret, timestamp, body):
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


class WebhookChannel(Channel):
    name = "webhooks"
    label = "Partner webhooks"

    def endpoints(self):
        return list(WebhookEndpoint.objects.filter(active=True))

    def is_enabled(self):
        return bool(self.endpoints())

    def disabled_reason(self):
        return "" if self.is_enabled() else "No active webhook endpoints are configured."

    def preview(self, alert):
        return json.dumps(payload_for(alert), indent=2)

    def _post(self, endpoint, body, delivery_key):
        timestamp = str(int(time.time()))
        return requests.post(endpoint.url, data=body, timeout=REQUEST_TIMEOUT, headers={
            "Content-Type": "application/json",
            "X-Beacon-Timestamp": timestamp,
            "X-Beacon-Signature": f"sha256={sign(endpoint.secret, timestamp, body)}",
            "X-Beacon-Delivery": delivery_key,
        })

    def deliver(self, delivery):
        body = json.dumps(payload_for(delivery.alert), sort_keys=True).encode()
        done = delivery.receipt.setdefault("endpoints", {})
        retry, permanent = [], []
        for endpoint in self.endpoints():
            if done.get(str(endpoint.pk), {}).get("ok"):
                continue
            try:
                response = self._post(endpoint, body, delivery.key)
            except requests.RequestException as exc:
                done[str(endpoint.pk)] = {"ok": False, "error": str(exc)[:200]}
                retry.append(endpoint.name)
                continue
            ok = 200 <= response.status_code < 300
            done[str(endpoint.pk)] = {"ok": ok, "status": response.status_code}
            if not ok:
                (retry if response.status_code >= 500 or response.status_code == 429
                 else permanent).append(f"{endpoint.name} ({response.status_code})")
        if retry:
            raise RetryableError("Webhook endpoints to retry: " + ", ".join(retry))
        if permanent:
            raise PermanentError("Webhook endpoints refused: " + ", ".join(permanent))
        return delivery.receipt

    def test_connection(self):
        results = []
        for endpoint in self.endpoints():
            body = json.dumps({"test": True}).encode()
            try:
                response = self._post(endpoint, body, "connection-test")
                results.append((endpoint.name, response.status_code < 300,
                                str(response.status_code)))
            except requests.RequestException as exc:
                results.append((endpoint.name, False, str(exc)[:120]))
        if not results:
            return False, self.disabled_reason()
        return all(ok for _, ok, _ in results), "; ".join(f"{n}: {d}" for n, _, d in results)
