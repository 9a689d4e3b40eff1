"""The consumer in process: real envelopes through the real processor (contract check, inbox, SQLite)."""

import uuid

import pytest

PRODUCT = str(uuid.uuid4())
ORDER = str(uuid.uuid4())
PURCHASE_ORDER = str(uuid.uuid4())
LINE = {"sales_order_id": ORDER, "product_id": PRODUCT, "quantity": 2}


def the_order(overview) -> dict:
    [order] = overview()["sales_orders"]
    return order


def test_a_created_product_appears_in_the_projection_and_the_feed(deliver, event, overview):
    created = event("catalog.product_created", {"product_id": PRODUCT, "name": "Espresso cup", "price_cents": 450})
    assert deliver(created).action == "ack"
    view = overview()
    assert view["products"] == [{"product_id": PRODUCT, "name": "Espresso cup", "price_cents": 450}]
    assert view["events"] == [created]


def test_a_stock_level_change_is_shown_as_the_latest_stock(deliver, event, overview):
    deliver(event("stock.stock_level_changed", {"product_id": PRODUCT, "on_hand": 40, "reserved": 2, "available": 38}))
    assert overview()["stock_levels"] == [{"product_id": PRODUCT, "on_hand": 40, "reserved": 2, "available": 38}]


def test_a_stock_level_that_arrives_late_does_not_replace_a_newer_one(deliver, event, overview):
    earlier = event("stock.stock_level_changed", {"product_id": PRODUCT, "on_hand": 40, "reserved": 0, "available": 40})
    later = event("stock.stock_level_changed", {"product_id": PRODUCT, "on_hand": 40, "reserved": 2, "available": 38})
    deliver(later)
    deliver(earlier)
    assert overview()["stock_levels"][0]["available"] == 38


def test_goods_received_show_a_received_purchase_order(deliver, event, overview):
    deliver(
        event("purchase.goods_received", {"purchase_order_id": PURCHASE_ORDER, "product_id": PRODUCT, "quantity": 20})
    )
    assert overview()["purchase_orders"] == [
        {"purchase_order_id": PURCHASE_ORDER, "product_id": PRODUCT, "quantity": 20, "status": "received"}
    ]


def test_a_placed_order_is_pending_with_the_price_the_event_carried(deliver, event, overview):
    deliver(event("sales.sales_order_placed", {**LINE, "unit_price_cents": 450, "price_source": "catalog"}))
    assert the_order(overview) == {
        **LINE,
        "unit_price_cents": 450,
        "price_source": "catalog",
        "status": "pending",
        "rejection_reason": None,
    }


def test_a_placed_order_without_a_price_shows_none(deliver, event, overview):
    deliver(event("sales.sales_order_placed", LINE))
    assert (the_order(overview)["unit_price_cents"], the_order(overview)["price_source"]) == (None, None)


def test_version_2_of_the_placed_event_always_brings_the_price(deliver, event, overview):
    priced = {**LINE, "unit_price_cents": 399, "price_source": "cached"}
    assert deliver(event("sales.sales_order_placed", priced, version=2)).action == "ack"
    assert (the_order(overview)["unit_price_cents"], the_order(overview)["price_source"]) == (399, "cached")


@pytest.mark.parametrize(
    "event_type, extra, status, reason",
    [
        ("stock.stock_reserved", {}, "reserved", None),
        ("stock.stock_reservation_rejected", {"reason": "insufficient_stock"}, "rejected", "insufficient_stock"),
    ],
)
def test_the_decision_of_stock_moves_a_placed_order_on(deliver, event, overview, event_type, extra, status, reason):
    deliver(event("sales.sales_order_placed", LINE))
    deliver(event(event_type, {**LINE, **extra}))
    assert (the_order(overview)["status"], the_order(overview)["rejection_reason"]) == (status, reason)


