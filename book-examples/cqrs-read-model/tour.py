"""A guided tour of CQRS in the main system: the dashboard's read model, fed with events and queried.

It runs the real dashboard service (services/dashboard) in this process, on a SQLite file of its own,
and hands its consumer the events the other services publish, exactly as RabbitMQ would deliver them
(contract check, inbox, projection, all in one transaction). No broker, no other service: the read
side needs neither to answer a query.
"""

import json
import sqlite3
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dashboard.bootstrap import create_app
from dashboard.config import Config

START = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


class Shop:
    """The write side, as the dashboard sees it: four services' events, one second apart."""

    def __init__(self):
        self._ticks = 0

    def event(self, event_type: str, **data) -> dict:
        self._ticks += 1
        return {
            "id": str(uuid.uuid4()),
            "type": event_type,
            "version": 1,
            "occurred_at": (START + timedelta(seconds=self._ticks)).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "producer": event_type.split(".")[0],
            "correlation_id": "cqrs-tour",
            "data": data,
        }


def say(text: str, code: str) -> None:
    print(f"\n== {text}\n   (code: {code})")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "dashboard.db"
        app = create_app(Config.from_env({"DATABASE_URL": f"sqlite:///{database}", "LOG_LEVEL": "WARNING"}))
        consumer = app.extensions["platform"].consumer.processor  # what the RabbitMQ consumer hands each message
        shop, teapot, order, late_order = Shop(), str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())

        def deliver(envelope: dict) -> None:
            outcome = consumer.process(json.dumps(envelope).encode())
            duplicate = " (a duplicate: already applied, nothing changes)" if outcome.duplicate else ""
            print(f"   {envelope['type']:<34} -> {outcome.action}{duplicate}")

        say(
            "1. The write side: each service changes its own model and publishes what happened",
            "dashboard/entrypoints/consumer.py turns each event into one call of dashboard/application.py",
        )
        line = {"sales_order_id": order, "product_id": teapot, "quantity": 3}
        for envelope in (
            shop.event("catalog.product_created", product_id=teapot, name="Teapot", price_cents=1999),
            shop.event("purchase.goods_received", purchase_order_id=str(uuid.uuid4()), product_id=teapot, quantity=10),
            shop.event("stock.stock_level_changed", product_id=teapot, on_hand=10, reserved=0, available=10),
            shop.event("sales.sales_order_placed", **line, unit_price_cents=1999, price_source="catalog"),
            shop.event("stock.stock_reserved", **line),
            shop.event("stock.stock_level_changed", product_id=teapot, on_hand=10, reserved=3, available=7),
            shop.event("sales.sales_order_delivered", **line),
            shop.event("stock.stock_level_changed", product_id=teapot, on_hand=7, reserved=0, available=7),
        ):
            deliver(envelope)

        say(
            "2. The read side: one query answers from the dashboard's own tables, no other service asked",
            "dashboard/views.py reads them for GET /api/overview and for the HTML page",
        )
        overview = app.test_client().get("/api/overview").get_json()
        names = {product["product_id"]: product["name"] for product in overview["products"]}
        for level in overview["stock_levels"]:
            print(
                f"   stock of {names[level['product_id']]}: on hand {level['on_hand']}, available {level['available']}"
            )
        for po in overview["purchase_orders"]:
            product = names[po["product_id"]]
            print(f"   purchase order {po['purchase_order_id'][:8]}: {po['quantity']} x {product}, {po['status']}")
        for so in overview["sales_orders"]:
            print(
                f"   sales order {so['sales_order_id'][:8]}: {so['quantity']} x {names[so['product_id']]} "
                f"at {so['unit_price_cents']} cents ({so['price_source']}), {so['status']}"
            )

        say(
            "3. Events arrive late, out of order and twice; the read model still ends up right",
            "dashboard/domain.py, SalesOrder.advanced_to; the inbox in service_kit/consumer.py",
        )
        late = {"sales_order_id": late_order, "product_id": teapot, "quantity": 50}
        rejected = shop.event("stock.stock_reservation_rejected", **late, reason="insufficient_stock")
        deliver(rejected)  # stock's decision overtook the order it decides on
        deliver(shop.event("sales.sales_order_placed", **late))
        deliver(rejected)  # redelivered after a lost acknowledgement
        orders = app.test_client().get("/api/overview").get_json()["sales_orders"]
        status = next(so["status"] for so in orders if so["sales_order_id"] == late_order)
        print(f"   sales order {late_order[:8]}: {status} (a status only moves forward, whatever the order of events)")

        say(
            "4. The read model is a database of its own, shaped for the query",
            "dashboard/adapters/database.py",
        )
        with sqlite3.connect(database) as connection:
            for (table,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
                if not table.startswith("sqlite_"):
                    count = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                    print(f"   {table:<16} {count} rows")


if __name__ == "__main__":
    main()
