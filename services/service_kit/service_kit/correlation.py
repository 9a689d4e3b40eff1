"""Correlation ids: one id follows a request through every event it causes, and the events those cause."""

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

HEADER = "X-Correlation-ID"
_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,128}")
_current: ContextVar[str | None] = ContextVar("correlation_id", default=None)


def is_valid(candidate: str | None) -> bool:
    return bool(candidate) and _PATTERN.fullmatch(candidate) is not None


def accept_or_generate(candidate: str | None) -> str:
    """Keep a well-formed id from the caller; replace anything else, so logs stay parseable."""
    return candidate if is_valid(candidate) else str(uuid.uuid4())


def current() -> str | None:
    return _current.get()


def current_or_new() -> str:
    return _current.get() or str(uuid.uuid4())


@contextmanager
def bound(correlation_id: str) -> Iterator[str]:
    token = _current.set(correlation_id)
    try:
        yield correlation_id
    finally:
        _current.reset(token)


def bind(correlation_id: str):
    """Set the id for the current context; returns the token that `unbind` needs."""
    return _current.set(correlation_id)


def unbind(token) -> None:
    _current.reset(token)
