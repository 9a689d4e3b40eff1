"""A circuit breaker that lets concurrent calls run side by side while it is closed.

pybreaker holds its lock for the whole guarded call (danielfm/pybreaker#3), so with one slow dependency
every request thread queues behind the one in flight: eight orders during a catalog pause would wait
eight read timeouts in turn, and the service would hang instead of timing out. This subclass keeps
pybreaker's states, counters, listeners and visibility, but holds the lock only to read and update
them while closed. Open (fail fast) and half-open (one trial call) keep pybreaker's own path.
It relies on pybreaker's state objects, so pybreaker is pinned in requirements.txt.
"""

from collections.abc import Callable
from typing import TypeVar

import pybreaker

T = TypeVar("T")


class CircuitBreaker(pybreaker.CircuitBreaker):
    def call(self, func: Callable[..., T], *args, **kwargs) -> T:
        with self._lock:
            state = self.state
            if state.name != pybreaker.STATE_CLOSED:
                return super().call(func, *args, **kwargs)
        for listener in self.listeners:
            listener.before_call(self, func, *args, **kwargs)
        try:
            result = func(*args, **kwargs)
        except BaseException as error:
            with self._lock:
                state._handle_error(error)  # counts the failure, opens the breaker at fail_max, re-raises
            raise
        with self._lock:
            state._handle_success()
        return result