def test_a_delivered_order_is_shown_delivered(deliver, event, overview):
    for event_type in ("sales.sales_order_placed", "stock.stock_reserved", "sales.sales_order_delivered"):
        deliver(event(event_type, LINE))
    assert the_order(overview)["status"] == "delivered"


def test_a_reservation_that_overtakes_its_order_creates_it_reserved_and_placed_fills_in_the_price(
    deliver, event, overview
):
    placed = event("sales.sales_order_placed", {**LINE, "unit_price_cents": 450, "price_source": "cached"})
    reserved = event("stock.stock_reserved", LINE)
    deliver(reserved)
    assert the_order(overview)["status"] == "reserved"
    deliver(placed)
    order = the_order(overview)
    assert (order["status"], order["unit_price_cents"], order["price_source"]) == ("reserved", 450, "cached")


def test_a_delivered_order_stays_delivered_when_older_events_arrive_late(deliver, event, overview):
    placed, reserved, delivered = (
        event(event_type, LINE)
        for event_type in ("sales.sales_order_placed", "stock.stock_reserved", "sales.sales_order_delivered")
    )
    for message in (delivered, reserved, placed):
        assert deliver(message).action == "ack"
    assert the_order(overview)["status"] == "delivered"
    assert len(overview()["events"]) == 3


def test_the_same_message_twice_changes_nothing(deliver, event, overview):
    placed = event("sales.sales_order_placed", LINE)
    deliver(placed)
    before = overview()
    second = deliver(placed)
    assert (second.action, second.duplicate) == ("ack", True)
    after = overview()
    assert {key: value for key, value in after.items() if key in ("sales_orders", "events")} == {
        key: value for key, value in before.items() if key in ("sales_orders", "events")
    }


@pytest.mark.parametrize(
    "breakage",
    [
        {"data": {**LINE, "quantity": 0}},
        {"data": {"sales_order_id": ORDER, "product_id": PRODUCT}},
        {"version": 2},
        {"type": "stock.stock_counted", "producer": "stock"},
        {"correlation_id": "has spaces"},
    ],
    ids=["zero-quantity", "missing-quantity", "unknown-version", "unknown-type", "malformed-correlation-id"],
)
def test_a_message_that_breaks_the_contract_is_dead_lettered_and_changes_nothing(deliver, event, overview, breakage):
    outcome = deliver({**event("stock.stock_reserved", LINE), **breakage})
    assert outcome.action == "dead-letter"
    assert outcome.reason
    view = overview()
    assert (view["sales_orders"], view["events"]) == ([], [])


def test_a_body_that_is_not_json_is_dead_lettered(deliver):
    assert deliver(b"{not json").action == "dead-letter"


def test_the_dashboard_subscribes_to_every_event_type_in_every_version_the_contracts_have(app):
    platform = app.extensions["platform"]
    subscriptions = platform.consumer._processor.subscriptions
    assert set(subscriptions) == {
        "catalog.product_created",
        "purchase.goods_received",
        "sales.sales_order_placed",
        "sales.sales_order_delivered",
        "stock.stock_reserved",
        "stock.stock_reservation_rejected",
        "stock.stock_level_changed",
    }
    for event_type, subscription in subscriptions.items():
        assert list(subscription.versions) == platform.contracts.versions_of(event_type)


def test_the_feed_is_pruned_to_the_newest_500_events(deliver, event, overview, app):
    messages = [
        event("catalog.product_created", {"product_id": str(uuid.uuid4()), "name": f"Item {n}", "price_cents": n})
        for n in range(503)
    ]
    for message in messages:
        deliver(message)
    with app.extensions["platform"].database.reading() as connection:
        kept = [row[0] for row in connection.execute("SELECT message_id FROM event_feed ORDER BY seq")]
    assert kept == [message["id"] for message in messages[3:]]
    shown = overview()["events"]
    assert [entry["id"] for entry in shown] == [message["id"] for message in reversed(messages[-100:])]
