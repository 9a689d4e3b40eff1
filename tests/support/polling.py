"""Asynchronous outcomes are awaited by polling with a deadline, never by a bare sleep."""

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class DeadlineExceeded(AssertionError):
    pass


def wait_until(probe: Callable[[], T], *, timeout: float, interval: float = 0.1, message: str = "") -> T:
    """Call `probe` until it returns something truthy; fail with `message` and the last value otherwise."""
    deadline = time.monotonic() + timeout
    last: object = None
    while True:
        try:
            last = probe()
        except Exception as error:  # noqa: BLE001 - a probe may fail while the system converges
            last = error
        else:
            if last:
                return last
        if time.monotonic() >= deadline:
            raise DeadlineExceeded(f"{message or 'condition not met'} within {timeout}s (last: {last!r})")
        time.sleep(interval)
