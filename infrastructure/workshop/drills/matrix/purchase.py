"""Purchase away: the shop sells on; only purchase orders and replenishment wait.

Replenishment is purchase's reaction to `stock.stock_level_changed`. While purchase is away, the event
that shows a product running low waits in `purchase.events`; once back, purchase opens exactly one
purchase order for it, however often the event is delivered.
"""

from workshop.drills.base import Run
from workshop.drills.matrix import (
    Way,
    expect_dashboard_reports,
    expect_quick,
    expect_unanswered,
    queue_holds,
    wait_ready,
)
from workshop.drills.orders import OrderBook
from workshop.drills.shop import Shop

ON_HAND = 8  # above the replenishment threshold (default 5) ...
ORDERED = 4  # ... until this order leaves 4 available


class PurchaseRow:
    service = "purchase"
    title = "the shop sells on, replenishment waits"
    summary = (
        "With purchase {way}, products, orders and reservations go on while purchase orders fail; the low "
        "stock level waits in purchase.events, and once back purchase opens exactly one replenishment order."
    )

    def prepare(self, run: Run, shop: Shop) -> OrderBook:
        run.step(f"Create a product and receive {ON_HAND} into stock (above the replenishment threshold)")
        product = shop.stocked_product("Purchase drill mug", ON_HAND)
        run.require(not shop.open_purchase_orders(product["product_id"]), "the new product already has an open order")
        return OrderBook.witnessed(run, product["product_id"], ON_HAND)

    def while_away(self, run: Run, shop: Shop, way: Way, book: OrderBook) -> None:
        expect_unanswered(
            run, shop, "purchase", way, "purchase's API (where purchase orders are opened)", "/purchase-orders"
        )
        expect_quick(run, "catalog creates a product", lambda: shop.new_product("Purchase drill spoon"), 2)
        run.step(f"Order {ORDERED}: stock reserves it and available drops below the replenishment threshold")
        order = book.place(ORDERED)
        run.require(order is not None, "sales did not take the order")
        run.wait_for(
            lambda: run.target.get("sales", f"/sales-orders/{order['sales_order_id']}").json()["status"] == "reserved",
            30,
            f"order {order['sales_order_id']} was not reserved while purchase is away",
        )
        run.observed(f"the order is reserved; stock shows {shop.stock_level(book.product_id)}")
        queue_holds(run, "purchase.events", 1)
        expect_dashboard_reports(run, shop, "purchase", "down")

    def after_return(self, run: Run, shop: Shop, way: Way, book: OrderBook) -> None:
        wait_ready(run, "purchase")
        run.step("Purchase catches up from its queue: one replenishment order opens")
        run.watch("`curl 127.0.0.1:8082/purchase-orders`: a new open order for the product")
        opened = run.wait_for(
            lambda: shop.open_purchase_orders(book.product_id),
            30,
            "purchase did not open a replenishment order after it came back",
        )
        run.poll(lambda: run.target.queue("purchase.events").get("messages") == 0, 15)
        opened = shop.open_purchase_orders(book.product_id)
        run.expect(
            len(opened) == 1,
            f"purchase opened {len(opened)} replenishment orders for one product, not exactly one",
            f"exactly one open purchase order, for {opened[0]['quantity'] if opened else '?'} items",
        )
        book.check_converged()
