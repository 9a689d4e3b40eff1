"""Integration tests: service_kit against a real RabbitMQ (the compose file's own broker service, in a
project of its own on its own ports) and real SQLite files. Nothing here is faked."""

import json
import uuid
from pathlib import Path

import pika
import pytest

from service_kit import inbox, outbox
from service_kit.broker import Broker, Topology
from service_kit.contracts import EventContracts
from service_kit.database import Database
from support.polling import wait_until
from support.stack import PORT_OFFSET, PROJECT
from workshop.compose import ROOT, ComposeProject

PRODUCT_CREATED = "catalog.product_created"


@pytest.fixture(scope="session")
def broker_project():
    project = ComposeProject(
        f"{PROJECT}-integration",
        ports={"RABBITMQ_AMQP": 35672 + PORT_OFFSET, "RABBITMQ_MANAGEMENT": 35673 + PORT_OFFSET},
    )
    project.down()
    project.up("rabbitmq")
    yield project
    project.down()


@pytest.fixture(scope="session")
def contracts():
    return EventContracts(ROOT / "contracts" / "events")


@pytest.fixture
def service_name():
    """A consumer of its own per test, so no test sees another's messages."""
    return f"it-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def topology(service_name):
    return Topology(exchange="events", bindings={service_name: (PRODUCT_CREATED,)}, retry_delays_ms=(200, 600))


@pytest.fixture
def broker(broker_project, topology):
    return Broker(broker_project.amqp_url(), topology, heartbeat_seconds=5)


@pytest.fixture
def database(tmp_path: Path):
    database = Database(f"sqlite:///{tmp_path}/service.db")
    database.migrate(outbox.SCHEMA, inbox.SCHEMA, "CREATE TABLE effects (product_id TEXT NOT NULL);")
    return database


class AmqpProbe:
    """The test's own view of the broker: publish raw bodies, count and read queues."""

    def __init__(self, broker: Broker):
        self._broker = broker

    def publish(self, body: bytes | str, routing_key: str = PRODUCT_CREATED, message_id: str = "") -> None:
        connection = self._broker.connect()
        try:
            channel = connection.channel()
            self._broker.topology.declare(channel)
            channel.confirm_delivery()
            channel.basic_publish(
                "events",
                routing_key,
                body.encode() if isinstance(body, str) else body,
                pika.BasicProperties(message_id=message_id or None, delivery_mode=2),
                mandatory=True,
            )
        finally:
            connection.close()

    def depth(self, queue: str) -> int:
        connection = self._broker.connect()
        try:
            return connection.channel().queue_declare(queue, passive=True).method.message_count
        finally:
            connection.close()

    def take_all(self, queue: str, expected: int, timeout: float = 30) -> list[tuple[dict, bytes]]:
        """Wait until `expected` messages are in the queue, then take them: (headers, body) pairs."""
        wait_until(lambda: self.depth(queue) >= expected, timeout=timeout, message=f"{expected} messages in {queue}")
        connection = self._broker.connect()
        taken = []
        try:
            channel = connection.channel()
            while True:
                method, properties, body = channel.basic_get(queue, auto_ack=True)
                if method is None:
                    return taken
                taken.append((dict(properties.headers or {}), body))
        finally:
            connection.close()


@pytest.fixture
def amqp(broker):
    return AmqpProbe(broker)


def product_created(contracts: EventContracts, message_id: str | None = None, **data) -> dict:
    envelope = {
        "id": message_id or str(uuid.uuid4()),
        "type": PRODUCT_CREATED,
        "version": 1,
        "occurred_at": "2026-12-04T10:00:00.000000Z",
        "producer": "catalog",
        "correlation_id": "integration-test",
        "data": {"product_id": str(uuid.uuid4()), "name": "Teapot", "price_cents": 1200, **data},
    }
    contracts.validate(envelope)
    return envelope


def as_body(envelope: dict) -> str:
    return json.dumps(envelope)
