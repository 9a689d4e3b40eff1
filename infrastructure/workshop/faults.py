"""Break one part of the stack on purpose, the ways a real one breaks, and put everything back.

Each fault is one Docker command on the service's container and returns as soon as Docker has done it:
- `stop`: SIGTERM, then the grace period (`docker compose stop`): a graceful shutdown.
- `kill`: SIGKILL (`docker kill`): no goodbye. Docker counts `docker kill` as a manual stop, so
  `restart: unless-stopped` leaves the container down (seen on Docker 20.10; moby's kill.go still
  marks it so) until `start`; the drill, like a participant, decides when it comes back.
- `crash`: SIGKILL to the container's main process from outside Docker's API, as the kernel's OOM
  killer would: Docker sees a crash, and the restart policy brings the service back by itself.
- `pause`: freezes every process (cgroup freezer): connections are accepted and then hang.
- `disconnect`: cuts the container off the compose network; `reconnect` plugs it back in under its
  service name, so the others find it again.
- `take_database`: makes the service's data folder unreadable, so its own database is gone.
`start` uses `docker start` rather than `docker compose start`, which would also start (and wait for)
the broker: services must come up in any order, the broker last included.
"""

import json
import subprocess
import time
from dataclasses import dataclass

import requests

from workshop.target import BROKER, SERVICES, Target

DOCKER_TIMEOUT_SECONDS = 60
PART_NAMES = (*SERVICES, BROKER)
DATA_FOLDER = "/data"  # each service's volume, where its SQLite database lives (drwxr-xr-x, owned by the app user)


class FaultRefused(RuntimeError):
    """Docker refused to do what was asked; the message says what and why."""


@dataclass(frozen=True)
class Container:
    service: str
    id: str
    status: str  # created | running | paused | restarting | exited | dead
    health: str | None  # starting | healthy | unhealthy, None without a healthcheck
    networks: frozenset[str]
    started_at: str
    restart_count: int
    pid: int
    image: str
    exit_code: int
    restart_policy: str


def stop(target: Target, service: str) -> None:
    _check_part(service)
    try:
        target.project.compose("stop", service, timeout=DOCKER_TIMEOUT_SECONDS)
    except RuntimeError as error:
        raise FaultRefused(f"docker compose refused to stop {service}: {error}") from error


def start(target: Target, service: str) -> None:
    _docker("start", container(target, service).id, doing=f"start {service}")


def kill(target: Target, service: str) -> None:
    _docker("kill", "--signal", "KILL", container(target, service).id, doing=f"kill {service}")


def crash(target: Target, service: str) -> None:
    """SIGKILL the main process from the host's process namespace, through a throwaway container, so it
    works wherever the Docker engine runs (a Linux host or Docker Desktop's virtual machine)."""
    victim = container(target, service)
    if victim.status != "running" or victim.pid <= 0:
        raise FaultRefused(f"cannot crash {service}: its container is {victim.status}")
    helper_image = victim.image if service != BROKER else container(target, "catalog").image
    _docker(
        "run", "--rm", "--pid=host", "--user", "0", "--network", "none", "--entrypoint", "python", helper_image,
        "-c", f"import os, signal; os.kill({victim.pid}, signal.SIGKILL)",
        doing=f"crash {service}",
    )  # fmt: skip


def pause(target: Target, service: str) -> None:
    _docker("pause", container(target, service).id, doing=f"pause {service}")


def unpause(target: Target, service: str) -> None:
    _docker("unpause", container(target, service).id, doing=f"unpause {service}")


def disconnect(target: Target, service: str) -> None:
    _docker("network", "disconnect", network(target), container(target, service).id, doing=f"disconnect {service}")


def reconnect(target: Target, service: str) -> None:
    _docker(
        "network", "connect", "--alias", service, network(target), container(target, service).id,
        doing=f"reconnect {service}",
    )  # fmt: skip


