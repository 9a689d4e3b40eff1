"""The transactional outbox (architecture.md, "Delivery guarantees").

A state change and the events it causes are written in one transaction; the relay publishes them later
with publisher confirms and marks them sent only once the broker has confirmed. A broker that is down
makes the outbox grow, never a request fail. A crash between confirm and mark republishes the same
envelope (same id), which the consumers' inboxes recognise.
"""

import json
import logging
import sqlite3
import threading
from typing import Any

import pika.exceptions

from service_kit import correlation
from service_kit.broker import Broker, persistent_properties
from service_kit.contracts import EventContracts
from service_kit.database import Database
from service_kit.envelope import new_envelope, serialize, utc_now
from service_kit.worker import BackgroundWorker

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL UNIQUE,
    routing_key TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    published_at TEXT
);
CREATE INDEX IF NOT EXISTS outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;
"""

log = logging.getLogger(__name__)


class Outbox:
    """Writes events inside the caller's transaction; `on_append` lets the relay wake up early."""

    def __init__(self, producer: str, contracts: EventContracts):
        self._producer = producer
        self._contracts = contracts
        self._listeners: list[threading.Event] = []

    def append(
        self, connection: sqlite3.Connection, event_type: str, data: dict[str, Any], version: int = 1
    ) -> dict[str, Any]:
        envelope = new_envelope(event_type, version, self._producer, correlation.current_or_new(), data)
        self._contracts.validate(envelope)
        connection.execute(
            "INSERT INTO outbox (message_id, routing_key, body, created_at) VALUES (?, ?, ?, ?)",
            (envelope["id"], event_type, serialize(envelope), envelope["occurred_at"]),
        )
        return envelope

    def subscribe(self, wake: threading.Event) -> None:
        self._listeners.append(wake)

    def committed(self) -> None:
        for wake in self._listeners:
            wake.set()


def backlog(database: Database) -> int:
    with database.reading() as connection:
        return connection.execute("SELECT count(*) FROM outbox WHERE published_at IS NULL").fetchone()[0]


def pending(connection: sqlite3.Connection, limit: int) -> list[sqlite3.Row]:
    return connection.execute(
        "SELECT seq, routing_key, body FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT ?", (limit,)
    ).fetchall()


class OutboxRelay(BackgroundWorker):
    name = "outbox-relay"

    def __init__(
        self, database: Database, broker: Broker, outbox: Outbox, batch_size: int = 200, poll_seconds: float = 1.0
    ):
        super().__init__()
        self._database = database
        self._broker = broker
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._wake = threading.Event()
        outbox.subscribe(self._wake)

    def stop(self, timeout: float = 15.0) -> None:
        self._wake.set()
        super().stop(timeout)

    def run_connected(self) -> None:
        connection = self._broker.connect()
        try:
            channel = connection.channel()
            self._broker.topology.declare(channel)
            channel.confirm_delivery()
            self.mark_connected()
            while not self.stopping:
                published = self.relay_batch(channel)
                if published < self._batch_size:
                    self._wake.wait(self._poll_seconds)
                    self._wake.clear()
                    connection.process_data_events(0)  # keeps heartbeats flowing while idle
        finally:
            if connection.is_open:
                connection.close()

    def relay_batch(self, channel) -> int:
        with self._database.reading() as connection:
            rows = pending(connection, self._batch_size)
        published = []
        for row in rows:
            envelope_text = row["body"]
            envelope = json.loads(envelope_text)
            try:
                channel.basic_publish(
                    exchange=self._broker.topology.exchange,
                    routing_key=row["routing_key"],
                    body=envelope_text.encode(),
                    properties=persistent_properties(envelope),
                    mandatory=True,
                )
            except pika.exceptions.UnroutableError:
                # No queue is bound for this key: keep the row (and its successors) until one is.
                log.error(
                    "event %s is unroutable; kept in the outbox",
                    envelope["id"],
                    extra={"message_id": envelope["id"], "event_type": row["routing_key"]},
                )
                break
            published.append(row["seq"])
        if published:
            with self._database.transaction() as connection:
                connection.executemany(
                    "UPDATE outbox SET published_at = ? WHERE seq = ?", [(utc_now(), seq) for seq in published]
                )
        return len(published)
