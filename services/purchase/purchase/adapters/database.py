"""Purchase's SQLite adapter: its tables, their repositories and the unit of work that opens them."""

import sqlite3

from purchase.domain import OPEN, Product, PurchaseOrder
from service_kit.unit_of_work import SqliteUnitOfWork

SCHEMA = """
CREATE TABLE IF NOT EXISTS catalog_products (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS purchase_orders (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    purchase_order_id TEXT NOT NULL UNIQUE,
    product_id TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    status TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS purchase_orders_by_product ON purchase_orders (product_id, status);
"""

_ORDER_COLUMNS = "purchase_order_id, product_id, quantity, status"


class ProductRepository:
    """The local copy of the catalog, filled from catalog.product_created."""

    def __init__(self, connection: sqlite3.Connection):
        self._connection = connection

    def upsert(self, product: Product) -> None:
        # ON CONFLICT ... DO UPDATE reads the same in SQLite and PostgreSQL.
        self._connection.execute(
            "INSERT INTO catalog_products (product_id, name) VALUES (?, ?) "
            "ON CONFLICT (product_id) DO UPDATE SET name = excluded.name",
            (product.product_id, product.name),
        )

    def get(self, product_id: str) -> Product | None:
        row = self._connection.execute(
            "SELECT product_id, name FROM catalog_products WHERE product_id = ?", (product_id,)
        ).fetchone()
        return Product(row["product_id"], row["name"]) if row else None


def _order(row: sqlite3.Row) -> PurchaseOrder:
    return PurchaseOrder(row["purchase_order_id"], row["product_id"], row["quantity"], row["status"])


class PurchaseOrderRepository:
    def __init__(self, connection: sqlite3.Connection):
        self._connection = connection

    def add(self, order: PurchaseOrder) -> None:
        self._connection.execute(
            f"INSERT INTO purchase_orders ({_ORDER_COLUMNS}) VALUES (?, ?, ?, ?)",
            (order.purchase_order_id, order.product_id, order.quantity, order.status),
        )

    def save(self, order: PurchaseOrder) -> None:
        self._connection.execute(
            "UPDATE purchase_orders SET status = ? WHERE purchase_order_id = ?",
            (order.status, order.purchase_order_id),
        )

    def get(self, purchase_order_id: str) -> PurchaseOrder | None:
        row = self._connection.execute(
            f"SELECT {_ORDER_COLUMNS} FROM purchase_orders WHERE purchase_order_id = ?", (purchase_order_id,)
        ).fetchone()
        return _order(row) if row else None

    def open_order_for(self, product_id: str) -> PurchaseOrder | None:
        row = self._connection.execute(
            f"SELECT {_ORDER_COLUMNS} FROM purchase_orders WHERE product_id = ? AND status = ? ORDER BY seq LIMIT 1",
            (product_id, OPEN),
        ).fetchone()
        return _order(row) if row else None

    def all(self) -> list[PurchaseOrder]:
        rows = self._connection.execute(f"SELECT {_ORDER_COLUMNS} FROM purchase_orders ORDER BY seq")
        return [_order(row) for row in rows]


class PurchaseUnitOfWork(SqliteUnitOfWork):
    def open_repositories(self, connection: sqlite3.Connection) -> None:
        self.products = ProductRepository(connection)
        self.purchase_orders = PurchaseOrderRepository(connection)
