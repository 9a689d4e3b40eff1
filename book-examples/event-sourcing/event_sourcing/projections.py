"""Projections: read models computed from the event store, each in tables of its own.

A projection remembers the position of the last event it applied, so `catch_up` applies only what is
new. Its tables are disposable: `rebuild` drops them and replays every event from the first. And a
projection written today reads the whole history as if it had been there from the start.
"""

import sqlite3

from event_sourcing.event_store import EventStore, StoredEvent
from event_sourcing.stock_item import GoodsDelivered, GoodsReceived, ReservationRejected, StockReserved


class Projection:
    name = ""
    schema = ""

    def __init__(self, path: str):
        self._db = sqlite3.connect(path, isolation_level=None)
        self._create()

    def catch_up(self, store: EventStore) -> int:
        """Apply every event since the last one applied; returns how many."""
        applied = 0
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            for stored in store.since(self.position()):
                self.apply(stored)
                self._db.execute("UPDATE positions SET position = ? WHERE projection = ?", (stored.position, self.name))
                applied += 1
        return applied

    def rebuild(self, store: EventStore) -> int:
        self._db.executescript(
            f"DROP TABLE IF EXISTS {self.name}; DELETE FROM positions WHERE projection = '{self.name}';"
        )
        self._create()
        return self.catch_up(store)

    def position(self) -> int:
        return self._db.execute("SELECT position FROM positions WHERE projection = ?", (self.name,)).fetchone()[0]

    def rows(self) -> list[tuple]:
        return self._db.execute(f"SELECT * FROM {self.name} ORDER BY 1").fetchall()

    def apply(self, stored: StoredEvent) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self._db.close()

    def _create(self) -> None:
        self._db.executescript(
            self.schema + "CREATE TABLE IF NOT EXISTS positions (projection TEXT PRIMARY KEY, position INTEGER);"
        )
        self._db.execute("INSERT OR IGNORE INTO positions VALUES (?, 0)", (self.name,))


class StockLevels(Projection):
    """What a stock screen shows: on hand, reserved and available per product."""

    name = "stock_levels"
    schema = """
        CREATE TABLE IF NOT EXISTS stock_levels (
            product_id TEXT PRIMARY KEY, on_hand INT NOT NULL, reserved INT NOT NULL, available INT NOT NULL
        );
    """

    def apply(self, stored: StoredEvent) -> None:
        match stored.event:
            case GoodsReceived(quantity):
                on_hand, reserved = quantity, 0
            case StockReserved(_, quantity):
                on_hand, reserved = 0, quantity
            case GoodsDelivered(_, quantity):
                on_hand, reserved = -quantity, -quantity
            case _:
                return  # a rejection changes no stock level
        self._db.execute(
            "INSERT INTO stock_levels VALUES (?, 0, 0, 0) ON CONFLICT (product_id) DO NOTHING", (stored.stream_id,)
        )
        self._db.execute(
            "UPDATE stock_levels SET on_hand = on_hand + ?, reserved = reserved + ?, available = available + ? "
            "WHERE product_id = ?",
            (on_hand, reserved, on_hand - reserved, stored.stream_id),
        )


class MissedSales(Projection):
    """A question asked long after the events were recorded: how much could we not sell, per product?"""

    name = "missed_sales"
    schema = "CREATE TABLE IF NOT EXISTS missed_sales (product_id TEXT PRIMARY KEY, orders INT, items INT);"

    def apply(self, stored: StoredEvent) -> None:
        if isinstance(stored.event, ReservationRejected):
            self._db.execute(
                "INSERT INTO missed_sales VALUES (?, 1, ?) ON CONFLICT (product_id) "
                "DO UPDATE SET orders = orders + 1, items = items + excluded.items",
                (stored.stream_id, stored.event.quantity),
            )
