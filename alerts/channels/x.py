"""X (formerly Twitter) through tweepy's v2 Client.

Updates and cancels reply in the alert's thread. A 429 waits until the rate-limit
window resets; 5xx and network errors are retried; 4xx (bad credentials, duplicate
post, too long) stop and show in the admin.
"""

import time

from django.conf import settings
from django.urls import reverse
from django.utils import translation

import requests
import tweepy

from alerts.models import Delivery
from alerts.urls_helpers import absolute
from content.text_rules import X_MAX_WEIGHTED_LENGTH, x_post_text, x_weighted_length

from .base import Channel, PermanentError, RetryableError

REQUEST_TIMEOUT = 10


def compose_post(alert, message=None):
    """The post as it goes out (what the preview shows and the limit is checked on): the
    message's social text, then the alert's link once."""
    message = message or alert.message
    link = _alert_page(alert, message) or alert.web or absolute("/")
    if alert.msg_type == "Cancel" and alert.ends_without_new_words:
        text = f"CANCELLED: {message.headline}"
    elif alert.ends_with_closing_words:
        # Closing words after the alert they end: "CANCELLED: Tap water is safe again"
        # read as if the safety were cancelled.
        closing = (message.social_text or message.headline).strip()
        ended = alert.references.message
        if ended.locale_id != message.locale_id:
            translated = ended.get_translation_or_none(message.locale)
            ended = translated if translated is not None and translated.live else ended
        text = f"ENDED: {ended.headline.rstrip('.')}. {closing}"
        if x_weighted_length(x_post_text(text, link)) > X_MAX_WEIGHTED_LENGTH:
            text = closing  # as written for X, and checked to fit when it was published
    else:
        text = (message.social_text or message.headline).strip()
    return x_post_text(text, link)


def _alert_page(alert, message):
    """The alert's page in the post's language, as the emails link it (a crisis-day probe's
    post linked the home page); a cancel links the version it ended. None before the alert
    is saved (a preview of a new one)."""
    shown = alert.references_id if alert.msg_type == "Cancel" and alert.references_id \
        else alert.pk
    if not shown:
        return None
    with translation.override(message.locale.language_code if message.locale_id else None):
        return absolute(reverse("alert_page", kwargs={"pk": shown}))


class XChannel(Channel):
    name = "x"
    label = "X"

    def credentials(self):
        return {
            "consumer_key": settings.X_API_KEY,
            "consumer_secret": settings.X_API_SECRET,
            "access_token": settings.X_ACCESS_TOKEN,
            "access_token_secret": settings.X_ACCESS_TOKEN_SECRET,
        }

    def is_enabled(self):
        return all(self.credentials().values())

    def disabled_reason(self):
        return "" if self.is_enabled() else (
            "Set X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN and X_ACCESS_TOKEN_SECRET to enable.")

    def client(self):
        return tweepy.Client(**self.credentials())

    def preview(self, alert):
        text = compose_post(alert)
        return f"{text}\n\n({x_weighted_length(text)} of {X_MAX_WEIGHTED_LENGTH} weighted characters)"

    def _reply_to(self, alert):
        previous = alert.references
        while previous is not None:
            done = Delivery.objects.filter(alert=previous, channel=self.name,
                                           state=Delivery.State.DELIVERED).first()
            if done and done.receipt.get("tweet_id"):
                return done.receipt["tweet_id"]
            previous = previous.references
        return None

    def deliver(self, delivery):
        """The post in the message's language; then, for each language in
        X_THREAD_LANGUAGES with a live translation, that version as a reply in the same
        thread. Progress is kept on the delivery, so a retry never posts twice."""
        alert = delivery.alert
        receipt = delivery.receipt
        if not receipt.get("tweet_id"):
            receipt.update(self._post(compose_post(alert), self._reply_to(alert)))
        for code, message in self._translations(alert):
            done = receipt.setdefault("translations", {})
            if code not in done:
                previous = done[list(done)[-1]] if done else receipt["tweet_id"]
                done[code] = self._post(compose_post(alert, message), previous)["tweet_id"]
        return receipt

    def _translations(self, alert):
        wanted = getattr(settings, "X_THREAD_LANGUAGES", [])
        if not wanted:
            return []
        found = {m.locale.language_code: m for m in
                 alert.message.get_translations().select_related("locale") if m.live}
        return [(code, found[code]) for code in wanted if code in found]

    def _post(self, text, reply_to):
        length = x_weighted_length(text)
        if length > X_MAX_WEIGHTED_LENGTH:
            raise PermanentError(f"Post is {length} weighted characters; X allows "
                                 f"{X_MAX_WEIGHTED_LENGTH}. Shorten the message's social text.")
        try:
            response = self.client().create_tweet(text=text, in_reply_to_tweet_id=reply_to,
                                                  user_auth=True)
        except tweepy.TooManyRequests as exc:
            reset = exc.response.headers.get("x-rate-limit-reset")
            wait = max(int(reset) - int(time.time()), 1) if reset and reset.isdigit() else None
            raise RetryableError(f"X rate limit (429); retry after {wait or 'backoff'} s",
                                 retry_after=wait) from exc
        except tweepy.TwitterServerError as exc:
            raise RetryableError(f"X server error {exc.response.status_code}") from exc
        except tweepy.HTTPException as exc:
            raise PermanentError(f"X refused the post ({exc.response.status_code}): "
                                 f"{'; '.join(exc.api_messages) or exc}") from exc
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise RetryableError(f"Could not reach X: {exc}") from exc
        tweet_id = str(response.data["id"])
        return {"tweet_id": tweet_id, "in_reply_to": reply_to, "text": text,
                "url": f"https://x.com/i/web/status/{tweet_id}"}

    def test_connection(self):
        if not self.is_enabled():
            return False, self.disabled_reason()
        try:
            response = self.client().get_me(user_auth=True)
        except tweepy.HTTPException as exc:
            return False, f"X answered {exc.response.status_code}: {'; '.join(exc.api_messages)}"
        except requests.RequestException as exc:
            return False, f"Could not reach X: {exc}"
        username = (response.data or {}).get("username", "?") if isinstance(
            response.data, dict) else getattr(response.data, "username", "?")
        return True, f"Authenticated as @{username}"
