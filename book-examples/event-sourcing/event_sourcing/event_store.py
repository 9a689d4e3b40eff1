"""An append-only event store on SQLite, and the repository that loads and saves stock items through it.

One row per event: its stream (the product id), its number within the stream, its type and its
data as JSON. Rows are only ever inserted. UNIQUE (stream_id, stream_version) is the optimistic
lock: two writers that loaded the same version cannot both append the next one.
"""

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass

from event_sourcing.stock_item import EVENT_TYPES, Event, StockItem

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY AUTOINCREMENT,  -- the order of everything that happened, for projections
    stream_id TEXT NOT NULL,
    stream_version INTEGER NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    UNIQUE (stream_id, stream_version)
);
"""


class ConcurrencyConflict(Exception):
    """Someone appended to the stream since it was loaded: load it again and decide again."""


@dataclass(frozen=True)
class StoredEvent:
    position: int
    stream_id: str
    stream_version: int
    event: Event


class EventStore:
    def __init__(self, path: str):
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.executescript(SCHEMA)

    def append(self, stream_id: str, expected_version: int, events: list[Event]) -> None:
        rows = [
            (stream_id, expected_version + number, type(event).__name__, json.dumps(asdict(event)))
            for number, event in enumerate(events, start=1)
        ]
        try:
            with self._db:  # one transaction: all of the events or none
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(
                    "INSERT INTO events (stream_id, stream_version, type, data) VALUES (?, ?, ?, ?)", rows
                )
        except sqlite3.IntegrityError as error:
            raise ConcurrencyConflict(f"{stream_id} has moved past version {expected_version}") from error

    def stream(self, stream_id: str) -> list[Event]:
        rows = self._db.execute("SELECT * FROM events WHERE stream_id = ? ORDER BY stream_version", (stream_id,))
        return [stored.event for stored in map(_stored, rows)]

    def since(self, position: int) -> Iterator[StoredEvent]:
        """Every event after `position`, in the order they happened: what projections read."""
        rows = self._db.execute("SELECT * FROM events WHERE position > ? ORDER BY position", (position,))
        return map(_stored, rows.fetchall())

    def close(self) -> None:
        self._db.close()


def _stored(row: tuple) -> StoredEvent:
    position, stream_id, stream_version, event_type, data = row
    return StoredEvent(position, stream_id, stream_version, EVENT_TYPES[event_type](**json.loads(data)))


class StockItems:
    """The repository: an item is its stream, replayed; saving appends what it recorded meanwhile."""

    def __init__(self, store: EventStore):
        self._store = store

    def get(self, product_id: str) -> StockItem:
        return StockItem.from_history(product_id, self._store.stream(product_id))

    def save(self, item: StockItem) -> None:
        loaded_version = item.version - len(item.pending)
        self._store.append(item.product_id, loaded_version, item.pending)
        item.pending = []
