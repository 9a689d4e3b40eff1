"""Producer side: the events the services really publish, captured at the publishing port (their
outboxes) after walking flows 1-5 in process, validated against the schema files with a validator
of the test's own. Consumer side: every produced event is accepted by every service that consumes it.
"""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from catalog.bootstrap import create_app as catalog_app
from catalog.config import Config as CatalogConfig
from dashboard.bootstrap import create_app as dashboard_app
from dashboard.config import Config as DashboardConfig
from purchase.bootstrap import create_app as purchase_app
from purchase.config import Config as PurchaseConfig
from sales.bootstrap import create_app as sales_app
from sales.config import Config as SalesConfig
from stock.bootstrap import create_app as stock_app
from stock.config import Config as StockConfig

from .conftest import EVENTS

EVENT_TYPES = sorted(path.name.split(".v")[0] for path in EVENTS.glob("*.schema.json"))
CONSUMERS = {
    "purchase": ("catalog.product_created", "stock.stock_level_changed"),
    "sales": ("catalog.product_created", "stock.stock_reserved", "stock.stock_reservation_rejected"),
    "stock": ("purchase.goods_received", "sales.sales_order_placed", "sales.sales_order_delivered"),
    "dashboard": tuple(EVENT_TYPES),
}


def outbox(app) -> list[dict]:
    with app.extensions["platform"].database.reading() as connection:
        return [json.loads(row["body"]) for row in connection.execute("SELECT body FROM outbox ORDER BY seq")]


class Walk:
    """Feeds produced events to their consumers as the broker would, and records every outcome."""

    def __init__(self):
        self.outcomes: list[tuple[str, str, str, str]] = []

    def deliver(self, app, events: list[dict], event_type: str) -> None:
        for event in events:
            if event["type"] == event_type:
                outcome = app.extensions["platform"].consumer.processor.process(json.dumps(event).encode())
                self.outcomes.append((app.name, event_type, outcome.action, outcome.reason))


@pytest.fixture(scope="module")
def walk(tmp_path_factory) -> tuple[dict[str, list[dict]], Walk]:
    folder: Path = tmp_path_factory.mktemp("producers")
    walk = Walk()
    deliver = walk.deliver

    def env(name: str, **extra: str) -> dict[str, str]:
        return {"DATABASE_URL": f"sqlite:///{folder}/{name}.db", **extra}

    catalog = catalog_app(CatalogConfig.from_env(env("catalog")))
    purchase = purchase_app(PurchaseConfig.from_env(env("purchase")))
    # Catalog is not running here: sales prices from its local copy, as when catalog is down.
    sales = sales_app(SalesConfig.from_env(env("sales", CATALOG_URL="http://127.0.0.1:9")))
    stock = stock_app(StockConfig.from_env(env("stock")))

    product = catalog.test_client().post("/products", json={"name": "Teapot", "price_cents": 1500}).get_json()
    deliver(purchase, outbox(catalog), "catalog.product_created")
    deliver(sales, outbox(catalog), "catalog.product_created")

    order = purchase.test_client().post("/purchase-orders", json={"product_id": product["product_id"], "quantity": 5})
    purchase.test_client().post(f"/purchase-orders/{order.get_json()['purchase_order_id']}/receive")
    deliver(stock, outbox(purchase), "purchase.goods_received")

    client = sales.test_client()
    reserved = client.post("/sales-orders", json={"product_id": product["product_id"], "quantity": 2}).get_json()
    client.post("/sales-orders", json={"product_id": product["product_id"], "quantity": 50})
    deliver(stock, outbox(sales), "sales.sales_order_placed")
    deliver(sales, outbox(stock), "stock.stock_reserved")
    deliver(sales, outbox(stock), "stock.stock_reservation_rejected")
    assert client.post(f"/sales-orders/{reserved['sales_order_id']}/deliver").status_code == 200
    deliver(
        stock, [e for e in outbox(sales) if e["type"] == "sales.sales_order_delivered"], "sales.sales_order_delivered"
    )
    deliver(purchase, outbox(stock), "stock.stock_level_changed")

    events: dict[str, list[dict]] = {event_type: [] for event_type in EVENT_TYPES}
    for app in (catalog, purchase, sales, stock):
        for event in outbox(app):
            events[event["type"]].append(event)
    dashboard = dashboard_app(DashboardConfig.from_env(env("dashboard")))
    for event in sorted((e for found in events.values() for e in found), key=lambda e: e["occurred_at"]):
        deliver(dashboard, [event], event["type"])
    return events, walk


@pytest.fixture(scope="module")
def produced(walk) -> dict[str, list[dict]]:
    return walk[0]


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_every_event_type_is_really_produced_and_matches_its_schema(produced, event_type):
    assert produced[event_type], f"no service produced {event_type} while walking the flows"
    for event in produced[event_type]:
        schema = json.loads((EVENTS / f"{event['type']}.v{event['version']}.schema.json").read_text())
        errors = [error.message for error in Draft202012Validator(schema).iter_errors(event)]
        assert errors == [], f"{event_type} {event['id']} breaks its schema: {errors}"


@pytest.mark.parametrize("consumer", sorted(CONSUMERS))
def test_every_produced_event_is_accepted_by_each_of_its_consumers(walk, consumer):
    outcomes = [outcome for outcome in walk[1].outcomes if outcome[0] == consumer]
    assert {event_type for _, event_type, _, _ in outcomes} == set(CONSUMERS[consumer])
    refused = [(event_type, reason) for _, event_type, action, reason in outcomes if action != "ack"]
    assert refused == [], f"{consumer} refused events it consumes"
