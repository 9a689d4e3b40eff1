"""RabbitMQ: connection parameters and the topology every service declares (architecture.md, "Messages").

Every service declares the whole topology, read from `infrastructure/rabbitmq/topology.json`, before it
publishes or consumes. So whichever service meets the broker first creates every queue, and no event is
published into an exchange where its consumer's queue does not exist yet: services may start in any order.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import pika

DEAD_LETTER_SUFFIX = "dead-letter"


@dataclass(frozen=True)
class Topology:
    exchange: str
    bindings: dict[str, tuple[str, ...]]
    retry_delays_ms: tuple[int, ...]

    @classmethod
    def from_file(cls, path: str | Path) -> "Topology":
        document = json.loads(Path(path).read_text())
        return cls(
            exchange=document["exchange"],
            bindings={name: tuple(keys) for name, keys in document["consumers"].items()},
            retry_delays_ms=tuple(document["retry_delays_ms"]),
        )

    @staticmethod
    def queue(service: str) -> str:
        return f"{service}.events"

    @staticmethod
    def dead_letter_queue(service: str) -> str:
        return f"{service}.{DEAD_LETTER_SUFFIX}"

    @staticmethod
    def retry_queue(service: str, delay_ms: int) -> str:
        return f"{service}.retry.{delay_ms}ms"

    def declare(self, channel) -> None:
        channel.exchange_declare(self.exchange, exchange_type="topic", durable=True)
        for service, keys in self.bindings.items():
            self.declare_consumer(channel, service, keys)

    def declare_consumer(self, channel, service: str, keys: tuple[str, ...]) -> None:
        queue = self.queue(service)
        channel.queue_declare(queue, durable=True)
        for key in keys:
            channel.queue_bind(queue, self.exchange, routing_key=key)
        channel.queue_declare(self.dead_letter_queue(service), durable=True)
        for delay_ms in self.retry_delays_ms:
            # A delay queue has no consumer: a message waits out the TTL, then RabbitMQ dead-letters it
            # through the default exchange back into the service's own queue, and only that one.
            channel.queue_declare(
                self.retry_queue(service, delay_ms),
                durable=True,
                arguments={
                    "x-message-ttl": delay_ms,
                    "x-dead-letter-exchange": "",
                    "x-dead-letter-routing-key": queue,
                },
            )


class Broker:
    """Knows how to reach RabbitMQ. Each thread makes its own connection: pika's are not thread-safe."""

    def __init__(self, url: str, topology: Topology, heartbeat_seconds: int = 30):
        self._url = url
        self.topology = topology
        self._heartbeat = heartbeat_seconds

    def connect(self) -> pika.BlockingConnection:
        parameters = pika.URLParameters(self._url)
        parameters.heartbeat = self._heartbeat
        # Fail fast and let the worker's own backoff decide when to try again.
        parameters.connection_attempts = 1
        parameters.socket_timeout = 5
        parameters.stack_timeout = 10
        parameters.blocked_connection_timeout = 30
        return pika.BlockingConnection(parameters)


def persistent_properties(envelope: dict, headers: dict | None = None) -> pika.BasicProperties:
    return pika.BasicProperties(
        message_id=envelope["id"],
        type=envelope["type"],
        correlation_id=envelope["correlation_id"],
        content_type="application/json",
        delivery_mode=pika.DeliveryMode.Persistent,
        headers=headers or {},
    )
