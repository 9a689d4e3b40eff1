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

from service_kit import correlation
from service_kit.broker import Broker, persistent_properties
from service_kit.confirms import ConfirmingPublisher
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
            publisher = ConfirmingPublisher(connection, channel)
            self.mark_connected()
            while not self.stopping:
                # Cleared before reading, so a commit that lands while a batch is out wakes the next one.
                self._wake.clear()
                published = self.relay_batch(publisher)
                if published < self._batch_size:
                    self._wake.wait(self._poll_seconds)
                    connection.process_data_events(0)  # keeps heartbeats flowing while idle
        finally:
            if connection.is_open:
                connection.close()

    def relay_batch(self, publisher: ConfirmingPublisher) -> int:
        with self._database.reading() as connection:
            rows = pending(connection, self._batch_size)
        if not rows:
            return 0
        batch = []
        for row in rows:
            envelope = json.loads(row["body"])
            batch.append(
                (
                    row["seq"],
                    self._broker.topology.exchange,
                    row["routing_key"],
                    row["body"].encode(),
                    persistent_properties(envelope),
                )
            )
        outcome = publisher.publish_batch(batch)
        for seq in outcome.unroutable:
            # No queue is bound for this key: the row stays and is tried again with the next batch.
            log.error("outbox event %s is unroutable; kept in the outbox", seq, extra={"outbox_seq": seq})
        if outcome.nacked:
            log.warning("the broker refused %d events; they stay in the outbox", len(outcome.nacked))
        if outcome.confirmed:
            with self._database.transaction() as connection:
                connection.executemany(
                    "UPDATE outbox SET published_at = ? WHERE seq = ?",
                    [(utc_now(), seq) for seq in outcome.confirmed],
                )
        return len(outcome.confirmed)
