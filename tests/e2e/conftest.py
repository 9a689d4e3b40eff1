"""End-to-end tests on the real compose stack (tests/conftest.py starts it)."""

import uuid

import pytest


@pytest.fixture
def correlation_id() -> str:
    return f"e2e-{uuid.uuid4().hex[:12]}"
