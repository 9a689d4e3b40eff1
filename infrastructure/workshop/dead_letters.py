"""`./workshop dead-letters`: see why messages failed, and send them back once the cause is fixed.

A consumer moves a message it can never handle to `<service>.dead-letter`, with the reason in its
headers (service_kit/consumer.py). Listing looks at them through the management API and puts each
straight back. Replaying takes them over AMQP, publishes each to the service's own queue with
publisher confirms, and only after the broker confirmed that publish removes it from the dead-letter
queue: a replay that fails half-way leaves every message it did not confirm where it was. A message
that can never succeed can be discarded, deliberately, by its id.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pika
from pika.exceptions import NackError, UnroutableError

from workshop.management import ManagementApi

# Headers the consumer writes when it gives up; a replayed message starts afresh without them.
FAILURE_HEADERS = ("x-dead-letter-reason", "x-attempts", "x-last-error", "x-failed-at", "x-consumer")
LIST_LIMIT = 500


def dead_letter_queue(service: str) -> str:
    return f"{service}.dead-letter"


def service_queue(service: str) -> str:
    return f"{service}.events"


@dataclass(frozen=True)
class DeadLetter:
    service: str
    message_id: str
    event_type: str
    correlation_id: str
    reason: str
    failed_at: str
    attempts: int
    body: str

    @classmethod
    def from_management(cls, service: str, message: dict) -> "DeadLetter":
        properties = message.get("properties", {})
        headers = properties.get("headers", {})
        return cls(
            service=service,
            message_id=properties.get("message_id", ""),
            event_type=properties.get("type") or headers.get("x-original-routing-key", ""),
            correlation_id=properties.get("correlation_id", ""),
            reason=str(headers.get("x-dead-letter-reason", "no reason recorded")),
            failed_at=str(headers.get("x-failed-at", "")),
            attempts=int(headers.get("x-attempts", 0)),
            body=message.get("payload", ""),
        )

    def data(self) -> dict | str:
        try:
            return json.loads(self.body).get("data", self.body)
        except (ValueError, AttributeError):
            return self.body


def list_dead_letters(management: ManagementApi, service: str, limit: int = LIST_LIMIT) -> list[DeadLetter]:
    """The dead letters at the head of the service's queue, oldest first. None of them is taken away."""
    return [DeadLetter.from_management(service, m) for m in management.peek(dead_letter_queue(service), limit)]


@dataclass
class Outcome:
    done: list[str] = field(default_factory=list)  # message ids replayed (confirmed) or discarded
    left: int = 0  # messages still in the dead-letter queue: not chosen, or their publish was refused


def replay(amqp_url: str, service: str, message_ids: set[str] | None = None) -> Outcome:
    """Send the service's dead letters (all, or those with `message_ids`) back to its own queue."""
    return _work_through(amqp_url, service, message_ids, _republish)


def discard(amqp_url: str, service: str, message_ids: set[str] | None = None) -> Outcome:
    """Remove dead letters that can never succeed, once a person has read why. They are gone for good."""
    return _work_through(amqp_url, service, message_ids, lambda channel, service, properties, body: True)


def _work_through(amqp_url: str, service: str, message_ids: set[str] | None, handle: Callable[..., bool]) -> Outcome:
    """Take each dead letter, `handle` the chosen ones, and remove each only when `handle` says it is done."""
    outcome = Outcome()
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        # Only what is there now: a replayed message that fails again comes back, and is not replayed twice.
        waiting = channel.queue_declare(dead_letter_queue(service), passive=True).method.message_count
        kept = []
        for _ in range(waiting):
            method, properties, body = channel.basic_get(dead_letter_queue(service), auto_ack=False)
            if method is None:
                break
            if message_ids is not None and properties.message_id not in message_ids:
                kept.append(method.delivery_tag)
            elif handle(channel, service, properties, body):
                channel.basic_ack(method.delivery_tag)
                outcome.done.append(properties.message_id or "")
            else:
                kept.append(method.delivery_tag)
        for tag in kept:
            channel.basic_nack(tag, requeue=True)
        outcome.left = waiting - len(outcome.done)
    finally:
        if connection.is_open:
            connection.close()  # anything still unacknowledged goes back to the dead-letter queue
    return outcome


def _republish(channel, service: str, properties: pika.BasicProperties, body: bytes) -> bool:
    headers = {k: v for k, v in (properties.headers or {}).items() if k not in FAILURE_HEADERS}
    headers["x-replayed"] = True
    fresh = pika.BasicProperties(
        message_id=properties.message_id,
        type=properties.type,
        correlation_id=properties.correlation_id,
        content_type=properties.content_type or "application/json",
        delivery_mode=pika.DeliveryMode.Persistent,
        headers=headers,
    )
    try:
        # The default exchange routes by queue name: straight to this service, not to every consumer again.
        channel.basic_publish("", service_queue(service), body, fresh, mandatory=True)
    except (NackError, UnroutableError):
        return False
    return True
