"""The transactional outbox against a real broker: a broker outage delays events, it never loses them."""

import json

import pika
import pytest

from service_kit import outbox
from service_kit.outbox import Outbox, OutboxRelay
from support.polling import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.timeout(240)]


def write_events(database, the_outbox: Outbox, count: int) -> set[str]:
    ids = set()
    for number in range(count):
        with database.transaction() as connection:
            envelope = the_outbox.append(
                connection,
                "catalog.product_created",
                {"product_id": f"00000000-0000-4000-8000-{number:012d}", "name": f"Item {number}", "price_cents": 100},
            )
        the_outbox.committed()
        ids.add(envelope["id"])
    return ids


def test_the_outbox_holds_events_while_the_broker_is_down_and_drains_when_it_returns(
    broker_project, broker, database, contracts, amqp, service_name
):
    the_outbox = Outbox("catalog", contracts)
    relay = OutboxRelay(database, broker, the_outbox, poll_seconds=0.2)
    relay.start()  # connecting declares the topology, so the test's queue exists before the outage
    try:
        wait_until(lambda: relay.connected, timeout=30, message="relay connected")
        broker_project.stop("rabbitmq")
        wait_until(lambda: not relay.connected, timeout=30, message="relay noticed the broker is gone")

        written = write_events(database, the_outbox, 25)
        assert outbox.backlog(database) == 25, "writes must succeed and wait in the outbox while the broker is down"

        broker_project.wait_healthy("rabbitmq")
        wait_until(lambda: outbox.backlog(database) == 0, timeout=90, message="outbox drained")
        delivered = amqp.take_all(f"{service_name}.events", expected=25)
        assert {json.loads(body)["id"] for _, body in delivered} == written
    finally:
        relay.stop()


def test_every_relayed_event_carries_the_amqp_properties_of_its_envelope(broker, database, contracts, service_name):
    the_outbox = Outbox("catalog", contracts)
    relay = OutboxRelay(database, broker, the_outbox, poll_seconds=0.2)
    [message_id] = write_events(database, the_outbox, 1)
    relay.start()
    try:
        wait_until(lambda: outbox.backlog(database) == 0, timeout=30, message="outbox drained")
    finally:
        relay.stop()
    connection = broker.connect()
    try:
        method, properties, _ = connection.channel().basic_get(f"{service_name}.events", auto_ack=True)
    finally:
        connection.close()
    assert method is not None
    assert properties.message_id == message_id
    assert properties.type == "catalog.product_created"
    assert properties.content_type == "application/json"
    assert properties.delivery_mode == pika.DeliveryMode.Persistent.value
    assert properties.correlation_id


def test_an_unroutable_event_stays_in_the_outbox_while_the_others_are_published(
    broker, database, contracts, amqp, service_name
):
    purchase_outbox, the_outbox = Outbox("purchase", contracts), Outbox("catalog", contracts)
    with database.transaction() as connection:
        # No queue in this broker is bound to purchase.goods_received: the broker returns it.
        purchase_outbox.append(
            connection,
            "purchase.goods_received",
            {
                "purchase_order_id": "00000000-0000-4000-8000-000000000001",
                "product_id": "00000000-0000-4000-8000-000000000002",
                "quantity": 3,
            },
        )
    routable = write_events(database, the_outbox, 3)
    relay = OutboxRelay(database, broker, the_outbox, poll_seconds=0.2)
    relay.start()
    try:
        delivered = amqp.take_all(f"{service_name}.events", expected=3)
        assert {json.loads(body)["id"] for _, body in delivered} == routable
        wait_until(lambda: outbox.backlog(database) == 1, timeout=10, message="only the unroutable event left")
    finally:
        relay.stop()
    with database.reading() as connection:
        [kept] = connection.execute("SELECT routing_key FROM outbox WHERE published_at IS NULL").fetchall()
    assert kept["routing_key"] == "purchase.goods_received"