def take_database(target: Target, service: str) -> None:
    """Make the service's data folder unreadable (`chmod 000` as root inside it): its own database is gone."""
    _docker(
        "exec", "-u", "0", container(target, service).id, "chmod", "000", DATA_FOLDER, doing=f"hide {service}'s data"
    )


def give_database_back(target: Target, service: str) -> None:
    _docker(
        "exec", "-u", "0", container(target, service).id, "chmod", "755", DATA_FOLDER, doing=f"restore {service}'s data"
    )


def restore(target: Target, timeout: float = 180) -> None:
    """Unpause, reconnect and start whatever is away (the broker first), then wait until every container
    is healthy and every service's readiness says its database and broker connection are fine."""
    for part in containers(target).values():
        if part.status == "paused":
            unpause(target, part.service)
        if network(target) not in part.networks:
            reconnect(target, part.service)
    for part in sorted(containers(target).values(), key=lambda c: c.service != BROKER):
        if part.status in ("created", "exited", "dead"):
            start(target, part.service)
    deadline = time.monotonic() + timeout
    while (still_away := away(target)) and time.monotonic() < deadline:
        time.sleep(0.5)
    if still_away:
        raise FaultRefused(f"not back within {timeout:.0f}s: {'; '.join(still_away)}")


def away(target: Target) -> list[str]:
    """What is not back yet, one phrase a part; empty when the whole stack is healthy."""
    problems = []
    for part in containers(target).values():
        if part.status != "running" or part.health not in (None, "healthy"):
            problems.append(f"{part.service} is {part.status}, {part.health or 'no healthcheck'}")
    for service in SERVICES if not problems else ():
        try:
            status, report = target.readiness(service, timeout=2)
        except (requests.RequestException, ValueError) as error:
            problems.append(f"{service}'s readiness does not answer ({type(error).__name__})")
            continue
        checks = report.get("checks", {})
        workers = checks.get("workers", {})
        if status != 200 or checks.get("broker") != "ok" or any(s != "running" for s in workers.values()):
            problems.append(f"{service} is not ready: {json.dumps(checks)}")
    return problems


def containers(target: Target) -> dict[str, Container]:
    """Every container of the project by service, running or not."""
    label = f"label=com.docker.compose.project={target.project.name}"
    ids = _docker("ps", "--all", "--quiet", "--filter", label, doing="list the containers").split()
    if not ids:
        raise FaultRefused(f"compose project {target.project.name} has no containers: start it with docker compose up")
    found = {}
    for entry in json.loads(_docker("inspect", *ids, doing="inspect the containers")):
        service = entry["Config"]["Labels"].get("com.docker.compose.service", entry["Name"])
        state = entry["State"]
        found[service] = Container(
            service,
            entry["Id"],
            state["Status"],
            (state.get("Health") or {}).get("Status"),
            frozenset((entry["NetworkSettings"].get("Networks") or {}).keys()),
            state.get("StartedAt", ""),
            int(entry.get("RestartCount", 0)),
            int(state.get("Pid", 0)),
            entry["Image"],
            int(state.get("ExitCode", 0)),
            (entry["HostConfig"].get("RestartPolicy") or {}).get("Name", ""),
        )
    return found


def container(target: Target, service: str) -> Container:
    _check_part(service)
    found = containers(target)
    if service not in found:
        raise FaultRefused(f"{service} has no container in compose project {target.project.name}")
    return found[service]


def network(target: Target) -> str:
    return f"{target.project.name}_default"


def _check_part(service: str) -> None:
    if service not in PART_NAMES:
        raise FaultRefused(f"{service!r} is not part of the stack; choose one of {', '.join(PART_NAMES)}")


def _docker(*args: str, doing: str) -> str:
    try:
        result = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=DOCKER_TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise FaultRefused(f"could not {doing}: {error}") from error
    if result.returncode != 0:
        raise FaultRefused(f"docker refused to {doing}: {result.stderr.strip()[-1000:]}")
    return result.stdout
