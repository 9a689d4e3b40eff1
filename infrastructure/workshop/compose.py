"""Drive a docker compose project of this repository, under its own project name and ports.

Tests never touch a stack a reader started with `docker compose up`: each test stack has its own
project name and its own 127.0.0.1 ports, so both run side by side.
"""

import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository root


def side_ports(offset: int = 0) -> dict[str, int]:
    """Host ports for a stack run beside a reader's own (tests, benchmark): 18080-18084, 18672, 18673 + offset."""
    base = {
        "DASHBOARD": 18080,
        "CATALOG": 18081,
        "PURCHASE": 18082,
        "SALES": 18083,
        "STOCK": 18084,
        "RABBITMQ_AMQP": 18672,
        "RABBITMQ_MANAGEMENT": 18673,
    }
    return {name: port + offset for name, port in base.items()}


@dataclass
class ComposeProject:
    name: str
    ports: dict[str, int] = field(default_factory=dict)
    credentials: tuple[str, str] = ("shop", "change-me-please")

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({f"{key}_PORT": str(port) for key, port in self.ports.items()})
        env["RABBITMQ_USER"], env["RABBITMQ_PASSWORD"] = self.credentials
        return env

    def compose(
        self, *args: str, timeout: float = 600, check: bool = True, variables: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        """Run `docker compose`; `variables` add to what compose interpolates into the compose file."""
        command = ["docker", "compose", "--project-directory", str(ROOT), "-p", self.name, *args]
        result = subprocess.run(
            command, cwd=ROOT, env={**self.environment(), **(variables or {})}, capture_output=True, text=True,
            timeout=timeout,
        )  # fmt: skip
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-4000:]}")
        return result

    def build(self, *services: str) -> None:
        self.compose("build", *services)

    def up(self, *services: str, timeout: float = 180) -> float:
        """Start (or recreate) services and wait until they are healthy; returns the seconds it took."""
        started = time.monotonic()
        self.compose("up", "-d", "--wait", "--wait-timeout", str(int(timeout)), *services, timeout=timeout + 30)
        return time.monotonic() - started

    def stop(self, service: str) -> None:
        self.compose("stop", service)

    def start(self, service: str) -> None:
        self.compose("start", service)

    def wait_healthy(self, service: str, timeout: float = 120) -> None:
        self.compose(
            "up", "-d", "--wait", "--wait-timeout", str(int(timeout)), "--no-recreate", service, timeout=timeout + 30
        )

    def recreate(self, service: str, variables: dict[str, str] | None = None, timeout: float = 120) -> None:
        """Replace one service's container (its volume stays), with `variables` for the compose file, and
        wait until it is healthy. Nothing else is started or touched."""
        self.compose(
            "up", "-d", "--no-deps", "--force-recreate", "--wait", "--wait-timeout", str(int(timeout)), service,
            timeout=timeout + 30, variables=variables,
        )  # fmt: skip

    def logs(self, service: str) -> str:
        return self.compose("logs", "--no-color", "--no-log-prefix", service, check=False).stdout

    def down(self) -> None:
        self.compose("down", "-v", "--remove-orphans", check=False)

    def amqp_url(self) -> str:
        user, password = self.credentials
        return f"amqp://{user}:{password}@127.0.0.1:{self.ports['RABBITMQ_AMQP']}/%2F"
