"""`./workshop status`: the whole system in one table, read from where each fact lives.

Whether a container runs comes from Docker, whether a service can serve from its own `/health/ready`,
and how much work waits from RabbitMQ's queues. The three can disagree (a paused container still
"exists", a cut-off one still "runs"), and seeing them side by side is what the drills are about.
"""

import json
import subprocess
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import requests

from workshop.compose import ROOT, ComposeProject
from workshop.management import BrokerUnreachable, ManagementApi, Queue

SERVICES = ("catalog", "purchase", "sales", "stock", "dashboard")
CONSUMERS = tuple(json.loads(Path(ROOT, "infrastructure", "rabbitmq", "topology.json").read_text())["consumers"])
READINESS_TIMEOUT = 1.5
_CONTAINER_WORDS = {"exited": "stopped", "created": "stopped", "dead": "stopped"}


@dataclass(frozen=True)
class Container:
    state: str = "not created"  # running | paused | stopped | restarting | not created
    cut_off: bool = False  # running, but attached to no network: nothing can reach it

    @property
    def in_words(self) -> str:
        return "running, cut off from the network" if self.cut_off else self.state


@dataclass(frozen=True)
class Readiness:
    """What `/health/ready` said, or that it said nothing."""

    answered: bool
    status: str | None = None  # ok | degraded | down
    checks: dict = field(default_factory=dict)

    @property
    def in_words(self) -> str:
        if not self.answered:
            return "not answering"
        reasons = [
            f"{name} breaker {state.replace('_', '-')}" for name, state in self.breakers.items() if state != "closed"
        ]
        if self.checks.get("broker") == "down":
            reasons.insert(0, "broker lost")
        if self.checks.get("database") == "down":
            reasons.insert(0, "database lost")
        failed = [name for name, state in self.checks.get("workers", {}).items() if state == "failed"]
        reasons += [f"{name} failed" for name in failed]
        label = {"ok": "ready", "degraded": "degraded", "down": "not ready"}.get(self.status or "", "unknown")
        return f"{label}: {', '.join(reasons)}" if reasons else label

    @property
    def breakers(self) -> dict[str, str]:
        return dict(self.checks.get("breakers", {}))

    @property
    def outbox_backlog(self) -> int | None:
        return self.checks.get("outbox_backlog")


@dataclass(frozen=True)
class ServiceStatus:
    name: str
    container: Container
    readiness: Readiness
    queue: Queue | None = None  # <service>.events; None for a service that consumes nothing
    retrying: int | None = None  # messages waiting out a retry delay
    dead_letters: int | None = None

    @property
    def up(self) -> bool:
        return self.container.state == "running" and not self.container.cut_off and self.readiness.answered


@dataclass(frozen=True)
class BrokerStatus:
    container: Container
    answering: bool
    error: str | None = None

    @property
    def up(self) -> bool:
        return self.container.state == "running" and not self.container.cut_off and self.answering


@dataclass(frozen=True)
class SystemStatus:
    services: tuple[ServiceStatus, ...]
    broker: BrokerStatus

    def service(self, name: str) -> ServiceStatus:
        return next(service for service in self.services if service.name == name)

    def as_dict(self) -> dict:
        return {
            "services": {
                s.name: {**asdict(s), "up": s.up, "container": s.container.in_words, "ready": s.readiness.in_words}
                for s in self.services
            },
            "broker": {**asdict(self.broker), "up": self.broker.up, "container": self.broker.container.in_words},
        }


def read_status(project: ComposeProject, service_urls: Mapping[str, str], management: ManagementApi) -> SystemStatus:
    """Ask Docker, every service and the broker at once, so a hanging one costs one timeout, not five."""
    with ThreadPoolExecutor(max_workers=len(service_urls) + 2) as pool:
        containers = pool.submit(read_containers, project)
        queues = pool.submit(_queues, management)
        readiness = {name: pool.submit(read_readiness, url) for name, url in service_urls.items()}
        containers, (queues, broker_error) = containers.result(), queues.result()
        services = tuple(
            _service_status(name, containers.get(name, Container()), readiness[name].result(), queues)
            for name in service_urls
        )
    broker = BrokerStatus(containers.get("rabbitmq", Container()), broker_error is None, broker_error)
    return SystemStatus(services, broker)


def read_containers(project: ComposeProject) -> dict[str, Container]:
    try:
        result = project.compose("ps", "--all", "--format", "json", timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    return {entry["Service"]: _container(entry) for entry in _ps_entries(result.stdout)}


def read_readiness(base_url: str) -> Readiness:
    try:
        response = requests.get(f"{base_url}/health/ready", timeout=READINESS_TIMEOUT)
        report = response.json()
    except (requests.RequestException, ValueError):
        return Readiness(answered=False)
    return Readiness(True, report.get("status"), report.get("checks", {}))


def _service_status(name: str, container: Container, readiness: Readiness, queues: dict | None) -> ServiceStatus:
    if name not in CONSUMERS or queues is None:
        return ServiceStatus(name, container, readiness)
    return ServiceStatus(
        name,
        container,
        readiness,
        queue=queues.get(f"{name}.events"),
        retrying=sum(q.messages for q in queues.values() if q.name.startswith(f"{name}.retry.")),
        dead_letters=queues[f"{name}.dead-letter"].messages if f"{name}.dead-letter" in queues else 0,
    )


def _queues(management: ManagementApi) -> tuple[dict[str, Queue] | None, str | None]:
    try:
        return management.queues(), None
    except BrokerUnreachable as error:
        return None, str(error)


def _ps_entries(output: str) -> list[dict]:
    # Compose prints one JSON object a line (v2.21 and later) or one JSON array (earlier versions).
    text = output.strip()
    if text.startswith("["):
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _container(entry: dict) -> Container:
    state = _CONTAINER_WORDS.get(entry.get("State", ""), entry.get("State", "unknown"))
    return Container(state, cut_off=state == "running" and not entry.get("Networks"))
