"""Dashboard away: every service works; only the UI is gone, and its projection catches up afterwards.

The dashboard is a read model fed by `dashboard.events`, a durable queue: what happens while it is away
waits there, and the projection applies it all once the dashboard is back.
"""

from workshop.drills.base import Run
from workshop.drills.matrix import Way, expect_unanswered, queue_holds, wait_ready
from workshop.drills.orders import OrderBook
from workshop.drills.shop import Shop

ON_HAND = 10


class DashboardRow:
    service = "dashboard"
    title = "the shop runs, the UI waits"
    summary = (
        "With the dashboard {way}, every service works (products, purchase orders, orders, reservations); the "
        "events wait in dashboard.events and once back its projection catches up with all of them."
    )

    def prepare(self, run: Run, shop: Shop) -> dict:
        run.step(f"Create a product and receive {ON_HAND} into stock")
        product = shop.stocked_product("Dashboard drill vase", ON_HAND)
        return {"book": OrderBook.witnessed(run, product["product_id"], ON_HAND)}

    def while_away(self, run: Run, shop: Shop, way: Way, prepared: dict) -> None:
        book: OrderBook = prepared["book"]
        expect_unanswered(run, shop, "dashboard", way, "the dashboard's UI", "/")
        run.step("Use every service: a new product, a purchase order for it, an order that is reserved")
        prepared["new"] = shop.new_product("Dashboard drill lid")
        run.observed("catalog created a product")
        run.wait_for(
            lambda: shop.purchase_order(prepared["new"]["product_id"], 3),
            30,
            "purchase did not learn the product created while the dashboard is away",
        )
        order = book.place(2)
        run.require(order is not None, "sales did not take the order")
        run.wait_for(
            lambda: run.target.get("sales", f"/sales-orders/{order['sales_order_id']}").json()["status"] == "reserved",
            30,
            "the order was not reserved while the dashboard is away",
        )
        run.observed("product, purchase order and a reserved order: the shop works without its dashboard")
        queue_holds(run, "dashboard.events", 3)

    def after_return(self, run: Run, shop: Shop, way: Way, prepared: dict) -> None:
        wait_ready(run, "dashboard")
        run.step("The projection catches up from dashboard.events")
        run.watch("http://127.0.0.1:8080: the new product and the reserved order appear")
        product_id = prepared["new"]["product_id"]
        run.wait_for(
            lambda: any(p["product_id"] == product_id for p in run.target.overview()["products"]),
            30,
            "the dashboard did not catch up with the product created while it was away",
        )
        run.observed("the dashboard shows the product created while it was away")
        prepared["book"].check_converged()
