"""Issue 23 point 3: every way in with a password is limited per client and per account.

The attack, as reported: 60 wrong passwords at Wagtail's front-end login `/_util/login/`
(same accounts as the admin), then the right one, gave a full admin session; 12 password
reset emails to one address from one client."""

from types import SimpleNamespace

from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.test import Client

from wagtail.models import PageViewRestriction

import pytest

PASSWORD = "correct horse battery staple"  # noqa: S105 - a test account


@pytest.fixture(autouse=True)
def one_window(monkeypatch, settings):
    """Every attempt falls in the same rate-limit window, however slow the machine."""
    monkeypatch.setattr("django_ratelimit.core.time", SimpleNamespace(time=lambda: 1_800_000_010.0))
    settings.LOGIN_ATTEMPTS_PER_MINUTE = 10
    settings.LOGIN_ATTEMPTS_PER_ACCOUNT = "10/15m"
    settings.PASSWORD_RESETS_PER_CLIENT = "5/h"
    settings.PASSWORD_RESETS_PER_ADDRESS = "3/h"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def login(client, path, password, address="203.0.113.10", username="editor"):
    return client.post(path, {"username": username, "password": password},
                       REMOTE_ADDR=address)


def logged_in(client):
    return SESSION_KEY in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/_util/login/", "/es/_util/login/", "/admin/login/"])
def test_sixty_wrong_passwords_then_the_right_one_from_one_client(client, editor, path):
    statuses = [login(client, path, f"guess-{n}").status_code for n in range(60)]
    assert statuses[:10] == [200] * 10  # the form again, with its error
    assert statuses[10:] == [429] * 50
    response = login(client, path, PASSWORD)
    assert response.status_code == 429 and not logged_in(client)


@pytest.mark.django_db
def test_one_account_guessed_from_sixty_addresses(client, editor):
    statuses = [login(client, "/_util/login/", f"guess-{n}", address=f"198.51.100.{n}")
                .status_code for n in range(60)]
    assert statuses.count(429) == 50
    refused = login(client, "/_util/login/", PASSWORD, address="192.0.2.77")
    assert refused.status_code == 429
    # a person reads why and how long (a probe was shown raw JSON saying "a minute")
    page = refused.content.decode()
    assert refused["Content-Type"].startswith("text/html") and "<h1>Too many attempts</h1>" in page
    assert "Wait 15 minutes, then try again." in page and refused["Retry-After"] == "900"
    assert not logged_in(client)
    # the same account written another way is the same account
    assert login(client, "/_util/login/", PASSWORD, address="192.0.2.78",
                 username=" EDITOR").status_code == 429


@pytest.mark.django_db
def test_the_login_forms_share_one_count_per_client(client, editor, django_user_model):
    django_user_model.objects.create_user("other", "other@example.org", "x")
    for n, path in enumerate(["/admin/login/", "/_util/login/", "/es/_util/login/",
                              "/ar/_util/login/", "/django-admin/login/"] * 2):
        login(client, path, f"guess-{n}", username="other" if n % 2 else "editor")
    assert login(client, "/_util/login/", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_within_the_limits_the_right_password_still_works(client, editor):
    for n in range(5):
        login(client, "/_util/login/", f"guess-{n}")
    response = login(client, "/_util/login/", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


@pytest.mark.django_db
def test_a_private_pages_password_is_limited(client, site):
    page = site  # the home page
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret")
    path = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    statuses = [client.post(path, {"password": f"guess-{n}", "return_url": "/"},
                            REMOTE_ADDR=f"198.51.100.{n}").status_code for n in range(30)]
    assert statuses.count(429) == 20
    right = client.post(path, {"password": "s3cret", "return_url": "/"},
                        REMOTE_ADDR="192.0.2.9")
    assert right.status_code == 429


@pytest.mark.django_db
def test_twelve_reset_emails_to_one_address(client, editor):
    # from one client
    statuses = [client.post("/admin/password_reset/", {"email": "editor@example.org"},
                            REMOTE_ADDR="203.0.113.10").status_code for _ in range(12)]
    assert statuses.count(429) == 9 and len(mail.outbox) == 3
    # from twelve clients: the address's own limit holds
    statuses = [client.post("/admin/password_reset/", {"email": "Editor@Example.org"},
                            REMOTE_ADDR=f"198.51.100.{n}").status_code for n in range(12)]
    assert statuses == [429] * 12 and len(mail.outbox) == 3


@pytest.mark.django_db
def test_one_client_cannot_spray_reset_emails_over_many_addresses(client, django_user_model):
    for n in range(12):
        django_user_model.objects.create_user(f"user{n}", f"user{n}@example.org", "x")
    statuses = [client.post("/admin/password_reset/", {"email": f"user{n}@example.org"},
                            REMOTE_ADDR="203.0.113.10").status_code for n in range(12)]
    assert statuses.count(429) == 7 and len(mail.outbox) == 5


@pytest.mark.django_db
def test_guessers_cannot_lock_an_editor_out_of_a_browser_they_used_before(client, editor):
    """The per-account limit would let anyone lock the comms team out on the worst day: a
    browser that signed in to the account before is held to the per-client limit only."""
    assert login(client, "/admin/login/", PASSWORD, address="192.0.2.50").status_code == 302
    client.cookies.pop("sessionid")  # signed out (the test client's logout drops every cookie)
    device = client.cookies["beacon_device"].value
    assert "editor" not in device  # a digest of the account, not its name
    # an attacker spends the account's allowance from many addresses
    for n in range(20):
        login(Client(), "/_util/login/", f"guess-{n}", address=f"198.51.100.{n}")
    fresh = Client()
    assert login(fresh, "/admin/login/", PASSWORD, address="192.0.2.51").status_code == 429
    # the editor's own browser still gets in
    response = login(client, "/admin/login/", PASSWORD, address="192.0.2.50")
    assert response.status_code == 302 and logged_in(client)
    # the cookie does not help guess another account, nor does a forged one
    for cookie, account in ((device, "other"), ("forged", "editor")):
        cache.clear()  # a fresh allowance for the account
        guesser = Client()
        guesser.cookies["beacon_device"] = cookie
        statuses = [login(guesser, "/_util/login/", f"guess-{n}", address=f"203.0.113.{n}",
                          username=account).status_code for n in range(20)]
        assert statuses.count(429) == 10, (cookie, account)
