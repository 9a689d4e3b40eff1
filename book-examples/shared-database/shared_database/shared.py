"""Three services, one database file: the code each team would write if they shared shop.db.

Each class is one team's service. Catalog owns `products`, stock owns `stock_levels`, sales owns
`sales_orders`. But nothing stops sales from using the other two tables, and here it does.
"""

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

SCHEMA = """
CREATE TABLE products (product_id TEXT PRIMARY KEY, name TEXT NOT NULL, price_cents INTEGER NOT NULL);
CREATE TABLE stock_levels (product_id TEXT PRIMARY KEY, on_hand INTEGER NOT NULL, reserved INTEGER NOT NULL);
CREATE TABLE sales_orders (
    sales_order_id INTEGER PRIMARY KEY, product_id TEXT NOT NULL, quantity INTEGER NOT NULL,
    unit_price_cents INTEGER NOT NULL
);
"""


def create_shared_database(path: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.executescript(SCHEMA)


class _Service:
    def __init__(self, path: str, busy_timeout_seconds: float = 5.0):
        self._path = path
        self._busy_timeout = busy_timeout_seconds

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """Autocommit: each statement is its own transaction, unless a BEGIN says otherwise."""
        connection = sqlite3.connect(self._path, timeout=self._busy_timeout, isolation_level=None)
        try:
            yield connection
        finally:
            connection.close()


class Catalog(_Service):
    def add_product(self, product_id: str, name: str, price_cents: int) -> None:
        with self._connection() as connection:
            connection.execute("INSERT INTO products VALUES (?, ?, ?)", (product_id, name, price_cents))

    def introduce_currencies(self) -> None:
        """Catalog's own change, for its own good reasons, passing all of catalog's own tests."""
        with self._connection() as connection:
            connection.executescript("""
                CREATE TABLE prices (product_id TEXT NOT NULL, currency TEXT NOT NULL, amount_cents INTEGER NOT NULL);
                INSERT INTO prices SELECT product_id, 'EUR', price_cents FROM products;
                ALTER TABLE products DROP COLUMN price_cents;
            """)

    def import_price_list(self, takes_seconds: float, locked: threading.Event | None = None) -> None:
        """A nightly price import: one long write transaction, which is fine as long as catalog is alone."""
        with self._connection() as connection:
            connection.execute("BEGIN IMMEDIATE")
            if locked is not None:
                locked.set()  # tells whoever watches that catalog now holds the database's write lock
            connection.execute("UPDATE products SET price_cents = price_cents + 100")
            time.sleep(takes_seconds)
            connection.execute("COMMIT")


class Stock(_Service):
    def receive(self, product_id: str, quantity: int) -> None:
        with self._connection() as connection:
            connection.execute("INSERT INTO stock_levels VALUES (?, ?, 0)", (product_id, quantity))

    def reserve(self, product_id: str, quantity: int) -> bool:
        """Stock's rule: never reserve more than is available."""
        with self._connection() as connection:
            changed = connection.execute(
                "UPDATE stock_levels SET reserved = reserved + ? WHERE product_id = ? AND on_hand - reserved >= ?",
                (quantity, product_id, quantity),
            ).rowcount
        return changed == 1

    def available(self, product_id: str) -> int:
        with self._connection() as connection:
            on_hand, reserved = connection.execute(
                "SELECT on_hand, reserved FROM stock_levels WHERE product_id = ?", (product_id,)
            ).fetchone()
        return on_hand - reserved


class Sales(_Service):
    def place_order(self, product_id: str, quantity: int) -> int:
        """Price from catalog's table, reserve in stock's table, store the order: one tempting transaction."""
        with self._connection() as connection:
            connection.execute("BEGIN IMMEDIATE")
            (price,) = connection.execute(
                "SELECT price_cents FROM products WHERE product_id = ?", (product_id,)
            ).fetchone()
            # The shortcut: stock's table, without stock's rule.
            connection.execute(
                "UPDATE stock_levels SET reserved = reserved + ? WHERE product_id = ?", (quantity, product_id)
            )
            order_id = connection.execute(
                "INSERT INTO sales_orders (product_id, quantity, unit_price_cents) VALUES (?, ?, ?)",
                (product_id, quantity, price),
            ).lastrowid
            connection.execute("COMMIT")
        return order_id
