"""Purchase in process: its real SQLite file and its real consumer logic, no broker and no other service.

What is faked is outside the bounded context (catalog and stock speak to us only through events, which
the tests build to satisfy contracts/events); what is ours is used for real (the database, the outbox).
"""

import json
import uuid

import pytest

from purchase.bootstrap import create_app
from purchase.config import Config
from service_kit.envelope import new_envelope

PRODUCERS = {"catalog.product_created": "catalog", "stock.stock_level_changed": "stock"}


@pytest.fixture
def environ(tmp_path, request) -> dict[str, str]:
    """A test sets more variables with `@pytest.mark.parametrize("environ", [{...}], indirect=True)`."""
    return {"DATABASE_URL": f"sqlite:///{tmp_path}/purchase.db", **getattr(request, "param", {})}


@pytest.fixture
def app(environ):
    return create_app(Config.from_env(environ))


@pytest.fixture
def client(app):
    return app.test_client()


def make_envelope(event_type: str, data: dict, correlation_id: str = "test-flow") -> dict:
    return new_envelope(event_type, 1, PRODUCERS[event_type], correlation_id, data)


@pytest.fixture
def envelope():
    """Builds a v1 envelope of a consumed event, as its producer would (a fresh message id each time)."""
    return make_envelope


@pytest.fixture
def deliver(app):
    """Hands one message to the consumer, as RabbitMQ would, and returns its Outcome."""
    processor = app.extensions["platform"].consumer._processor

    def deliver_(message: dict | bytes):
        return processor.process(message if isinstance(message, bytes) else json.dumps(message).encode())

    return deliver_


@pytest.fixture
def product_created(deliver):
    """Catalog announces a product; returns its id."""

    def product_created_(name: str = "Espresso cup") -> str:
        product_id = str(uuid.uuid4())
        data = {"product_id": product_id, "name": name, "price_cents": 1250}
        assert deliver(make_envelope("catalog.product_created", data)).action == "ack"
        return product_id

    return product_created_


@pytest.fixture
def stock_level_changed(deliver):
    """Stock announces a new level for a product; returns the envelope it delivered."""

    def stock_level_changed_(product_id: str, available: int, reserved: int = 0) -> dict:
        data = {"product_id": product_id, "on_hand": available + reserved, "reserved": reserved, "available": available}
        message = make_envelope("stock.stock_level_changed", data)
        assert deliver(message).action == "ack"
        return message

    return stock_level_changed_


@pytest.fixture
def outbox_events(app):
    def outbox_events_() -> list[dict]:
        with app.extensions["platform"].database.reading() as connection:
            rows = connection.execute("SELECT body FROM outbox ORDER BY seq")
            return [json.loads(row["body"]) for row in rows]

    return outbox_events_


@pytest.fixture
def purchase_orders(client):
    def purchase_orders_(product_id: str | None = None, status: str | None = None) -> list[dict]:
        orders = client.get("/purchase-orders").get_json()["purchase_orders"]
        return [
            order for order in orders if product_id in (None, order["product_id"]) and status in (None, order["status"])
        ]

    return purchase_orders_
