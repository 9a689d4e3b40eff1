"""Stock's consumer in process: real envelopes through the message processor, effects read back.

Each flow is checked for its effect, for a second delivery of the same message (the inbox makes it a
duplicate that changes nothing) and, for orders, for the same order told twice in different messages.
"""

import uuid

import pytest


def levels(client) -> dict:
    return {level["product_id"]: level for level in client.get("/stock-levels").get_json()["stock_levels"]}


def of_type(events: list[dict], event_type: str) -> list[dict]:
    return [event for event in events if event["type"] == event_type]


def test_goods_received_raise_on_hand_and_announce_the_new_level(client, deliver, events, outbox_events, product_id):
    outcome = deliver(events.goods_received(product_id, 40, correlation_id="po-receive-1"))
    assert outcome.action == "ack"
    [changed] = outbox_events()
    assert changed["type"] == "stock.stock_level_changed"
    assert changed["producer"] == "stock"
    assert changed["correlation_id"] == "po-receive-1"
    assert changed["data"] == {"product_id": product_id, "on_hand": 40, "reserved": 0, "available": 40}


def test_goods_received_twice_in_one_message_count_once(client, deliver, events, outbox_events, product_id):
    message = events.goods_received(product_id, 40)
    deliver(message)
    outcome = deliver(message)
    assert outcome.action == "ack" and outcome.duplicate
    assert levels(client)[product_id]["on_hand"] == 40
    assert len(outbox_events()) == 1


def test_an_order_is_reserved_when_enough_is_available(
    client, deliver, events, outbox_events, product_id, sales_order_id
):
    deliver(events.goods_received(product_id, 40))
    outcome = deliver(events.sales_order_placed(sales_order_id, product_id, 2, correlation_id="order-9"))
    assert outcome.action == "ack"
    assert levels(client)[product_id] == {"product_id": product_id, "on_hand": 40, "reserved": 2, "available": 38}
    reserved, changed = outbox_events()[1:]
    assert reserved["type"] == "stock.stock_reserved"
    assert reserved["data"] == {"sales_order_id": sales_order_id, "product_id": product_id, "quantity": 2}
    assert changed["data"] == {"product_id": product_id, "on_hand": 40, "reserved": 2, "available": 38}
    assert {reserved["correlation_id"], changed["correlation_id"]} == {"order-9"}


@pytest.mark.parametrize("version", [1, 2])
def test_an_order_is_reserved_alike_whichever_version_of_the_placed_event_announced_it(
    client, deliver, events, product_id, sales_order_id, version
):
    deliver(events.goods_received(product_id, 40))
    placed = {1: events.sales_order_placed, 2: events.sales_order_placed_v2}[version]
    assert deliver(placed(sales_order_id, product_id, 2)).action == "ack"
    assert levels(client)[product_id]["reserved"] == 2


def test_a_version_of_the_placed_event_stock_does_not_know_is_dead_lettered_with_the_reason(
    deliver, events, product_id, sales_order_id
):
    outcome = deliver(events.sales_order_placed(sales_order_id, product_id, 2, version=3))
    assert outcome.action == "dead-letter"
    assert "v3 is not a version this service accepts" in outcome.reason


def test_an_order_is_rejected_when_stock_is_insufficient(
    client, deliver, events, outbox_events, product_id, sales_order_id
):
    deliver(events.goods_received(product_id, 5))
    deliver(events.sales_order_placed(sales_order_id, product_id, 6))
    assert levels(client)[product_id]["reserved"] == 0
    [rejected] = outbox_events()[1:]
    assert rejected["type"] == "stock.stock_reservation_rejected"
    assert rejected["data"] == {
        "sales_order_id": sales_order_id,
        "product_id": product_id,
        "quantity": 6,
        "reason": "insufficient_stock",
    }


def test_an_order_for_a_product_stock_never_saw_is_rejected_without_a_level(
    client, deliver, events, outbox_events, product_id, sales_order_id
):
    assert deliver(events.sales_order_placed(sales_order_id, product_id, 1)).action == "ack"
    assert levels(client) == {}
    assert [event["type"] for event in outbox_events()] == ["stock.stock_reservation_rejected"]


