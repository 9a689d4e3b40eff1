"""The events purchase consumes, fed to its real consumer logic as RabbitMQ would deliver them."""

import itertools
import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from service_kit.envelope import new_envelope

EXAMPLES = Path(__file__).resolve().parents[3] / "contracts" / "events" / "examples"
CONSUMED = ["catalog.product_created.v1", "stock.stock_level_changed.v1"]


def example_files(verdict: str) -> list[Path]:
    return sorted(path for folder in CONSUMED for path in (EXAMPLES / folder / verdict).glob("*.json"))


def test_a_product_created_in_catalog_can_be_ordered_without_asking_catalog(client, product_created):
    cup = product_created()
    assert client.post("/purchase-orders", json={"product_id": cup, "quantity": 5}).status_code == 201


def test_a_product_announcement_delivered_twice_is_applied_once(deliver, envelope):
    announcement = envelope(
        "catalog.product_created", {"product_id": str(uuid.uuid4()), "name": "Cup", "price_cents": 100}
    )
    assert deliver(announcement).duplicate is False
    second = deliver(announcement)
    assert (second.action, second.duplicate) == ("ack", True)


def test_a_product_announced_again_under_a_new_message_id_is_kept_once(deliver, envelope, client):
    data = {"product_id": str(uuid.uuid4()), "name": "Cup", "price_cents": 100}
    for _ in range(2):
        assert deliver(envelope("catalog.product_created", data)).action == "ack"
    assert client.post("/purchase-orders", json={"product_id": data["product_id"], "quantity": 1}).status_code == 201


def test_stock_falling_below_the_threshold_opens_a_purchase_order(
    product_created, stock_level_changed, purchase_orders
):
    cup = product_created()
    stock_level_changed(cup, available=3)
    [order] = purchase_orders(cup)
    assert (order["quantity"], order["status"]) == (20, "open")


def test_stock_at_the_threshold_opens_nothing(product_created, stock_level_changed, purchase_orders):
    cup = product_created()
    stock_level_changed(cup, available=5)
    assert purchase_orders(cup) == []


def test_a_product_stock_knows_but_purchase_has_not_heard_of_is_replenished(stock_level_changed, purchase_orders):
    unheard_of = str(uuid.uuid4())
    stock_level_changed(unheard_of, available=0, reserved=4)
    assert len(purchase_orders(unheard_of)) == 1


def test_a_low_stock_message_delivered_again_opens_no_second_order(deliver, stock_level_changed, purchase_orders):
    cup = str(uuid.uuid4())
    envelope = stock_level_changed(cup, available=1)
    assert deliver(envelope).duplicate is True
    assert len(purchase_orders(cup)) == 1


@pytest.mark.parametrize("levels", list(itertools.permutations([0, 3, 4, 12])), ids=str)
def test_low_stock_messages_in_any_order_open_one_order(stock_level_changed, purchase_orders, levels):
    cup = str(uuid.uuid4())
    for available in levels:
        stock_level_changed(cup, available=available)
    assert len(purchase_orders(cup, status="open")) == 1


def test_low_stock_messages_handled_at_the_same_time_open_one_order(deliver, envelope, purchase_orders):
    cup = str(uuid.uuid4())
    envelopes = [
        envelope("stock.stock_level_changed", {"product_id": cup, "on_hand": n, "reserved": 0, "available": n})
        for n in range(4)
    ] * 3
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(deliver, envelopes))
    assert {outcome.action for outcome in outcomes} == {"ack"}
    assert len(purchase_orders(cup)) == 1


def test_an_order_placed_by_hand_stops_replenishment_from_ordering_again(
    client, product_created, stock_level_changed, purchase_orders
):
    cup = product_created()
    client.post("/purchase-orders", json={"product_id": cup, "quantity": 100})
    stock_level_changed(cup, available=0)
    assert [order["quantity"] for order in purchase_orders(cup)] == [100]


def test_once_the_goods_arrived_low_stock_opens_the_next_order(client, stock_level_changed, purchase_orders):
    cup = str(uuid.uuid4())
    stock_level_changed(cup, available=2)
    [first] = purchase_orders(cup)
    client.post(f"/purchase-orders/{first['purchase_order_id']}/receive")
    stock_level_changed(cup, available=22)
    stock_level_changed(cup, available=4)
    assert [order["status"] for order in purchase_orders(cup)] == ["received", "open"]


def test_a_replenishment_order_can_be_received_like_any_other(
    client, stock_level_changed, purchase_orders, outbox_events
):
    cup = str(uuid.uuid4())
    stock_level_changed(cup, available=0)
    [order] = purchase_orders(cup)
    assert client.post(f"/purchase-orders/{order['purchase_order_id']}/receive").status_code == 200
    assert [event["data"]["quantity"] for event in outbox_events()] == [20]


@pytest.mark.parametrize("environ", [{"REPLENISH_THRESHOLD": "10", "REPLENISH_QUANTITY": "50"}], indirect=True)
def test_threshold_and_quantity_come_from_the_configuration(stock_level_changed, purchase_orders):
    cup = str(uuid.uuid4())
    stock_level_changed(cup, available=10)
    stock_level_changed(cup, available=9)
    assert [order["quantity"] for order in purchase_orders(cup)] == [50]


@pytest.mark.parametrize("example", example_files("pass"), ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_every_valid_example_of_a_consumed_event_is_handled(deliver, example):
    outcome = deliver(example.read_bytes())
    assert (outcome.action, outcome.duplicate) == ("ack", False)


@pytest.mark.parametrize("example", example_files("fail"), ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_every_invalid_example_of_a_consumed_event_is_dead_lettered(deliver, purchase_orders, example):
    outcome = deliver(example.read_bytes())
    assert outcome.action == "dead-letter"
    assert outcome.reason
    assert purchase_orders() == []


def test_a_low_stock_message_breaking_the_contract_is_dead_lettered_and_changes_nothing(
    deliver, envelope, purchase_orders
):
    without_available = envelope(
        "stock.stock_level_changed", {"product_id": str(uuid.uuid4()), "on_hand": 0, "reserved": 0}
    )
    outcome = deliver(without_available)
    assert outcome.action == "dead-letter"
    assert "available" in outcome.reason
    assert purchase_orders() == []


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        json.dumps(new_envelope("stock.stock_level_changed", 2, "stock", "flow", {})).encode(),
        json.dumps(new_envelope("sales.sales_order_placed", 1, "sales", "flow", {})).encode(),
    ],
    ids=["not-json", "not-an-object", "unknown-version", "event-purchase-does-not-consume"],
)
def test_a_message_purchase_cannot_read_is_dead_lettered(deliver, body):
    assert deliver(body).action == "dead-letter"
