"""What breaks when services share a database, shown by the example's own services on a real SQLite file.

Each test is one breakage of the README; the last one makes the same change with a database per
service, and nothing breaks.
"""

import sqlite3
import threading
from pathlib import Path

import pytest
from shared_database.owned import OwnCatalog, OwnSales
from shared_database.shared import Catalog, Sales, Stock, create_shared_database

HERE = Path(__file__).resolve().parent


@pytest.fixture
def shop(tmp_path):
    path = str(tmp_path / "shop.db")
    create_shared_database(path)
    catalog, stock = Catalog(path), Stock(path)
    catalog.add_product("teapot", "Teapot", 1999)
    stock.receive("teapot", 5)
    return path, catalog, stock, Sales(path)


def test_sales_prices_and_reserves_an_order_straight_from_the_other_services_tables(shop):
    path, _, stock, sales = shop
    order = sales.place_order("teapot", 3)
    with sqlite3.connect(path) as connection:
        price = connection.execute("SELECT unit_price_cents FROM sales_orders WHERE sales_order_id = ?", (order,))
        assert price.fetchone() == (1999,)
    assert stock.available("teapot") == 2


def test_a_shortcut_into_stocks_table_oversells_what_stock_itself_would_refuse(shop):
    _, _, stock, sales = shop
    sales.place_order("teapot", 3)
    assert stock.reserve("teapot", 3) is False, "stock's own rule should refuse more than is available"
    sales.place_order("teapot", 3)
    assert stock.available("teapot") == -1, "the shortcut should have bypassed stock's rule"


def test_a_long_transaction_in_catalog_makes_sales_fail_with_database_is_locked(shop):
    path, catalog, _, _ = shop
    locked = threading.Event()
    importing = threading.Thread(target=catalog.import_price_list, args=(1.0, locked))
    importing.start()
    try:
        assert locked.wait(10), "catalog's import never took the write lock"
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            Sales(path, busy_timeout_seconds=0.2).place_order("teapot", 1)
    finally:
        importing.join()


def test_catalogs_change_of_its_own_table_breaks_sales_at_run_time(shop):
    _, catalog, _, sales = shop
    catalog.introduce_currencies()
    with pytest.raises(sqlite3.OperationalError, match="no such column: price_cents"):
        sales.place_order("teapot", 1)


def test_with_a_database_per_service_the_same_change_leaves_sales_working(tmp_path):
    published: list[dict] = []
    catalog = OwnCatalog(str(tmp_path / "catalog.db"), published.append)
    sales = OwnSales(str(tmp_path / "sales.db"), published.append)
    try:
        catalog.add_product("teapot", "Teapot", 1999)
        sales.on_product_created(published[-1])
        catalog.introduce_currencies()
        sales.place_order("teapot", 1)
        assert published[-1] == {"type": "sales.sales_order_placed", "data": {"product_id": "teapot", "quantity": 1}}
    finally:
        catalog.close()
        sales.close()


def test_the_story_runs_with_its_one_command_and_shows_every_breakage(run):
    told = run([HERE / "run.sh"])
    assert "available: -1" in told
    assert "database is locked" in told
    assert "no such column: price_cents" in told
    assert "nothing broke" in told
