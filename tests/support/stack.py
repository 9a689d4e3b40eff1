"""The system under test: the real compose stack, as its own project on its own 127.0.0.1 ports.

One stack serves every test layer that needs it (end-to-end, drills, console, browser) within one
pytest session. A test that breaks the stack on purpose restores it before it ends.
"""

import os
from dataclasses import dataclass
from functools import cached_property

import requests

from contract_tools.responses import ResponseContracts
from workshop.compose import ComposeProject, side_ports
from workshop.target import Target

# Two sessions on one machine (say, two checkouts) keep apart by setting both of these.
PROJECT = os.environ.get("TEST_STACK_PROJECT", "msfe-test")
PORT_OFFSET = int(os.environ.get("TEST_STACK_PORT_OFFSET", "0"))
PORTS = side_ports(PORT_OFFSET)
SERVICES = ("catalog", "purchase", "sales", "stock", "dashboard")


class Client:
    """One service's HTTP API, through its published 127.0.0.1 port."""

    def __init__(self, port: int, session: requests.Session):
        self.base = f"http://127.0.0.1:{port}"
        self._session = session

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", 10)
        return self._session.request(method, self.base + path, **kwargs)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.request("POST", path, **kwargs)


@dataclass
class Stack:
    project: ComposeProject
    ready_seconds: float
    catalog: Client
    purchase: Client
    sales: Client
    stock: Client
    dashboard: Client

    def client(self, service: str) -> Client:
        return getattr(self, service)

    def overview(self) -> dict:
        return self.dashboard.get("/api/overview").json()

    @cached_property
    def target(self) -> Target:
        """The same stack as the workshop toolkit sees it, so the drills (and the console) run on it unchanged."""
        return Target.for_project(self.project)


def start_stack() -> "Stack":
    """Build the images, then time `docker compose up -d --wait` from nothing to all healthy."""
    project = ComposeProject(PROJECT, ports=PORTS)
    project.down()
    project.build()
    ready_seconds = project.up()
    session = requests.Session()
    # Every answer a test gets is checked against the OpenAPI document of the service that gave it.
    services_by_port = {PORTS[name.upper()]: name for name in SERVICES}
    session.hooks["response"].append(ResponseContracts.shared().requests_hook(services_by_port))
    clients = {name: Client(PORTS[name.upper()], session) for name in SERVICES}
    return Stack(project, ready_seconds, **clients)
