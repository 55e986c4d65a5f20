"""Optional XML-DSig (enveloped, RSA-SHA256) for CAP documents.

Configured by CAP_SIGNING_KEY_FILE and CAP_SIGNING_CERT_FILE (PEM). Without them CAP is
served unsigned; with them every CAP document carries a <Signature> as its last child,
where the CAP 1.2 schema allows it.
"""

from functools import lru_cache
from pathlib import Path

from django.conf import settings

from lxml import etree
from signxml import XMLSigner, XMLVerifier, methods


def signing_configured():
    return bool(getattr(settings, "CAP_SIGNING_KEY_FILE", "") and
                getattr(settings, "CAP_SIGNING_CERT_FILE", ""))


@lru_cache(maxsize=2)
def _credentials(key_file, cert_file):
    return Path(key_file).read_bytes(), Path(cert_file).read_bytes()


def sign(element):
    key, cert = _credentials(settings.CAP_SIGNING_KEY_FILE, settings.CAP_SIGNING_CERT_FILE)
    signer = XMLSigner(method=methods.enveloped, signature_algorithm="rsa-sha256",
                       digest_algorithm="sha256")
    return signer.sign(element, key=key, cert=cert)


def verify(document_bytes, cert_pem):
    """Raises signxml.exceptions.InvalidSignature when the document was altered."""
    return XMLVerifier().verify(etree.fromstring(document_bytes), x509_cert=cert_pem)
