"""Where the console finds the stack it acts on: each service's URL, RabbitMQ's management API and AMQP.

The stack is a `workshop.target.Target`, the object the drills act on too. Its ports are the ones
Docker actually published for the project's containers (running or stopped), so `--project NAME`
alone finds any stack, a test stack on unusual ports included; the standard ports shifted by
`--port-offset` are the fallback for containers that do not exist yet. The target is made only when
a command first needs it, so `--help` never waits for Docker.
"""

import json
import subprocess
from dataclasses import dataclass
from functools import cached_property

from workshop.management import ManagementApi
from workshop.status import SERVICES
from workshop.target import Target

# Container port -> the key ComposeProject and Target use for the published port.
_PORT_KEYS = {(service, "8000/tcp"): service.upper() for service in SERVICES}
_PORT_KEYS.update({("rabbitmq", "5672/tcp"): "RABBITMQ_AMQP", ("rabbitmq", "15672/tcp"): "RABBITMQ_MANAGEMENT"})


@dataclass
class Endpoints:
    project: str | None = None
    port_offset: int = 0

    @cached_property
    def target(self) -> Target:
        target = Target.default(project=self.project, port_offset=self.port_offset)
        target.project.ports.update(published_ports(target.project.name))
        return target

    @cached_property
    def urls(self) -> dict[str, str]:
        return {service: self.target.url(service) for service in SERVICES}

    @cached_property
    def management(self) -> ManagementApi:
        return ManagementApi(self.target.management_url, self.target.credentials)

    @property
    def amqp_url(self) -> str:
        return self.target.project.amqp_url()

    def status_sources(self) -> tuple:
        """What `status.read_status` asks: Docker (through compose), each service, the broker."""
        return self.target.project, self.urls, self.management


def published_ports(project: str) -> dict[str, int]:
    """The 127.0.0.1 ports Docker publishes for the project's containers, from their configuration."""
    label = f"label=com.docker.compose.project={project}"
    try:
        ids = _docker("ps", "--all", "--quiet", "--filter", label).split()
        inspected = json.loads(_docker("inspect", *ids)) if ids else []
    except (OSError, subprocess.SubprocessError, ValueError):
        return {}
    ports = {}
    for container in inspected:
        service = container["Config"]["Labels"].get("com.docker.compose.service", "")
        for container_port, bindings in (container["HostConfig"].get("PortBindings") or {}).items():
            key = _PORT_KEYS.get((service, container_port))
            if key and bindings and bindings[0].get("HostPort"):
                ports[key] = int(bindings[0]["HostPort"])
    return ports


def _docker(*args: str) -> str:
    result = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=30, check=True)
    return result.stdout
