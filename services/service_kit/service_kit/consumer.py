"""Consuming events: contract check, inbox, handler, manual ack; retries with growing delay; dead letters.

`MessageProcessor` decides what happens to one message and knows nothing of pika, so it is tested
without a broker. `EventConsumer` is the pika loop around it: bounded prefetch, ack only after commit.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from service_kit import correlation, inbox
from service_kit.broker import Broker, Topology, persistent_properties
from service_kit.contracts import ContractViolation, EventContracts
from service_kit.envelope import MalformedMessage, parse, utc_now
from service_kit.fault_injection import CrashAfterCommit
from service_kit.worker import BackgroundWorker

log = logging.getLogger(__name__)

Handler = Callable[[Any, dict[str, Any]], None]


class PermanentFailure(Exception):
    """The message can never be handled, however often it is retried: dead-letter it now."""


@dataclass(frozen=True)
class Outcome:
    action: str  # "ack" | "retry" | "dead-letter"
    reason: str = ""
    duplicate: bool = False
    # A dead letter because the message breaks its contract, not because a rule of the domain refused it.
    broke_contract: bool = False


@dataclass
class Subscription:
    handler: Handler
    versions: tuple[int, ...] = (1,)


@dataclass
class MessageProcessor:
    """Turns one delivered body into an outcome, applying the handler's effect at most once."""

    contracts: EventContracts
    unit_of_work: Callable[[], Any]
    subscriptions: dict[str, Subscription] = field(default_factory=dict)

    def process(self, body: bytes) -> Outcome:
        try:
            envelope = parse(body)
            self._check_contract(envelope)
        except (MalformedMessage, ContractViolation) as error:
            return Outcome("dead-letter", str(error), broke_contract=True)
        subscription = self.subscriptions[envelope["type"]]
        with correlation.bound(envelope["correlation_id"]):
            try:
                return self._apply(subscription, envelope)
            except PermanentFailure as error:
                return Outcome("dead-letter", f"{envelope['type']} cannot be handled: {error}")
            except Exception as error:  # noqa: BLE001 - any other failure may be transient: retry it
                log.exception(
                    "handling %s %s failed",
                    envelope["type"],
                    envelope["id"],
                    extra={"message_id": envelope["id"], "event_type": envelope["type"]},
                )
                return Outcome("retry", f"{type(error).__name__}: {error}")

    def _check_contract(self, envelope: dict[str, Any]) -> None:
        event_type = envelope.get("type")
        subscription = self.subscriptions.get(event_type)
        if subscription is None:
            raise ContractViolation(f"this service does not consume {event_type!r}")
        if envelope.get("version") not in subscription.versions:
            raise ContractViolation(
                f"{event_type} v{envelope.get('version')} is not a version this service accepts "
                f"(accepts {', '.join(f'v{v}' for v in subscription.versions)})"
            )
        self.contracts.validate(envelope)

    def _apply(self, subscription: Subscription, envelope: dict[str, Any]) -> Outcome:
        extra = {"message_id": envelope["id"], "event_type": envelope["type"]}
        with self.unit_of_work() as uow:
            if inbox.already_processed(uow.connection, envelope["id"]):
                log.info("duplicate %s %s ignored: already processed", envelope["type"], envelope["id"], extra=extra)
                return Outcome("ack", duplicate=True)
            subscription.handler(uow, envelope)
            inbox.record(uow.connection, envelope["id"], envelope["type"])
        # DEBUG: a line per message costs a busy consumer half its throughput (formatting, stdout, Docker's
        # log pipeline). Duplicates, retries and dead letters stay at INFO and above. LOG_LEVEL=DEBUG shows all.
        log.debug("handled %s %s", envelope["type"], envelope["id"], extra=extra)
        return Outcome("ack")


class EventConsumer(BackgroundWorker):
    name = "consumer"

    def __init__(
        self,
        service: str,
        broker: Broker,
        processor: MessageProcessor,
        prefetch: int = 50,
        crash_after_commit: CrashAfterCommit | None = None,
    ):
        super().__init__()
        self._service = service
        self._broker = broker
        self._processor = processor
        self._prefetch = prefetch
        self._crash_after_commit = crash_after_commit  # a drill's fault switch, off (None) by default

    @property
    def processor(self) -> MessageProcessor:
        """What decides each message's outcome; tests feed it envelopes without a broker."""
        return self._processor

    @property
    def topology(self) -> Topology:
        return self._broker.topology

    def run_connected(self) -> None:
        connection = self._broker.connect()
        try:
            channel = connection.channel()
            self.topology.declare(channel)
            channel.confirm_delivery()
            channel.basic_qos(prefetch_count=self._prefetch)
            channel.basic_consume(self.topology.queue(self._service), on_message_callback=self._on_message)
            self.mark_connected()
            while not self.stopping:
                connection.process_data_events(time_limit=0.5)
            # Graceful stop: the message in hand was finished inside process_data_events; hand back the rest.
            channel.stop_consuming()
        finally:
            if connection.is_open:
                connection.close()

    def _on_message(self, channel, method, properties, body: bytes) -> None:
        headers = dict(properties.headers or {})
        outcome = self._processor.process(body)
        if outcome.action == "retry":
            self._retry_or_dead_letter(channel, method, properties, body, headers, outcome.reason)
        elif outcome.action == "dead-letter":
            self._dead_letter(channel, method, properties, body, headers, outcome.reason)
        elif self._crash_after_commit is not None and not outcome.duplicate:
            self._crash_after_commit.after_commit(properties.message_id, properties.type)
        channel.basic_ack(method.delivery_tag)

    def _retry_or_dead_letter(self, channel, method, properties, body, headers, reason: str) -> None:
        attempts = int(headers.get("x-attempts", 0)) + 1
        delays = self.topology.retry_delays_ms
        if attempts > len(delays):
            self._dead_letter(
                channel, method, properties, body, headers, f"failed {attempts} times; last error: {reason}"
            )
            return
        headers.update(
            {
                "x-attempts": attempts,
                "x-last-error": reason[:500],
                "x-original-routing-key": headers.get("x-original-routing-key", method.routing_key),
            }
        )
        queue = self.topology.retry_queue(self._service, delays[attempts - 1])
        log.warning(
            "retrying message %s in %d ms (attempt %d): %s",
            properties.message_id,
            delays[attempts - 1],
            attempts,
            reason,
            extra={"message_id": properties.message_id},
        )
        channel.basic_publish("", queue, body, _copy_properties(properties, headers), mandatory=True)

    def _dead_letter(self, channel, method, properties, body, headers, reason: str) -> None:
        headers.update(
            {
                "x-dead-letter-reason": reason[:1000],
                "x-original-routing-key": headers.get("x-original-routing-key", method.routing_key),
                "x-attempts": int(headers.get("x-attempts", 0)),
                "x-failed-at": utc_now(),
                "x-consumer": self._service,
            }
        )
        log.error(
            "dead-lettered message %s: %s",
            properties.message_id,
            reason,
            extra={"message_id": properties.message_id, "event_type": properties.type},
        )
        channel.basic_publish(
            "",
            self.topology.dead_letter_queue(self._service),
            body,
            _copy_properties(properties, headers),
            mandatory=True,
        )


def _copy_properties(properties, headers: dict):
    envelope = {
        "id": properties.message_id or "",
        "type": properties.type or "",
        "correlation_id": properties.correlation_id or "",
    }
    return persistent_properties(envelope, headers)
