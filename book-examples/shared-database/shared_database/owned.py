"""The same change where each service owns its database, as in the main system: they meet only in events.

Sales keeps its own copy of what it needs from catalog (the price), filled from `catalog.product_created`,
as services/sales does. Catalog may rebuild its tables as it likes: the event is the contract between
them, and the event does not change when catalog's tables do.
"""

import sqlite3
from collections.abc import Callable

Publish = Callable[[dict], None]


def _open(path: str, schema: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.executescript(schema)
    return connection


class OwnCatalog:
    def __init__(self, path: str, publish: Publish):
        self._db = _open(path, "CREATE TABLE products (product_id TEXT PRIMARY KEY, name TEXT, price_cents INTEGER);")
        self._publish = publish

    def add_product(self, product_id: str, name: str, price_cents: int) -> None:
        self._db.execute("INSERT INTO products VALUES (?, ?, ?)", (product_id, name, price_cents))
        data = {"product_id": product_id, "name": name, "price_cents": price_cents}
        self._publish({"type": "catalog.product_created", "data": data})

    def introduce_currencies(self) -> None:
        """The very same migration as in the shared database, now on catalog's private file."""
        self._db.executescript("""
            CREATE TABLE prices (product_id TEXT NOT NULL, currency TEXT NOT NULL, amount_cents INTEGER NOT NULL);
            INSERT INTO prices SELECT product_id, 'EUR', price_cents FROM products;
            ALTER TABLE products DROP COLUMN price_cents;
        """)

    def close(self) -> None:
        self._db.close()


class OwnSales:
    def __init__(self, path: str, publish: Publish):
        self._db = _open(
            path,
            """
            CREATE TABLE known_products (product_id TEXT PRIMARY KEY, price_cents INTEGER NOT NULL);
            CREATE TABLE sales_orders (
                sales_order_id INTEGER PRIMARY KEY, product_id TEXT, quantity INTEGER, unit_price_cents INTEGER
            );
            """,
        )
        self._publish = publish

    def on_product_created(self, event: dict) -> None:
        data = event["data"]
        self._db.execute(
            "INSERT OR REPLACE INTO known_products VALUES (?, ?)", (data["product_id"], data["price_cents"])
        )

    def place_order(self, product_id: str, quantity: int) -> int:
        (price,) = self._db.execute(
            "SELECT price_cents FROM known_products WHERE product_id = ?", (product_id,)
        ).fetchone()
        order_id = self._db.execute(
            "INSERT INTO sales_orders (product_id, quantity, unit_price_cents) VALUES (?, ?, ?)",
            (product_id, quantity, price),
        ).lastrowid
        # Stock decides on the reservation when it reads this, by its own rule, in its own database.
        self._publish({"type": "sales.sales_order_placed", "data": {"product_id": product_id, "quantity": quantity}})
        return order_id

    def close(self) -> None:
        self._db.close()
