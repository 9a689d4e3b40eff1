"""Catalog's SQLite adapter: the products table, its repository and the read-side queries."""

import sqlite3

from catalog.domain import Product
from service_kit.unit_of_work import SqliteUnitOfWork

SCHEMA = """
CREATE TABLE IF NOT EXISTS products (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    price_cents INTEGER NOT NULL
);
"""


def _product(row: sqlite3.Row) -> Product:
    return Product(row["product_id"], row["name"], row["price_cents"])


class ProductRepository:
    def __init__(self, connection: sqlite3.Connection):
        self._connection = connection

    def add(self, product: Product) -> None:
        self._connection.execute(
            "INSERT INTO products (product_id, name, price_cents) VALUES (?, ?, ?)",
            (product.product_id, product.name, product.price_cents),
        )

    def get(self, product_id: str) -> Product | None:
        row = self._connection.execute(
            "SELECT product_id, name, price_cents FROM products WHERE product_id = ?", (product_id,)
        ).fetchone()
        return _product(row) if row else None

    def all(self) -> list[Product]:
        rows = self._connection.execute("SELECT product_id, name, price_cents FROM products ORDER BY seq")
        return [_product(row) for row in rows]


class CatalogUnitOfWork(SqliteUnitOfWork):
    def open_repositories(self, connection: sqlite3.Connection) -> None:
        self.products = ProductRepository(connection)
