"""python -m shared_database: the story, told by running it. Everything happens in a temporary folder."""

import sqlite3
import tempfile
import threading
import time
from pathlib import Path

from shared_database.owned import OwnCatalog, OwnSales
from shared_database.shared import Catalog, Sales, Stock, create_shared_database

TEAPOT = "teapot"


def say(text: str) -> None:
    print(f"\n== {text}")


def shared_database(folder: Path) -> None:
    path = str(folder / "shop.db")
    create_shared_database(path)
    catalog, stock, sales = Catalog(path), Stock(path), Sales(path)
    catalog.add_product(TEAPOT, "Teapot", 1999)
    stock.receive(TEAPOT, 5)

    say("1. One database for three services: sales prices, reserves and stores an order in one transaction")
    order = sales.place_order(TEAPOT, 3)
    print(f"order {order} for 3 teapots placed; stock says available: {stock.available(TEAPOT)}")

    say("2. A rule of stock's, bypassed: sales reserves in stock's table without asking stock")
    print(f"stock itself would refuse 3 more teapots: reserve() -> {stock.reserve(TEAPOT, 3)}")
    order = sales.place_order(TEAPOT, 3)
    print(f"sales' shortcut does not: order {order} placed; stock says available: {stock.available(TEAPOT)}")

    say("3. One service's long transaction stalls another: catalog imports prices for 1 s")
    locked = threading.Event()
    importing = threading.Thread(target=catalog.import_price_list, args=(1.0, locked))
    importing.start()
    locked.wait(10)
    impatient_sales = Sales(path, busy_timeout_seconds=0.2)
    started = time.monotonic()
    try:
        impatient_sales.place_order(TEAPOT, 1)
    except sqlite3.OperationalError as error:
        print(f"sales, which waits 0.2 s for a lock, failed after {time.monotonic() - started:.2f} s: {error}")
    importing.join()

    say("4. Catalog changes its own table (prices move to a table of their own, per currency)")
    catalog.introduce_currencies()
    print("catalog's migration ran; catalog's tests pass. Now sales places an order:")
    try:
        sales.place_order(TEAPOT, 1)
    except sqlite3.OperationalError as error:
        print(f"sales fails at run time: sqlite3.OperationalError: {error}")


def database_per_service(folder: Path) -> None:
    say("5. The same change with a database per service: they share events, not tables")
    broker: list[dict] = []
    catalog = OwnCatalog(str(folder / "catalog.db"), broker.append)
    sales = OwnSales(str(folder / "sales.db"), broker.append)
    catalog.add_product(TEAPOT, "Teapot", 1999)
    for event in broker:
        if event["type"] == "catalog.product_created":
            sales.on_product_created(event)
    catalog.introduce_currencies()
    order = sales.place_order(TEAPOT, 1)
    print(f"catalog migrated its own database; sales placed order {order} at its own copy's price: nothing broke")
    catalog.close()
    sales.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        shared_database(Path(folder))
        database_per_service(Path(folder))


if __name__ == "__main__":
    main()
