"""End-to-end tests on the real compose stack: built images, a real broker, real volumes.

The stack runs as its own compose project on its own ports, so a reader's `docker compose up` on the
default ports is left alone. Set E2E_KEEP_STACK=1 to leave it running after the tests for a look.
"""

import os
import uuid
from dataclasses import dataclass

import pytest
import requests
from support.compose import ComposeProject
from support.polling import wait_until

PORTS = {
    "DASHBOARD": 18080,
    "CATALOG": 18081,
    "PURCHASE": 18082,
    "SALES": 18083,
    "STOCK": 18084,
    "RABBITMQ_AMQP": 18672,
    "RABBITMQ_MANAGEMENT": 18673,
}
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


@pytest.fixture(scope="session")
def stack():
    project = ComposeProject("msfe-e2e", ports=PORTS)
    project.down()
    project.build()
    ready_seconds = project.up()
    session = requests.Session()
    clients = {name: Client(PORTS[name.upper()], session) for name in SERVICES}
    yield Stack(project, ready_seconds, **clients)
    if not os.environ.get("E2E_KEEP_STACK"):
        project.down()


@pytest.fixture
def correlation_id() -> str:
    return f"e2e-{uuid.uuid4().hex[:12]}"


def create_product(stack: Stack, name: str = "Teapot", price_cents: int = 1500) -> dict:
    response = stack.catalog.post("/products", json={"name": name, "price_cents": price_cents})
    assert response.status_code == 201, response.text
    return response.json()


def stock_up(stack: Stack, product_id: str, quantity: int, correlation_id: str | None = None) -> dict:
    """Order goods from a supplier and receive them, once purchase knows the product (flow 2)."""
    headers = {"X-Correlation-ID": correlation_id} if correlation_id else {}
    created = wait_until(
        lambda: _created(
            stack.purchase.post("/purchase-orders", json={"product_id": product_id, "quantity": quantity})
        ),
        timeout=30,
        message=f"purchase accepted an order for product {product_id}",
    )
    received = stack.purchase.post(f"/purchase-orders/{created['purchase_order_id']}/receive", headers=headers)
    assert received.status_code == 200, received.text
    wait_until(
        lambda: stack.stock.get(f"/stock-levels/{product_id}").json().get("on_hand", 0) >= quantity,
        timeout=30,
        message=f"stock raised on_hand of {product_id}",
    )
    return received.json()


def _created(response: requests.Response) -> dict | None:
    return response.json() if response.status_code == 201 else None


def order_status(stack: Stack, sales_order_id: str, *statuses: str) -> dict:
    return wait_until(
        lambda: (order := stack.sales.get(f"/sales-orders/{sales_order_id}").json())["status"] in statuses and order,
        timeout=30,
        message=f"sales order {sales_order_id} reached {'/'.join(statuses)}",
    )
