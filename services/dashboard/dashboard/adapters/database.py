"""The dashboard's own SQLite database: the projection's tables and the unit of work that opens them.

Every table keeps a `seq` so lists come out in the order the dashboard first heard of each thing.
"""

import sqlite3

from dashboard.adapters.repositories import (
    FeedRepository,
    ProductRepository,
    PurchaseOrderRepository,
    SalesOrderRepository,
    StockLevelRepository,
)
from service_kit.unit_of_work import SqliteUnitOfWork

SCHEMA = """
CREATE TABLE IF NOT EXISTS products (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    price_cents INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS stock_levels (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id TEXT NOT NULL UNIQUE,
    on_hand INTEGER NOT NULL,
    reserved INTEGER NOT NULL,
    available INTEGER NOT NULL,
    as_of TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sales_orders (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    sales_order_id TEXT NOT NULL UNIQUE,
    product_id TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    status TEXT NOT NULL,
    unit_price_cents INTEGER,
    price_source TEXT,
    rejection_reason TEXT
);
CREATE TABLE IF NOT EXISTS purchase_orders (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    purchase_order_id TEXT NOT NULL UNIQUE,
    product_id TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    status TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS event_feed (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    version INTEGER NOT NULL,
    producer TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    correlation_id TEXT NOT NULL,
    data TEXT NOT NULL
);
"""


class DashboardUnitOfWork(SqliteUnitOfWork):
    def open_repositories(self, connection: sqlite3.Connection) -> None:
        self.products = ProductRepository(connection)
        self.stock_levels = StockLevelRepository(connection)
        self.sales_orders = SalesOrderRepository(connection)
        self.purchase_orders = PurchaseOrderRepository(connection)
        self.feed = FeedRepository(connection)
