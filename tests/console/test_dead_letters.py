"""`./workshop dead-letters list | replay | discard`: see why a message failed, fix the cause, send it back.

The story is one a workshop meets: a delivery reaches stock before stock ever reserved the order
(say, the placed event was held up elsewhere). Stock can never apply it, so it is dead-lettered with
the reason. Once the missing order arrives, replaying the delivery applies it, exactly once.

The test plays sales' part by publishing both events itself, for an order sales never placed, so
sales in turn dead-letters stock's answer about it; `discard` removes that echo, on purpose, at the end.
"""

import json
import uuid

import pika
import pytest

from service_kit.broker import persistent_properties
from service_kit.envelope import utc_now
from support.polling import wait_until
from support.shop import create_product, stock_up

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]
DEAD_LETTERS = "stock.dead-letter"


def publish(stack, event_type: str, data: dict, correlation_id: str) -> str:
    """Publish one event to the `events` exchange, as its producer would, with publisher confirms."""
    envelope = {
        "id": str(uuid.uuid4()),
        "type": event_type,
        "version": 1,
        "occurred_at": utc_now(),
        "producer": event_type.split(".")[0],
        "correlation_id": correlation_id,
        "data": data,
    }
    connection = pika.BlockingConnection(pika.URLParameters(stack.project.amqp_url()))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        properties = persistent_properties(envelope)
        channel.basic_publish("events", event_type, json.dumps(envelope), properties, mandatory=True)
    finally:
        connection.close()
    return envelope["id"]


def waiting(stack, queue: str) -> int:
    """Messages ready in `queue`, exactly, from the broker itself (the management API's figures lag)."""
    connection = pika.BlockingConnection(pika.URLParameters(stack.project.amqp_url()))
    try:
        return connection.channel().queue_declare(queue, passive=True).method.message_count
    finally:
        connection.close()


def dead_letter_of_an_order_stock_never_reserved(stack, workshop, product: str) -> tuple[dict, str, str]:
    """A delivery that reaches stock before the order it delivers: stock dead-letters it, with the reason."""
    order = {"sales_order_id": str(uuid.uuid4()), "product_id": product, "quantity": 2}
    correlation_id = f"console-{uuid.uuid4().hex[:10]}"
    delivery = publish(stack, "sales.sales_order_delivered", order, correlation_id)
    wait_until(
        lambda: any(m["message_id"] == delivery for m in listed(workshop)),
        timeout=30,
        message="stock dead-lettered the delivery of an order it never reserved",
    )
    return order, correlation_id, delivery


def listed(workshop, service: str = "stock") -> list[dict]:
    return json.loads(workshop.run("dead-letters", "list", service, "--json").stdout)


@pytest.fixture
def echoes_in_sales(workshop):
    """Correlation ids of the orders the test made up; their echoes in sales.dead-letter are discarded after."""
    made_up: list[str] = []
    yield made_up
    echoes = wait_until(
        lambda: [m["message_id"] for m in listed(workshop, "sales") if m["correlation_id"] in made_up],
        timeout=30,
        message="sales dead-lettered stock's answer about the order it never placed",
    )
    discarded = workshop.run("dead-letters", "discard", "sales", *[f"--id={echo}" for echo in echoes]).stdout
    assert f"Discarded {len(echoes)} message(s)" in discarded
    assert not any(m["correlation_id"] in made_up for m in listed(workshop, "sales")), "discard left an echo behind"


def test_a_dead_letter_is_listed_with_its_reason_and_once_fixed_replayed_exactly_once(stack, workshop, echoes_in_sales):
    product = create_product(stack, "Dead letter teapot", 900)["product_id"]
    stock_up(stack, product, 20)
    order, correlation_id, delivery = dead_letter_of_an_order_stock_never_reserved(stack, workshop, product)
    echoes_in_sales.append(correlation_id)
    letter = next(m for m in listed(workshop) if m["message_id"] == delivery)
    assert letter["event_type"] == "sales.sales_order_delivered"
    assert letter["correlation_id"] == correlation_id
    assert f"sales order {order['sales_order_id']} was never reserved by stock" in letter["reason"]
    assert letter["data"] == order

    table = workshop.run("dead-letters", "list", "stock").stdout
    assert f"sales.sales_order_delivered  message {delivery}" in table
    assert f"why:  sales.sales_order_delivered cannot be handled: sales order {order['sales_order_id']}" in table
    before = waiting(stack, DEAD_LETTERS)
    assert any(m["message_id"] == delivery for m in listed(workshop)), "listing took the dead letter away"
    assert waiting(stack, DEAD_LETTERS) == before, "listing changed the dead-letter queue"

    # The fix: the order stock never heard of arrives, and stock reserves it.
    publish(stack, "sales.sales_order_placed", order, correlation_id)
    wait_until(
        lambda: stack.stock.get(f"/stock-levels/{product}").json()["reserved"] == 2,
        timeout=30,
        message="stock reserved the order once its placed event arrived",
    )

    replayed = workshop.run("dead-letters", "replay", "stock", "--id", delivery).stdout
    assert "Sent 1 message(s) back to stock.events" in replayed
    wait_until(
        lambda: (
            stack.stock.get(f"/stock-levels/{product}").json()
            == {"product_id": product, "on_hand": 18, "reserved": 0, "available": 18}
        ),
        timeout=30,
        message="stock applied the replayed delivery: on_hand 20 - 2, nothing reserved",
    )
    assert all(m["message_id"] != delivery for m in listed(workshop)), "the replayed message is still a dead letter"


def test_replay_says_which_messages_it_did_not_find_and_leaves_the_others_alone(stack, workshop, echoes_in_sales):
    product = create_product(stack, "Patient teapot", 900)["product_id"]
    stock_up(stack, product, 20)
    order, correlation_id, delivery = dead_letter_of_an_order_stock_never_reserved(stack, workshop, product)
    echoes_in_sales.append(correlation_id)
    before = waiting(stack, DEAD_LETTERS)

    missing = str(uuid.uuid4())
    result = workshop.run("dead-letters", "replay", "stock", "--id", missing, expect_exit=1)
    assert f"Not found in stock.dead-letter (or refused by the broker): {missing}" in result.stdout
    assert "Sent 0 message(s) back to stock.events" in result.stdout
    assert waiting(stack, DEAD_LETTERS) == before, "replaying a message that is not there moved another one"
    assert any(m["message_id"] == delivery for m in listed(workshop))

    # Leave no dead letter behind for the tests that follow: fix the cause and replay it.
    publish(stack, "sales.sales_order_placed", order, correlation_id)
    wait_until(lambda: stack.stock.get(f"/stock-levels/{product}").json()["reserved"] == 2, timeout=30)
    workshop.run("dead-letters", "replay", "stock", "--id", delivery)
    wait_until(lambda: stack.stock.get(f"/stock-levels/{product}").json()["on_hand"] == 18, timeout=30)


def test_replay_wants_to_be_told_which_messages_to_send(workshop):
    result = workshop.run("dead-letters", "replay", "stock", expect_exit=2)
    assert "say which: --all, or --id MESSAGE_ID" in result.stderr
