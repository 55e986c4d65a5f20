from django.core.management import call_command
from django.db import transaction

import pytest

from alerts import publishing
from alerts.models import Alert, Delivery
from tests.helpers.content import make_message


@pytest.mark.django_db
def test_export_static_writes_hub_home_faqs_and_feeds(tmp_path, capsys):
    call_command("seed_demo")
    call_command("export_static", str(tmp_path / "mirror"))
    mirror = tmp_path / "mirror"
    home = (mirror / "index.html").read_text()
    assert 'id="crisis-banner"' in home
    assert "Latest updates" in (mirror / "updates" / "index.html").read_text()
    assert (mirror / "faq" / "is-the-tap-water-safe-to-drink" / "index.html").exists()
    assert "<feed" in (mirror / "alerts" / "feed.atom").read_text()
    assert 'xml:lang="es"' in (mirror / "es" / "alerts" / "feed.atom").read_text()
    assert list((mirror / "alerts" / "cap").glob("*.xml"))
    assert (mirror / "static" / "css" / "site.css").exists()
    assert "Wrote" in capsys.readouterr().out


@pytest.mark.django_db
def test_mirror_is_refreshed_after_each_alert_publish(tmp_path, settings, site, monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    settings.STATIC_MIRROR_DIR = str(tmp_path / "mirror")
    alert = Alert.objects.create(event="Flood", area_desc="Harbor",
                                 message=make_message(headline="Harbor flooding"))
    publishing.publish(alert)
    delivery = Delivery.objects.get(alert=alert, channel="static_mirror")
    assert delivery.state == "delivered" and delivery.receipt["files"] >= 3
    assert "Harbor flooding" in (tmp_path / "mirror" / "index.html").read_text()


@pytest.mark.django_db
def test_export_static_never_deletes_a_folder_it_did_not_write(tmp_path, site):
    from django.core.management import CommandError

    target = tmp_path / "www"
    target.mkdir()
    (target / "annual-report.pdf").write_bytes(b"%PDF-1.7 precious")
    with pytest.raises(CommandError, match="not a Beacon mirror"):
        call_command("export_static", str(target))
    assert (target / "annual-report.pdf").read_bytes() == b"%PDF-1.7 precious"
    mirror = tmp_path / "mirror"
    call_command("export_static", str(mirror))
    assert oct(mirror.stat().st_mode & 0o777) == "0o755"
    call_command("export_static", str(mirror))  # its own mirror is replaced again
    assert (mirror / "index.html").exists()


@pytest.mark.django_db
def test_static_mirror_has_no_dead_links(tmp_path):
    import re
    from urllib.parse import urlsplit

    call_command("seed_demo")
    mirror = tmp_path / "mirror"
    call_command("export_static", str(mirror))
    dead = set()
    pages = list(mirror.rglob("*.html"))
    assert len(pages) > 60  # every language, topic, guide and answer
    for page in pages:
        for link in re.findall(r'(?:href|action|src)="(/[^"]*)"', page.read_text()):
            path = urlsplit(link).path
            target = mirror / path.lstrip("/")
            if path.endswith("/"):
                target = target / "index.html"
            if not target.exists():
                dead.add((page.relative_to(mirror).as_posix(), path))
    assert not dead, sorted(dead)[:20]
    offline = (mirror / "es" / "search" / "index.html").read_text()
    assert "La búsqueda no está disponible" in offline and "/es/faq/" in offline
