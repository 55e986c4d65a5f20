from django.db import transaction

import pytest


@pytest.fixture(autouse=True)
def immediate_on_commit(monkeypatch):
    """Tests run inside one transaction that never commits; run after-commit work at once.
    test_dispatch_waits_for_commit checks the real ordering separately."""
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
