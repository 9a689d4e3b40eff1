"""Producer side: the events the services really publish, captured at the publishing port (their
outboxes) after walking flows 1-5 in process, validated against the schema files with a validator
of the test's own. Consumer side: every produced event is accepted by every service that consumes it.
"""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from .conftest import EVENTS
from .in_process import deliver, outbox, service_app

EVENT_TYPES = sorted({path.name.split(".v")[0] for path in EVENTS.glob("*.schema.json")})
CONSUMERS = {
    "purchase": ("catalog.product_created", "stock.stock_level_changed"),
    "sales": ("catalog.product_created", "stock.stock_reserved", "stock.stock_reservation_rejected"),
    "stock": ("purchase.goods_received", "sales.sales_order_placed", "sales.sales_order_delivered"),
    "dashboard": tuple(EVENT_TYPES),
}
# The version each producer publishes today; older versions stay readable for every consumer.
PUBLISHED_VERSIONS = {"sales.sales_order_placed": 2}


class Walk:
    """Feeds produced events to their consumers as the broker would, and records every outcome."""

    def __init__(self):
        self.outcomes: list[tuple[str, str, str, str]] = []

    def deliver(self, app, events: list[dict], event_type: str) -> None:
        for event in events:
            if event["type"] == event_type:
                outcome = deliver(app, event)
                self.outcomes.append((app.name, event_type, outcome.action, outcome.reason))


@pytest.fixture(scope="module")
def walk(tmp_path_factory) -> tuple[dict[str, list[dict]], Walk]:
    folder: Path = tmp_path_factory.mktemp("producers")
    walk = Walk()
    deliver = walk.deliver

    catalog = service_app("catalog", folder)
    purchase = service_app("purchase", folder)
    # Catalog is not served here: sales prices from its local copy, as when catalog is down.
    sales = service_app("sales", folder)
    stock = service_app("stock", folder)

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
    dashboard = service_app("dashboard", folder)
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


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_every_event_type_is_published_in_its_current_version(produced, event_type):
    expected = PUBLISHED_VERSIONS.get(event_type, 1)
    versions = {event["version"] for event in produced[event_type]}
    assert versions == {expected}, f"{event_type} is published as v{sorted(versions)}, not only as v{expected}"


def test_the_placed_event_carries_the_price_the_order_was_placed_at(produced):
    prices = {(e["data"]["unit_price_cents"], e["data"]["price_source"]) for e in produced["sales.sales_order_placed"]}
    assert prices == {(1500, "cached")}, "sales priced both orders from its copy of the catalog (catalog is down)"


@pytest.mark.parametrize("consumer", sorted(CONSUMERS))
def test_every_produced_event_is_accepted_by_each_of_its_consumers(walk, consumer):
    outcomes = [outcome for outcome in walk[1].outcomes if outcome[0] == consumer]
    assert {event_type for _, event_type, _, _ in outcomes} == set(CONSUMERS[consumer])
    refused = [(event_type, reason) for _, event_type, action, reason in outcomes if action != "ack"]
    assert refused == [], f"{consumer} refused events it consumes"