@pytest.mark.parametrize("on_hand", [40, 1], ids=["first-reserved", "first-rejected"])
def test_an_order_is_decided_once_however_often_it_is_announced(
    client, deliver, events, outbox_events, product_id, sales_order_id, on_hand
):
    deliver(events.goods_received(product_id, on_hand))
    message = events.sales_order_placed(sales_order_id, product_id, 2)
    deliver(message)
    decided = outbox_events()
    assert deliver(message).duplicate
    # The same order in a different message (a new id): the inbox cannot tell, the reservations table can.
    goods_arrived_meanwhile = events.goods_received(product_id, 100)
    deliver(goods_arrived_meanwhile)
    outcome = deliver(events.sales_order_placed(sales_order_id, product_id, 2))
    assert outcome.action == "ack" and not outcome.duplicate
    assert outbox_events()[len(decided) + 1 :] == []
    assert levels(client)[product_id]["reserved"] == (2 if on_hand == 40 else 0)


def test_a_delivered_order_lowers_on_hand_and_reserved_once(
    client, deliver, events, outbox_events, product_id, sales_order_id
):
    deliver(events.goods_received(product_id, 40))
    deliver(events.sales_order_placed(sales_order_id, product_id, 2))
    message = events.sales_order_delivered(sales_order_id, product_id, 2)
    assert deliver(message).action == "ack"
    expected = {"product_id": product_id, "on_hand": 38, "reserved": 0, "available": 38}
    assert levels(client)[product_id] == expected
    assert outbox_events()[-1]["data"] == expected
    published = len(outbox_events())
    assert deliver(message).duplicate
    assert deliver(events.sales_order_delivered(sales_order_id, product_id, 2)).action == "ack"
    assert levels(client)[product_id] == expected
    assert len(outbox_events()) == published


def test_the_delivery_of_an_order_stock_never_saw_is_dead_lettered(
    client, deliver, events, outbox_events, product_id, sales_order_id
):
    deliver(events.goods_received(product_id, 40))
    outcome = deliver(events.sales_order_delivered(sales_order_id, product_id, 2))
    assert outcome.action == "dead-letter"
    assert "never reserved" in outcome.reason
    assert levels(client)[product_id]["on_hand"] == 40
    assert len(outbox_events()) == 1


def test_the_delivery_of_a_rejected_order_is_dead_lettered_and_changes_nothing(
    client, deliver, events, outbox_events, product_id, sales_order_id
):
    deliver(events.goods_received(product_id, 1))
    deliver(events.sales_order_placed(sales_order_id, product_id, 2))
    published = outbox_events()
    message = events.sales_order_delivered(sales_order_id, product_id, 2)
    outcome = deliver(message)
    assert outcome.action == "dead-letter"
    assert "rejected" in outcome.reason
    assert outbox_events() == published
    # Nothing was recorded in the inbox either: a replay from the dead-letter queue is judged afresh.
    assert not deliver(message).duplicate


@pytest.mark.parametrize(
    "breach",
    [
        lambda events, product_id: events.goods_received(product_id, 0),
        lambda events, product_id: events.goods_received("not-a-uuid", 1),
        lambda events, product_id: events.goods_received(product_id, 1, version=2),
        lambda events, product_id: events.goods_received(product_id, 1, producer="sales"),
        lambda events, product_id: events.sales_order_placed(str(uuid.uuid4()), product_id, "2"),
        lambda events, product_id: {**events.sales_order_delivered(str(uuid.uuid4()), product_id, 1), "data": []},
        lambda events, product_id: events.envelope(
            "catalog.product_created", {"product_id": product_id, "name": "Cup", "price_cents": 1}
        ),
        lambda events, product_id: b"{not json",
    ],
    ids=[
        "zero-quantity",
        "product-id-not-a-uuid",
        "unknown-version",
        "wrong-producer",
        "quantity-as-string",
        "data-is-a-list",
        "event-stock-does-not-consume",
        "not-json",
    ],
)
def test_a_message_that_breaks_the_contract_is_dead_lettered(
    client, deliver, events, outbox_events, product_id, breach
):
    outcome = deliver(breach(events, product_id))
    assert outcome.action == "dead-letter"
    assert outcome.reason
    assert levels(client) == {}
    assert outbox_events() == []
