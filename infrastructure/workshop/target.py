"""The stack a drill or a console command acts on: a compose project and where each part answers.

`Target.default()` is the reader's own `docker compose up` stack in this folder (ports 8080-8084,
5672 and 15672); the tests make one for their own project and ports with `Target.for_project`.
Its HTTP helpers always carry a timeout: a paused service must make a drill wait seconds, never forever.
"""

import json
import os
import subprocess
from dataclasses import dataclass, field
from urllib.parse import quote

import requests

from workshop.compose import ROOT, ComposeProject

SERVICES = ("catalog", "purchase", "sales", "stock", "dashboard")
BROKER = "rabbitmq"
STANDARD_PORTS = {
    "DASHBOARD": 8080,
    "CATALOG": 8081,
    "PURCHASE": 8082,
    "SALES": 8083,
    "STOCK": 8084,
    "RABBITMQ_AMQP": 5672,
    "RABBITMQ_MANAGEMENT": 15672,
}
DEFAULT_TIMEOUT_SECONDS = 5.0


@dataclass
class Target:
    project: ComposeProject
    timeout: float = DEFAULT_TIMEOUT_SECONDS
    session: requests.Session = field(default_factory=requests.Session, repr=False)

    @classmethod
    def for_project(cls, project: ComposeProject) -> "Target":
        return cls(project)

    @classmethod
    def default(cls, project: str | None = None, port_offset: int = 0) -> "Target":
        """The stack `docker compose up` started here: compose's own project name unless one is given
        (or WORKSHOP_PROJECT is set), the standard ports shifted by `port_offset`, the broker
        credentials compose itself reads (environment, then `.env`)."""
        name = project or os.environ.get("WORKSHOP_PROJECT")
        config = _compose_config(name)
        broker = config.get("services", {}).get(BROKER, {}).get("environment") or {}
        credentials = (
            broker.get("RABBITMQ_DEFAULT_USER", "shop"),
            broker.get("RABBITMQ_DEFAULT_PASS", "change-me-please"),
        )
        ports = {key: port + port_offset for key, port in STANDARD_PORTS.items()}
        return cls(ComposeProject(name or config.get("name") or ROOT.name.lower(), ports, credentials))

    # Where things answer.
    def port(self, key: str) -> int:
        return self.project.ports.get(key, STANDARD_PORTS[key])

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.port(service.upper())}"

    @property
    def management_url(self) -> str:
        return f"http://127.0.0.1:{self.port('RABBITMQ_MANAGEMENT')}"

    @property
    def credentials(self) -> tuple[str, str]:
        return self.project.credentials

    # Small HTTP helpers, each with a timeout.
    def request(self, method: str, service: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        return self.session.request(method, self.url(service) + path, **kwargs)

    def get(self, service: str, path: str, **kwargs) -> requests.Response:
        return self.request("GET", service, path, **kwargs)

    def post(self, service: str, path: str, **kwargs) -> requests.Response:
        return self.request("POST", service, path, **kwargs)

    def readiness(self, service: str, timeout: float = 3.0) -> tuple[int, dict]:
        """`GET /health/ready`: the HTTP status and the report."""
        response = self.get(service, "/health/ready", timeout=timeout)
        return response.status_code, response.json()

    def overview(self, timeout: float = 3.0) -> dict:
        response = self.get("dashboard", "/api/overview", timeout=timeout)
        response.raise_for_status()
        return response.json()

    def management(self, method: str, path: str, **kwargs) -> requests.Response:
        """RabbitMQ's management HTTP API (`/api/...`), with the broker's credentials."""
        kwargs.setdefault("timeout", self.timeout)
        return self.session.request(method, self.management_url + path, auth=self.credentials, **kwargs)

    def queue(self, name: str) -> dict:
        """A queue's figures: messages, messages_ready, messages_unacknowledged, consumers."""
        response = self.management("GET", f"/api/queues/%2F/{quote(name, safe='')}")
        response.raise_for_status()
        return response.json()

    def logs(self, service: str, since: str) -> str:
        """What the service logged since `since` (an RFC 3339 time), as compose shows it."""
        return self.project.compose(
            "logs", "--no-color", "--no-log-prefix", "--since", since, service, check=False
        ).stdout


def _compose_config(project: str | None) -> dict:
    """What compose makes of the compose file here; empty when Docker cannot say (the defaults apply)."""
    command = ["docker", "compose", "--project-directory", str(ROOT), *(["-p", project] if project else [])]
    try:
        result = subprocess.run(
            [*command, "config", "--format", "json"], cwd=ROOT, capture_output=True, text=True, timeout=30
        )
        return json.loads(result.stdout) if result.returncode == 0 else {}
    except (OSError, subprocess.SubprocessError, ValueError):
        return {}
