"""Sales' SQLite adapter: its copy of the catalog, its sales orders, their repositories and the unit of work."""

import sqlite3

from sales.domain import Product, SalesOrder
from sales.ports import IdempotencyKeyTaken
from service_kit.unit_of_work import SqliteUnitOfWork

SCHEMA = """
CREATE TABLE IF NOT EXISTS products (
    product_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    price_cents INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sales_orders (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    sales_order_id TEXT NOT NULL UNIQUE,
    product_id TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    unit_price_cents INTEGER NOT NULL,
    price_source TEXT NOT NULL,
    status TEXT NOT NULL,
    rejection_reason TEXT,
    -- UNIQUE is what makes "never a second order for one key" hold for concurrent requests (NULLs may repeat).
    idempotency_key TEXT UNIQUE
);
"""

_ORDER_COLUMNS = (
    "sales_order_id, product_id, quantity, unit_price_cents, price_source, status, rejection_reason, idempotency_key"
)


class ProductRepository:
    def __init__(self, connection: sqlite3.Connection):
        self._connection = connection

    def save(self, product: Product) -> None:
        # An upsert: the same product recorded twice, or refreshed with catalog's current price, is one row.
        self._connection.execute(
            "INSERT INTO products (product_id, name, price_cents) VALUES (?, ?, ?) "
            "ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, price_cents = excluded.price_cents",
            (product.product_id, product.name, product.price_cents),
        )

    def get(self, product_id: str) -> Product | None:
        row = self._connection.execute(
            "SELECT product_id, name, price_cents FROM products WHERE product_id = ?", (product_id,)
        ).fetchone()
        return Product(row["product_id"], row["name"], row["price_cents"]) if row else None


def _order(row: sqlite3.Row) -> SalesOrder:
    return SalesOrder(**dict(row))


class SalesOrderRepository:
    def __init__(self, connection: sqlite3.Connection):
        self._connection = connection

    def add(self, order: SalesOrder) -> None:
        try:
            self._connection.execute(
                f"INSERT INTO sales_orders ({_ORDER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    order.sales_order_id,
                    order.product_id,
                    order.quantity,
                    order.unit_price_cents,
                    order.price_source,
                    order.status,
                    order.rejection_reason,
                    order.idempotency_key,
                ),
            )
        except sqlite3.IntegrityError as error:
            if order.idempotency_key is not None and self.by_idempotency_key(order.idempotency_key):
                raise IdempotencyKeyTaken(order.idempotency_key) from error
            raise

    def save(self, order: SalesOrder) -> None:
        self._connection.execute(
            "UPDATE sales_orders SET status = ?, rejection_reason = ? WHERE sales_order_id = ?",
            (order.status, order.rejection_reason, order.sales_order_id),
        )

    def get(self, sales_order_id: str) -> SalesOrder | None:
        row = self._connection.execute(
            f"SELECT {_ORDER_COLUMNS} FROM sales_orders WHERE sales_order_id = ?", (sales_order_id,)
        ).fetchone()
        return _order(row) if row else None

    def by_idempotency_key(self, idempotency_key: str) -> SalesOrder | None:
        row = self._connection.execute(
            f"SELECT {_ORDER_COLUMNS} FROM sales_orders WHERE idempotency_key = ?", (idempotency_key,)
        ).fetchone()
        return _order(row) if row else None

    def all(self) -> list[SalesOrder]:
        rows = self._connection.execute(f"SELECT {_ORDER_COLUMNS} FROM sales_orders ORDER BY seq")
        return [_order(row) for row in rows]


class SalesUnitOfWork(SqliteUnitOfWork):
    def open_repositories(self, connection: sqlite3.Connection) -> None:
        self.products = ProductRepository(connection)
        self.sales_orders = SalesOrderRepository(connection)
