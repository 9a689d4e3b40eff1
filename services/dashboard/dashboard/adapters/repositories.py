"""Repositories over the projection's tables: the writes the use cases need and the reads the views need.

The SQL stays portable (`ON CONFLICT ... DO UPDATE` reads the same in PostgreSQL).
"""

import json
import sqlite3

from dashboard.domain import FeedEntry, Product, PurchaseOrder, SalesOrder, StockLevel


class _Repository:
    def __init__(self, connection: sqlite3.Connection):
        self._connection = connection


class ProductRepository(_Repository):
    def add_if_new(self, product: Product) -> None:
        self._connection.execute(
            "INSERT INTO products (product_id, name, price_cents) VALUES (?, ?, ?) ON CONFLICT (product_id) DO NOTHING",
            (product.product_id, product.name, product.price_cents),
        )

    def all(self) -> list[Product]:
        rows = self._connection.execute("SELECT product_id, name, price_cents FROM products ORDER BY seq")
        return [Product(**row) for row in rows]


class PurchaseOrderRepository(_Repository):
    def add_if_new(self, order: PurchaseOrder) -> None:
        self._connection.execute(
            "INSERT INTO purchase_orders (purchase_order_id, product_id, quantity, status) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (purchase_order_id) DO NOTHING",
            (order.purchase_order_id, order.product_id, order.quantity, order.status),
        )

    def all(self) -> list[PurchaseOrder]:
        rows = self._connection.execute(
            "SELECT purchase_order_id, product_id, quantity, status FROM purchase_orders ORDER BY seq"
        )
        return [PurchaseOrder(**row) for row in rows]


class StockLevelRepository(_Repository):
    _COLUMNS = "product_id, on_hand, reserved, available, as_of"

    def get(self, product_id: str) -> StockLevel | None:
        row = self._connection.execute(
            f"SELECT {self._COLUMNS} FROM stock_levels WHERE product_id = ?", (product_id,)
        ).fetchone()
        return StockLevel(**row) if row else None

    def save(self, level: StockLevel) -> None:
        self._connection.execute(
            f"INSERT INTO stock_levels ({self._COLUMNS}) VALUES (?, ?, ?, ?, ?) ON CONFLICT (product_id) DO UPDATE "
            "SET on_hand = excluded.on_hand, reserved = excluded.reserved, available = excluded.available, "
            "as_of = excluded.as_of",
            (level.product_id, level.on_hand, level.reserved, level.available, level.as_of),
        )

    def all(self) -> list[StockLevel]:
        rows = self._connection.execute(f"SELECT {self._COLUMNS} FROM stock_levels ORDER BY seq")
        return [StockLevel(**row) for row in rows]


class SalesOrderRepository(_Repository):
    _COLUMNS = "sales_order_id, product_id, quantity, status, unit_price_cents, price_source, rejection_reason"

    def get(self, sales_order_id: str) -> SalesOrder | None:
        row = self._connection.execute(
            f"SELECT {self._COLUMNS} FROM sales_orders WHERE sales_order_id = ?", (sales_order_id,)
        ).fetchone()
        return SalesOrder(**row) if row else None

    def save(self, order: SalesOrder) -> None:
        self._connection.execute(
            f"INSERT INTO sales_orders ({self._COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (sales_order_id) DO UPDATE SET status = excluded.status, "
            "unit_price_cents = excluded.unit_price_cents, price_source = excluded.price_source, "
            "rejection_reason = excluded.rejection_reason",
            (
                order.sales_order_id,
                order.product_id,
                order.quantity,
                order.status,
                order.unit_price_cents,
                order.price_source,
                order.rejection_reason,
            ),
        )

    def all(self) -> list[SalesOrder]:
        rows = self._connection.execute(f"SELECT {self._COLUMNS} FROM sales_orders ORDER BY seq")
        return [SalesOrder(**row) for row in rows]


class FeedRepository(_Repository):
    _COLUMNS = "message_id, type, version, producer, occurred_at, correlation_id, data"

    def add(self, entry: FeedEntry) -> None:
        self._connection.execute(
            f"INSERT INTO event_feed ({self._COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                entry.id,
                entry.type,
                entry.version,
                entry.producer,
                entry.occurred_at,
                entry.correlation_id,
                json.dumps(entry.data),
            ),
        )

    def keep_newest(self, count: int) -> None:
        self._connection.execute(
            "DELETE FROM event_feed WHERE seq <= (SELECT seq FROM event_feed ORDER BY seq DESC LIMIT 1 OFFSET ?)",
            (count,),
        )

    def newest(self, limit: int) -> list[FeedEntry]:
        rows = self._connection.execute(
            f"SELECT {self._COLUMNS} FROM event_feed ORDER BY seq DESC LIMIT ?", (limit,)
        ).fetchall()
        return [
            FeedEntry(
                id=row["message_id"],
                type=row["type"],
                version=row["version"],
                producer=row["producer"],
                occurred_at=row["occurred_at"],
                correlation_id=row["correlation_id"],
                data=json.loads(row["data"]),
            )
            for row in rows
        ]

    def count(self) -> int:
        return self._connection.execute("SELECT count(*) FROM event_feed").fetchone()[0]
