from pathlib import Path

from django.core.management import call_command

import pytest
from lxml import etree

from alerts import publishing
from alerts.api import issue_token
from alerts.models import Alert
from tests.alerts.test_outbox import make_alert
from tests.helpers.content import make_message

XSD = etree.XMLSchema(etree.parse(str(Path(__file__).parents[1] / "fixtures" / "CAP-v1.2-os.xsd")))
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.django_db
def test_cap_documents_validate_against_the_oasis_schema(client, site):
    alert = publishing.publish(make_alert(polygon="44.1,-93.2 44.2,-93.2 44.2,-93.1 44.1,-93.2",
                                          geocodes={"FIPS6": "099001"}))
    update = publishing.update(alert, message=make_message(headline="Boil notice extended"))
    cancel = publishing.cancel(update)
    for item in (alert, update, cancel):
        response = client.get(f"/alerts/cap/{item.pk}.xml")
        assert response["Content-Type"].startswith("application/cap+xml")
        document = etree.fromstring(response.content)
        XSD.assertValid(document)
    ns = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}
    cancel_doc = etree.fromstring(client.get(f"/alerts/cap/{cancel.pk}.xml").content)
    assert cancel_doc.findtext("cap:msgType", namespaces=ns) == "Cancel"
    assert update.identifier in cancel_doc.findtext("cap:references", namespaces=ns)


@pytest.mark.django_db
def test_draft_alerts_are_not_in_the_feeds(client, site):
    draft = make_alert()
    assert client.get(f"/alerts/cap/{draft.pk}.xml").status_code == 404
    live = publishing.publish(make_alert(message=make_message(headline="Bridge closed")))
    feed = etree.fromstring(client.get("/alerts/cap.atom").content)
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert any(href.endswith(f"/alerts/cap/{live.pk}.xml") for href in links)
    assert not any(href.endswith(f"/alerts/cap/{draft.pk}.xml") for href in links)
    people = client.get("/alerts/feed.atom").content.decode()
    assert "Bridge closed" in people


@pytest.mark.django_db
def test_api_requires_a_token_and_publishes(client, django_user_model, site):
    assert client.get("/api/v1/alerts/").status_code == 401
    user = django_user_model.objects.create_superuser("eoc", "eoc@x.example", "pw")
    token = issue_token(user)
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    message = make_message(headline="Shelter open")
    body = {"message_id": message.pk, "event": "Shelter", "area_desc": "Citywide",
            "publish": True}
    refused = client.post("/api/v1/alerts/", body, content_type="application/json", **auth)
    assert refused.status_code == 400 and "translation" in refused.json()["error"]
    response = client.post("/api/v1/alerts/", {**body, "confirm_missing_translations": True},
                           content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["state"] == "active" and {d["channel"] for d in data["deliveries"]} >= {"site"}
    cancel = client.post(f"/api/v1/alerts/{data['id']}/cancel/", {}, content_type="application/json",
                         **auth)
    assert cancel.json()["msgType"] == "Cancel"
    assert Alert.objects.get(pk=data["id"]).state == "cancelled"
    bad = client.post("/api/v1/alerts/", "not json", content_type="application/json", **auth)
    assert bad.status_code == 400


@pytest.mark.django_db
def test_api_refuses_users_without_permission(client, django_user_model, site):
    user = django_user_model.objects.create_user("viewer", "v@x.example", "pw")
    token = issue_token(user)
    response = client.post("/api/v1/alerts/", {"message_id": make_message().pk, "event": "x",
                                                "area_desc": "y"},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 403


@pytest.mark.django_db
def test_create_api_token_command_prints_a_working_token(client, django_user_model, capsys):
    django_user_model.objects.create_superuser("ops", "o@x.example", "pw")
    call_command("create_api_token", "ops")
    token = capsys.readouterr().out.strip().split()[-1]
    assert client.get("/api/v1/alerts/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


@pytest.mark.django_db
def test_crisis_control_is_permission_checked(client, django_user_model, site):
    alert = make_alert()
    user = django_user_model.objects.create_user("editor", "e@x.example", "pw")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/crisis-control/").status_code in (302, 403)
    assert client.post(f"/admin/crisis-control/{alert.pk}/publish/", {"when": "now"}).status_code \
        in (302, 403)
    assert Alert.objects.get(pk=alert.pk).state == "draft"


@pytest.mark.django_db
def test_crisis_control_previews_and_publishes(admin_client, site):
    alert = make_alert()
    page = admin_client.get(f"/admin/crisis-control/{alert.pk}/").content.decode()
    assert "urn:oasis:names:tc:emergency:cap:1.2" in page  # CAP preview
    assert "weighted characters" in page  # X preview with its length
    assert "es: <strong>missing</strong>" in page  # translation status before publishing
    refused = admin_client.post(f"/admin/crisis-control/{alert.pk}/publish/", {"when": "now"},
                                follow=True)
    assert "translation. Confirm to publish anyway" in refused.content.decode()
    assert Alert.objects.get(pk=alert.pk).state == "draft"
    response = admin_client.post(f"/admin/crisis-control/{alert.pk}/publish/",
                                 {"when": "now", "confirm_missing_translations": "on"})
    assert response.status_code == 302
    assert Alert.objects.get(pk=alert.pk).state == "active"


def _self_signed(tmp_path):
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "alerts.portalder.example")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    key_file, cert_file = tmp_path / "key.pem", tmp_path / "cert.pem"
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


@pytest.mark.django_db
def test_cap_is_signed_with_xml_dsig_when_configured(client, site, settings, tmp_path):
    from signxml.exceptions import InvalidSignature

    from alerts.cap_signing import verify

    key_file, cert_file = _self_signed(tmp_path)
    settings.CAP_SIGNING_KEY_FILE, settings.CAP_SIGNING_CERT_FILE = str(key_file), str(cert_file)
    alert = publishing.publish(make_alert())
    body = client.get(f"/alerts/cap/{alert.pk}.xml").content
    XSD.assertValid(etree.fromstring(body))  # a signed document is still valid CAP
    assert b"http://www.w3.org/2000/09/xmldsig#" in body
    verify(body, cert_file.read_text())
    with pytest.raises(InvalidSignature):
        verify(body.replace(b"East Hill", b"West Hill"), cert_file.read_text())
