"""Readiness that tells the truth: database, broker, outbox backlog, breakers and background workers.

Ready stays 200 while the service can serve, degraded or not; only a lost database makes it 503.
"""

from collections.abc import Mapping
from typing import Any

import pybreaker

from service_kit import outbox
from service_kit.database import Database
from service_kit.worker import BackgroundWorker

_BREAKER_STATES = {"closed": "closed", "open": "open", "half-open": "half_open"}


def breaker_state(breaker: pybreaker.CircuitBreaker) -> str:
    return _BREAKER_STATES.get(breaker.current_state, breaker.current_state)


class Readiness:
    def __init__(
        self,
        database: Database,
        workers: list[BackgroundWorker] = (),
        breakers: Mapping[str, pybreaker.CircuitBreaker] | None = None,
        has_outbox: bool = True,
    ):
        self._database = database
        self._workers = list(workers)
        self._breakers = dict(breakers or {})
        self._has_outbox = has_outbox

    def report(self) -> dict[str, Any]:
        database_ok = self._database.is_available()
        broker_ok = bool(self._workers) and all(worker.connected for worker in self._workers)
        breakers = {name: breaker_state(breaker) for name, breaker in self._breakers.items()}
        workers = {worker.name: worker.state for worker in self._workers}
        backlog = outbox.backlog(self._database) if database_ok and self._has_outbox else 0
        if not database_ok:
            status = "down"
        elif not broker_ok or any(state != "closed" for state in breakers.values()) or "failed" in workers.values():
            status = "degraded"
        else:
            status = "ok"
        return {
            "status": status,
            "checks": {
                "database": "ok" if database_ok else "down",
                "broker": "ok" if broker_ok else "down",
                "outbox_backlog": backlog,
                "breakers": breakers,
                "workers": workers,
            },
        }
