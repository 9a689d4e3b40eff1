"""Fixtures shared by the cross-service test layers."""

import os

import pytest

from support.stack import start_stack
from workshop import faults
from workshop.target import Target


@pytest.fixture(scope="session")
def stack():
    """The compose stack, started once per session on first use and removed at the end.

    Set KEEP_STACK=1 to leave it running after the tests for a look (`docker compose -p msfe-test ps`).
    """
    running = start_stack()
    yield running
    if not os.environ.get("KEEP_STACK"):
        running.project.down()


@pytest.fixture
def target(stack) -> Target:
    return stack.target


@pytest.fixture
def restored(target):
    """For a test that breaks the stack: whatever happens in it, everything is back afterwards."""
    yield target
    faults.restore(target)
