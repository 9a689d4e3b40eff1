"""What the dashboard knows about the running system: each service's readiness and the broker's queues.

A poller fills this in the background (entrypoints/status_poller.py); the API only reads the last
snapshot, so a slow or vanished service can never slow the dashboard down. Pure Python, no I/O.
"""

from dataclasses import asdict, dataclass, field, replace
from typing import Any

SERVICES = ("catalog", "purchase", "sales", "stock")
_STATUS_OF_READINESS = {"ok": "up", "degraded": "degraded"}


@dataclass(frozen=True)
class ServiceStatus:
    status: str  # "up" | "degraded" | "down"
    checked_at: str | None = None
    ready: dict[str, Any] | None = None
    error: str | None = None

    @classmethod
    def not_checked_yet(cls) -> "ServiceStatus":
        return cls("down", error="not checked yet")

    @classmethod
    def unreachable(cls, checked_at: str, error: str) -> "ServiceStatus":
        return cls("down", checked_at, error=error)

    @classmethod
    def from_readiness(cls, http_status: int, report: dict | None, checked_at: str) -> "ServiceStatus":
        """Read a `/health/ready` answer: 200 with ok is up, 200 with degraded is degraded, all else down."""
        if http_status != 200:
            return cls("down", checked_at, report, f"readiness answered HTTP {http_status}")
        status = _STATUS_OF_READINESS.get((report or {}).get("status"))
        if status is None:
            return cls("down", checked_at, report, "readiness answered without a known status")
        return cls(status, checked_at, report)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class QueueDepth:
    name: str
    messages: int = 0
    messages_ready: int = 0
    messages_unacknowledged: int = 0
    consumers: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class BrokerStatus:
    status: str  # "up" | "down"
    checked_at: str | None = None
    error: str | None = None
    stale: bool = False  # the queue figures are the last known ones, not current


@dataclass(frozen=True)
class SystemSnapshot:
    services: dict[str, ServiceStatus]
    broker: BrokerStatus
    queues: tuple[QueueDepth, ...] = ()
    checked_at: str | None = None

    @classmethod
    def before_first_check(cls, services=SERVICES) -> "SystemSnapshot":
        return cls(
            {name: ServiceStatus.not_checked_yet() for name in services}, BrokerStatus("down", error="not checked yet")
        )

    def checked(self, services: dict[str, ServiceStatus], queues: "QueuesAnswer", checked_at: str) -> "SystemSnapshot":
        """The next snapshot. A broker that does not answer keeps its last known queue figures, marked stale."""
        if queues.error is None:
            broker, depths = BrokerStatus("up", checked_at), tuple(queues.queues)
        else:
            broker, depths = BrokerStatus("down", checked_at, queues.error, stale=bool(self.queues)), self.queues
        return replace(self, services=dict(services), broker=broker, queues=depths, checked_at=checked_at)


@dataclass(frozen=True)
class QueuesAnswer:
    """What the broker's management API said: the queues, or why it could not say."""

    queues: list[QueueDepth] = field(default_factory=list)
    error: str | None = None


def own_status(readiness_report: dict[str, Any], checked_at: str) -> ServiceStatus:
    """The dashboard's own entry, from its own readiness report rather than a request to itself."""
    status = _STATUS_OF_READINESS.get(readiness_report.get("status"), "down")
    return ServiceStatus(status, checked_at, readiness_report)
