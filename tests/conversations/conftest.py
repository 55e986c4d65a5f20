"""Ask Beacon fixtures: FAQs searched by the database backend (lexical only: the answers
must not depend on a model being on this machine), staffed or closed hours, agents, and
the SMS provider's real client code against a faked Twilio API (responses)."""

import base64
import hashlib
import hmac

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.test import Client

import pytest

from conversations.models import AskSettings
from search.backends import get_backend
from search.documents import all_documents
from tests.helpers.content import make_faq
from tests.helpers.sms import TWILIO, sms, texts  # noqa: F401 - the sms fixture


@pytest.fixture(autouse=True)
def immediate_on_commit(monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def faqs(site, settings):
    settings.SEARCH_BACKEND = "database"
    settings.SEARCH_SEMANTIC_LANGUAGES = []
    made = [make_faq(question="When is garbage collected?",
                     short_answer="Garbage is collected on Mondays before 7 am."),
            make_faq(question="Is the tap water safe to drink?",
                     short_answer="Yes, but boil it for one minute first.")]
    get_backend("database").rebuild(all_documents())
    return made


def set_hours(site, staffed):
    ask_settings = AskSettings.for_site(site.get_site())
    ask_settings.always_staffed = staffed
    ask_settings.staffed_days = "0,1,2,3,4" if staffed else ""
    ask_settings.save()
    return ask_settings


@pytest.fixture
def staffed(site):
    return set_hours(site, True)


@pytest.fixture
def closed(site):
    return set_hours(site, False)


def make_agent(django_user_model, name, supervisor=False):
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw")
    group, _ = Group.objects.get_or_create(name="Agent supervisors" if supervisor else "Agents")
    user.groups.add(group)
    return user


@pytest.fixture
def agent_client(client_factory, django_user_model):
    return client_factory(make_agent(django_user_model, "amal"))


@pytest.fixture
def client_factory(db):
    def make(user=None):
        made = Client()
        if user is not None:
            made.force_login(user)
        return made
    return make


def texts_sent(fake):
    return [text["Body"][0] for text in texts(fake)]


def text_in(client, phone, body):
    """An inbound text, signed as Twilio signs its webhooks; returns the reply text ("" if
    none)."""
    url = "http://testserver/subscribe/sms/inbound"
    params = {"From": phone, "Body": body}
    data = url + "".join(f"{k}{v}" for k, v in sorted(params.items()))
    signature = base64.b64encode(hmac.new(b"twilio-secret", data.encode(),
                                          hashlib.sha1).digest()).decode()
    response = client.post("/subscribe/sms/inbound", params, HTTP_X_TWILIO_SIGNATURE=signature)
    assert response.status_code == 200
    body = response.content.decode()
    if "<Message>" not in body:
        return ""
    return (body.split("<Message>", 1)[1].split("</Message>", 1)[0]
            .replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
