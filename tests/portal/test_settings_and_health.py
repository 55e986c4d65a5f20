import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "k" * 30 + "-random-enough-for-a-deploy-check-0123456789",
    "ALLOWED_HOSTS": "portal.example.gov",
    "CSRF_TRUSTED_ORIGINS": "https://portal.example.gov",
    "DATABASE_URL": "sqlite:////tmp/beacon-deploy-check.sqlite3",
}


def _manage(*args, env):
    clean = {k: v for k, v in os.environ.items()
             if k not in ("SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},  # noqa: S603
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_for_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PROD_ENV.items() if k != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0 and "Set the SECRET_KEY environment variable" in result.stderr


@pytest.mark.django_db
def test_healthz_and_readyz(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz", HTTP_AUTHORIZATION="Bearer test-readyz").json()
    assert ready["ready"] is True
    assert set(ready["checks"]) == {"database", "cache", "broker", "search"}


@pytest.mark.django_db
def test_readyz_tells_anonymous_clients_only_up_or_down(client, django_user_model):
    """Issue 23 point 12: backend names and document counts are not for anyone who asks."""
    anonymous = client.get("/readyz")
    assert anonymous.status_code == 200 and anonymous.json() == {"ready": True}
    wrong = client.get("/readyz", HTTP_AUTHORIZATION="Bearer guess")
    assert wrong.json() == {"ready": True}
    client.force_login(django_user_model.objects.create_user("resident", password="x"))
    assert client.get("/readyz").json() == {"ready": True}
    client.force_login(django_user_model.objects.create_user("ops", password="x", is_staff=True))
    assert "checks" in client.get("/readyz").json()


@pytest.mark.django_db
def test_public_pages_send_security_headers(client, site):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.django_db
def test_admin_requires_login(client):
    response = client.get("/admin/crisis-control/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_admin_login_is_rate_limited(client):
    statuses = [client.post("/admin/login/", {"username": "x", "password": "wrong"}).status_code
                for _ in range(12)]
    assert statuses[:10] == [200] * 10 and statuses[10:] == [429, 429]


@pytest.mark.django_db
def test_document_uploads_refuse_unexpected_file_types(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("payload.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = admin_client.post("/admin/documents/multiple/add/", {"files[]": upload},
                                 HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    from wagtail.documents.models import Document

    assert not Document.objects.exists()
    assert response.status_code in (200, 400)
