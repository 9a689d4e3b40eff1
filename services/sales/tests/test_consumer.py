"""Sales' consumer in process: real envelopes through the real message processor, on a real SQLite file.

Each order is reserved or rejected exactly once, however often its result is delivered (domain.md, flow 4).
"""

import json
import uuid
from pathlib import Path

import pytest

from sales.adapters.database import ProductRepository

EXAMPLES = Path(__file__).resolve().parents[3] / "contracts" / "events" / "examples"
CONSUMED = ("catalog.product_created", "stock.stock_reserved", "stock.stock_reservation_rejected")


@pytest.fixture
def order(client, catalog) -> dict:
    cup = catalog.add(str(uuid.uuid4()), "Espresso cup", 450)
    response = client.post("/sales-orders", json={"product_id": cup["product_id"], "quantity": 2})
    assert response.status_code == 201
    return response.get_json()


def line(order: dict) -> dict:
    return {key: order[key] for key in ("sales_order_id", "product_id", "quantity")}


def reserved(envelope, order: dict) -> dict:
    return envelope("stock.stock_reserved", line(order))


def rejected(envelope, order: dict) -> dict:
    return envelope("stock.stock_reservation_rejected", {**line(order), "reason": "insufficient_stock"})


def status_of(client, order: dict) -> tuple[str, str | None]:
    current = client.get(f"/sales-orders/{order['sales_order_id']}").get_json()
    return current["status"], current["rejection_reason"]


def copy_of_catalog(app, product_id: str):
    with app.extensions["platform"].database.reading() as connection:
        return ProductRepository(connection).get(product_id)


def test_a_created_product_is_kept_in_sales_copy_of_the_catalog(app, receive, envelope):
    product = {"product_id": str(uuid.uuid4()), "name": "Milk jug", "price_cents": 1250}
    assert receive(envelope("catalog.product_created", product)).action == "ack"
    assert copy_of_catalog(app, product["product_id"]).price_cents == 1250


def test_the_same_product_announced_twice_is_one_product(app, receive, envelope):
    product = {"product_id": str(uuid.uuid4()), "name": "Milk jug", "price_cents": 1250}
    message = envelope("catalog.product_created", product)
    assert receive(message).duplicate is False
    assert receive(message).duplicate is True
    assert receive(envelope("catalog.product_created", product)).action == "ack"  # another message, same product
    with app.extensions["platform"].database.reading() as connection:
        assert connection.execute("SELECT count(*) FROM products").fetchone()[0] == 1


def test_a_reserved_result_makes_a_pending_order_reserved(client, receive, envelope, order):
    assert receive(reserved(envelope, order)).action == "ack"
    assert status_of(client, order) == ("reserved", None)


def test_a_rejected_result_makes_a_pending_order_rejected_with_the_reason(client, receive, envelope, order):
    assert receive(rejected(envelope, order)).action == "ack"
    assert status_of(client, order) == ("rejected", "insufficient_stock")


@pytest.mark.parametrize("result", [reserved, rejected])
def test_the_same_result_delivered_twice_is_applied_once(client, receive, envelope, order, result):
    message = result(envelope, order)
    first, second = receive(message), receive(message)
    assert (first.action, first.duplicate) == ("ack", False)
    assert (second.action, second.duplicate) == ("ack", True)


@pytest.mark.parametrize("result, status", [(reserved, "reserved"), (rejected, "rejected")])
def test_a_second_result_that_agrees_with_the_decision_changes_nothing(
    client, receive, envelope, order, result, status
):
    receive(result(envelope, order))
    outcome = receive(result(envelope, order))  # a new message id, the same decision
    assert (outcome.action, outcome.duplicate) == ("ack", False)
    assert status_of(client, order)[0] == status


@pytest.mark.parametrize("first, second, status", [(reserved, rejected, "reserved"), (rejected, reserved, "rejected")])
def test_a_result_that_contradicts_the_decision_is_dead_lettered_naming_the_order(
    client, receive, envelope, order, first, second, status
):
    receive(first(envelope, order))
    outcome = receive(second(envelope, order))
    assert outcome.action == "dead-letter"
    assert order["sales_order_id"] in outcome.reason
    assert status_of(client, order)[0] == status


def test_a_result_for_a_delivered_order_is_dead_lettered(client, receive, envelope, order):
    receive(reserved(envelope, order))
    client.post(f"/sales-orders/{order['sales_order_id']}/deliver")
    outcome = receive(rejected(envelope, order))
    assert outcome.action == "dead-letter"
    assert status_of(client, order)[0] == "delivered"


@pytest.mark.parametrize("result", [reserved, rejected])
def test_a_result_for_an_order_sales_does_not_know_is_dead_lettered_naming_it(receive, envelope, result):
    unknown = {"sales_order_id": str(uuid.uuid4()), "product_id": str(uuid.uuid4()), "quantity": 1}
    outcome = receive(result(envelope, unknown))
    assert outcome.action == "dead-letter"
    assert unknown["sales_order_id"] in outcome.reason


def test_a_dead_lettered_result_leaves_no_trace_in_the_inbox(app, receive, envelope):
    unknown = {"sales_order_id": str(uuid.uuid4()), "product_id": str(uuid.uuid4()), "quantity": 1}
    message = reserved(envelope, unknown)
    receive(message)
    assert receive(message).action == "dead-letter"  # a replay after a fix would be handled, not skipped


@pytest.mark.parametrize(
    "path",
    sorted(p for event in CONSUMED for p in (EXAMPLES / f"{event}.v1" / "fail").glob("*.json")),
    ids=lambda path: f"{path.parent.parent.name}/{path.name}",
)
def test_a_message_that_breaks_its_contract_is_dead_lettered(receive, path):
    outcome = receive(path.read_bytes())
    assert outcome.action == "dead-letter"
    assert "contract" in outcome.reason or "version" in outcome.reason


@pytest.mark.parametrize("body", [b"not json", b"[]", json.dumps({"type": "stock.stock_level_changed"}).encode()])
def test_a_message_that_is_not_an_event_sales_consumes_is_dead_lettered(receive, body):
    assert receive(body).action == "dead-letter"


def test_a_newer_version_sales_does_not_know_is_dead_lettered_with_the_reason(receive, envelope, order):
    message = {**reserved(envelope, order), "version": 2}
    outcome = receive(message)
    assert outcome.action == "dead-letter"
    assert "v2" in outcome.reason


@pytest.mark.parametrize(
    "path",
    sorted(p for event in CONSUMED for p in (EXAMPLES / f"{event}.v1" / "pass").glob("*.json")),
    ids=lambda path: f"{path.parent.parent.name}/{path.name}",
)
def test_every_valid_example_gets_past_the_contract_check(receive, path):
    # The stock examples name orders this database never saw, so they reach the handler and stop there.
    outcome = receive(path.read_bytes())
    assert outcome.action == "ack" or "no sales order with id" in outcome.reason
