"""The consumer loop against a real broker: exactly-once effects, retries, dead letters, reconnects."""

import json
import logging
import uuid

import pytest

from service_kit.consumer import EventConsumer, MessageProcessor, PermanentFailure, Subscription
from service_kit.unit_of_work import SqliteUnitOfWork
from support.polling import wait_until

from .conftest import PRODUCT_CREATED, as_body, product_created

pytestmark = [pytest.mark.integration, pytest.mark.timeout(240)]


def record_effect(uow, envelope):
    uow.connection.execute("INSERT INTO effects (product_id) VALUES (?)", (envelope["data"]["product_id"],))


def effects(database) -> list[str]:
    with database.reading() as connection:
        return [row[0] for row in connection.execute("SELECT product_id FROM effects")]


@pytest.fixture
def start_consumer(broker, database, contracts, service_name):
    consumers = []

    def start(handler=record_effect) -> EventConsumer:
        processor = MessageProcessor(
            contracts, lambda: SqliteUnitOfWork(database), {PRODUCT_CREATED: Subscription(handler)}
        )
        consumer = EventConsumer(service_name, broker, processor, prefetch=10)
        consumer.start()
        consumers.append(consumer)
        wait_until(lambda: consumer.connected, timeout=30, message="consumer connected")
        return consumer

    yield start
    for consumer in consumers:
        consumer.stop()


def test_a_redelivered_message_changes_nothing(start_consumer, amqp, contracts, database, service_name, caplog):
    caplog.set_level(logging.INFO, logger="service_kit.consumer")
    start_consumer()
    envelope = product_created(contracts)
    amqp.publish(as_body(envelope), message_id=envelope["id"])
    amqp.publish(as_body(envelope), message_id=envelope["id"])

    wait_until(lambda: "ignored: already processed" in caplog.text, timeout=30, message="duplicate noticed")
    assert effects(database) == [envelope["data"]["product_id"]]
    wait_until(lambda: amqp.depth(f"{service_name}.events") == 0, timeout=10, message="both acked")


def test_poison_messages_are_dead_lettered_with_a_reason_and_the_consumer_goes_on(
    start_consumer, amqp, contracts, database, service_name
):
    start_consumer()
    broken = product_created(contracts)
    broken["data"]["price_cents"] = -5
    good = product_created(contracts)
    amqp.publish(b"\x00 not json at all")
    amqp.publish(json.dumps([1, 2, 3]))
    amqp.publish(as_body(broken), message_id=broken["id"])
    amqp.publish(as_body({**product_created(contracts), "version": 99}))
    amqp.publish(as_body(good), message_id=good["id"])

    dead = amqp.take_all(f"{service_name}.dead-letter", expected=4)
    reasons = [headers["x-dead-letter-reason"] for headers, _ in dead]
    assert any("not JSON" in reason for reason in reasons)
    assert any("not an object" in reason for reason in reasons)
    assert any("price_cents" in reason for reason in reasons)
    assert any("v99" in reason for reason in reasons)
    assert all(headers["x-consumer"] == service_name for headers, _ in dead)
    assert all(headers["x-original-routing-key"] == PRODUCT_CREATED for headers, _ in dead)
    wait_until(lambda: effects(database) == [good["data"]["product_id"]], timeout=30, message="good message handled")


def test_a_failing_handler_is_retried_with_growing_delay_then_dead_lettered(
    start_consumer, amqp, contracts, database, service_name
):
    calls = []

    def always_failing(uow, envelope):
        calls.append(envelope["id"])
        raise RuntimeError("the disk is on fire")

    start_consumer(always_failing)
    envelope = product_created(contracts)
    amqp.publish(as_body(envelope), message_id=envelope["id"])

    [(headers, body)] = amqp.take_all(f"{service_name}.dead-letter", expected=1, timeout=30)
    assert json.loads(body)["id"] == envelope["id"]
    assert len(calls) == 3, "one delivery and one retry per configured delay (200 ms, 600 ms)"
    assert headers["x-attempts"] == 2
    assert "the disk is on fire" in headers["x-dead-letter-reason"]


def test_a_handler_that_fails_once_succeeds_on_its_retry(start_consumer, amqp, contracts, database):
    failures = []

    def flaky(uow, envelope):
        if not failures:
            failures.append(envelope["id"])
            raise ConnectionError("catalog blinked")
        record_effect(uow, envelope)

    start_consumer(flaky)
    envelope = product_created(contracts)
    amqp.publish(as_body(envelope), message_id=envelope["id"])
    wait_until(lambda: effects(database) == [envelope["data"]["product_id"]], timeout=30, message="handled on retry")


def test_a_permanent_failure_skips_the_retries(start_consumer, amqp, contracts, service_name):
    def refuse(uow, envelope):
        raise PermanentFailure("product names may not contain teapots")

    start_consumer(refuse)
    envelope = product_created(contracts)
    amqp.publish(as_body(envelope), message_id=envelope["id"])
    [(headers, _)] = amqp.take_all(f"{service_name}.dead-letter", expected=1, timeout=15)
    assert headers["x-attempts"] == 0
    assert "teapots" in headers["x-dead-letter-reason"]


def test_the_consumer_reconnects_by_itself_after_the_broker_restarts(
    broker_project, start_consumer, amqp, contracts, database
):
    consumer = start_consumer()
    broker_project.stop("rabbitmq")
    wait_until(lambda: not consumer.connected, timeout=30, message="consumer noticed the broker is gone")
    broker_project.wait_healthy("rabbitmq")
    wait_until(lambda: consumer.connected, timeout=60, message="consumer reconnected without a restart")
    envelope = product_created(contracts, message_id=str(uuid.uuid4()))
    amqp.publish(as_body(envelope), message_id=envelope["id"])
    wait_until(lambda: effects(database) == [envelope["data"]["product_id"]], timeout=30, message="handled")
