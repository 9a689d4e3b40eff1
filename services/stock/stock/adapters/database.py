"""Stock's SQLite adapter: stock levels and reservations, their repositories and the unit of work.

The CHECK constraints repeat the domain's invariants, so a bug can never store a negative level.
`reservations` is keyed by sales order: that key is what lets stock decide each order once.
"""

import sqlite3

from service_kit.unit_of_work import SqliteUnitOfWork
from stock.domain import Reservation, ReservationStatus, StockLevel

SCHEMA = """
CREATE TABLE IF NOT EXISTS stock_levels (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id TEXT NOT NULL UNIQUE,
    on_hand INTEGER NOT NULL CHECK (on_hand >= 0),
    reserved INTEGER NOT NULL CHECK (reserved >= 0 AND reserved <= on_hand)
);
CREATE TABLE IF NOT EXISTS reservations (
    sales_order_id TEXT PRIMARY KEY,
    product_id TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity >= 1),
    status TEXT NOT NULL CHECK (status IN ('reserved', 'rejected', 'delivered')),
    reason TEXT
);
"""


def _level(row: sqlite3.Row) -> StockLevel:
    return StockLevel(row["product_id"], row["on_hand"], row["reserved"])


class StockLevelRepository:
    def __init__(self, connection: sqlite3.Connection):
        self._connection = connection

    def get(self, product_id: str) -> StockLevel | None:
        row = self._connection.execute(
            "SELECT product_id, on_hand, reserved FROM stock_levels WHERE product_id = ?", (product_id,)
        ).fetchone()
        return _level(row) if row else None

    def save(self, level: StockLevel) -> None:
        # An upsert keeps `seq`, so a level keeps its place in the list (oldest first) when it changes.
        self._connection.execute(
            "INSERT INTO stock_levels (product_id, on_hand, reserved) VALUES (?, ?, ?) "
            "ON CONFLICT (product_id) DO UPDATE SET on_hand = excluded.on_hand, reserved = excluded.reserved",
            (level.product_id, level.on_hand, level.reserved),
        )

    def all(self) -> list[StockLevel]:
        rows = self._connection.execute("SELECT product_id, on_hand, reserved FROM stock_levels ORDER BY seq")
        return [_level(row) for row in rows]


class ReservationRepository:
    def __init__(self, connection: sqlite3.Connection):
        self._connection = connection

    def get(self, sales_order_id: str) -> Reservation | None:
        row = self._connection.execute(
            "SELECT sales_order_id, product_id, quantity, status, reason FROM reservations WHERE sales_order_id = ?",
            (sales_order_id,),
        ).fetchone()
        if row is None:
            return None
        return Reservation(
            row["sales_order_id"], row["product_id"], row["quantity"], ReservationStatus(row["status"]), row["reason"]
        )

    def add(self, reservation: Reservation) -> None:
        self._connection.execute(
            "INSERT INTO reservations (sales_order_id, product_id, quantity, status, reason) VALUES (?, ?, ?, ?, ?)",
            (
                reservation.sales_order_id,
                reservation.product_id,
                reservation.quantity,
                reservation.status.value,
                reservation.reason,
            ),
        )

    def save(self, reservation: Reservation) -> None:
        self._connection.execute(
            "UPDATE reservations SET status = ?, reason = ? WHERE sales_order_id = ?",
            (reservation.status.value, reservation.reason, reservation.sales_order_id),
        )


class StockUnitOfWork(SqliteUnitOfWork):
    def open_repositories(self, connection: sqlite3.Connection) -> None:
        self.stock_levels = StockLevelRepository(connection)
        self.reservations = ReservationRepository(connection)
