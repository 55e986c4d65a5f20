import pytest

from search.backends import get_backend
from search.documents import all_documents
from tests.helpers.content import make_faq


@pytest.fixture
def faqs(site):
    """Two published FAQs, indexed by the database backend (modules may define their own)."""
    found = [
        make_faq(question="Where is the nearest warming shelter?",
                 short_answer="Millbrook Community Center is open 24 hours."),
        make_faq(question="When is garbage collected?", short_answer="Mondays."),
    ]
    get_backend("database").index(all_documents())
    return found
