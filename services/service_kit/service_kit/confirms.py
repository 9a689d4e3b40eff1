"""Publishing a batch with publisher confirms, all of it in flight at once.

pika's BlockingChannel waits for each confirm before the next publish, so every event would pay a
broker round trip and a disk flush of its own. RabbitMQ's advice is to publish a batch and then wait
for the outstanding confirms. BlockingChannel has no call for that, so this class publishes through
the channel's asynchronous implementation (`channel._impl`, stable under the pinned pika 1.4.4) and
waits on the blocking connection until every delivery tag is acked, nacked or returned.
"""

import time
from dataclasses import dataclass, field

import pika
import pika.exceptions

CONFIRM_TIMEOUT_SECONDS = 15.0


@dataclass
class BatchOutcome:
    confirmed: list[object] = field(default_factory=list)  # keys of the messages the broker has taken
    unroutable: list[object] = field(default_factory=list)  # returned: no queue bound for the key
    nacked: list[object] = field(default_factory=list)  # the broker could not take them; try again


class ConfirmingPublisher:
    def __init__(self, connection: pika.BlockingConnection, channel):
        self._connection = connection
        self._impl = channel._impl
        self._next_tag = 1
        self._in_flight: dict[int, object] = {}
        self._outcome = BatchOutcome()
        self._returned_ids: set[str] = set()
        self._ids: dict[int, str] = {}
        selected = []
        self._impl.confirm_delivery(ack_nack_callback=self._on_confirm, callback=selected.append)
        self._impl.add_on_return_callback(self._on_return)
        self._wait_until(lambda: selected, "the broker to enter confirm mode")

    def publish_batch(self, messages: list[tuple[object, str, str, bytes, pika.BasicProperties]]) -> BatchOutcome:
        """messages: (key, exchange, routing_key, body, properties); keys come back in the outcome."""
        self._outcome = BatchOutcome()
        for key, exchange, routing_key, body, properties in messages:
            tag = self._next_tag
            self._next_tag += 1
            self._in_flight[tag] = key
            self._ids[tag] = properties.message_id
            self._impl.basic_publish(exchange, routing_key, body, properties, mandatory=True)
        self._wait_until(lambda: not self._in_flight, f"confirms of {len(messages)} messages")
        return self._outcome

    def _on_confirm(self, frame) -> None:
        method = frame.method
        tags = [t for t in self._in_flight if t <= method.delivery_tag] if method.multiple else [method.delivery_tag]
        for tag in tags:
            key = self._in_flight.pop(tag, None)
            message_id = self._ids.pop(tag, None)
            if key is None:
                continue
            if isinstance(method, pika.spec.Basic.Nack):
                self._outcome.nacked.append(key)
            elif message_id in self._returned_ids:
                self._returned_ids.discard(message_id)
                self._outcome.unroutable.append(key)
            else:
                self._outcome.confirmed.append(key)

    def _on_return(self, channel, method, properties, body) -> None:
        # RabbitMQ sends basic.return for an unroutable mandatory message before the basic.ack for it.
        self._returned_ids.add(properties.message_id)

    def _wait_until(self, done, what: str) -> None:
        deadline = time.monotonic() + CONFIRM_TIMEOUT_SECONDS
        while not done():
            if time.monotonic() > deadline:
                raise pika.exceptions.AMQPError(f"timed out waiting for {what}")
            self._connection.process_data_events(time_limit=0.05)
