"""Stock in process: a real SQLite file of its own, events fed straight into its message processor.

What is faked and what is real: stock's own database is real (it is inside the bounded context); the
broker and the services that publish to stock are outside it, so their events are built here, shaped
by the contracts in contracts/events, and handed to the processor the consumer loop would call.
"""

import json
import uuid

import pytest

from service_kit.envelope import utc_now
from stock.bootstrap import create_app
from stock.config import Config

PRODUCERS = {
    "purchase.goods_received": "purchase",
    "sales.sales_order_placed": "sales",
    "sales.sales_order_delivered": "sales",
}


@pytest.fixture
def app(tmp_path):
    return create_app(Config.from_env({"DATABASE_URL": f"sqlite:///{tmp_path}/stock.db"}))


@pytest.fixture
def client(app):
    return app.test_client()


class Events:
    """Builds the envelopes other services publish to stock, shaped by their contracts."""

    @staticmethod
    def envelope(event_type: str, data: dict, correlation_id: str = "flow-1", **overrides) -> dict:
        return {
            "id": str(uuid.uuid4()),
            "type": event_type,
            "version": 1,
            "occurred_at": utc_now(),
            "producer": PRODUCERS.get(event_type, "catalog"),
            "correlation_id": correlation_id,
            "data": data,
            **overrides,
        }

    def goods_received(self, product_id: str, quantity: int, **overrides) -> dict:
        data = {"purchase_order_id": str(uuid.uuid4()), "product_id": product_id, "quantity": quantity}
        return self.envelope("purchase.goods_received", data, **overrides)

    def sales_order_placed(self, sales_order_id: str, product_id: str, quantity: int, **overrides) -> dict:
        data = {"sales_order_id": sales_order_id, "product_id": product_id, "quantity": quantity}
        return self.envelope("sales.sales_order_placed", data, **overrides)

    def sales_order_placed_v2(self, sales_order_id: str, product_id: str, quantity: int, **overrides) -> dict:
        """Version 2, as sales publishes it now: the line and the price it was sold at."""
        data = {
            "sales_order_id": sales_order_id,
            "product_id": product_id,
            "quantity": quantity,
            "unit_price_cents": 450,
            "price_source": "catalog",
        }
        return self.envelope("sales.sales_order_placed", data, version=2, **overrides)

    def sales_order_delivered(self, sales_order_id: str, product_id: str, quantity: int, **overrides) -> dict:
        data = {"sales_order_id": sales_order_id, "product_id": product_id, "quantity": quantity}
        return self.envelope("sales.sales_order_delivered", data, **overrides)


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def deliver(app):
    """Hand one message to stock as the broker would; returns the consumer's Outcome."""
    processor = app.extensions["platform"].consumer._processor

    def deliver_message(message) -> object:
        body = message if isinstance(message, bytes) else json.dumps(message).encode()
        return processor.process(body)

    return deliver_message


@pytest.fixture
def outbox_events(app):
    def read() -> list[dict]:
        with app.extensions["platform"].database.reading() as connection:
            rows = connection.execute("SELECT body FROM outbox ORDER BY seq")
            return [json.loads(row["body"]) for row in rows]

    return read


@pytest.fixture
def product_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def sales_order_id() -> str:
    return str(uuid.uuid4())
