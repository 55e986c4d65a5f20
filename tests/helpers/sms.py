"""The SMS provider's real client code (alerts.sms.TwilioProvider) against a faked Twilio
API at the HTTP layer (responses): the one `sms` fixture for alert and Ask Beacon tests."""

from urllib.parse import parse_qs

import pytest
import responses

TWILIO = "https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json"


@pytest.fixture
def sms(settings):
    settings.SMS_PROVIDER = "alerts.sms.TwilioProvider"
    settings.SMS_ACCOUNT_SID, settings.SMS_AUTH_TOKEN = "AC123", "twilio-secret"
    settings.SMS_FROM_NUMBER = "+15550100000"
    with responses.RequestsMock(assert_all_requests_are_fired=False) as fake:
        fake.add(responses.POST, TWILIO, json={"sid": "SM1"}, status=201)
        yield fake


def texts(fake):
    """Every text sent through the fake, as its form fields ({"To": [...], "Body": [...]})."""
    return [parse_qs(call.request.body) for call in fake.calls if call.request.url == TWILIO]
