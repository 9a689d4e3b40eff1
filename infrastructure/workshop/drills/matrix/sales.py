"""Sales away: catalog, purchase and stock go on; stock's answers wait for sales in its queue.

To have answers waiting, the drill first holds stock for a moment (paused) while three orders are placed,
then removes sales and lets stock go: stock reserves them while sales is away, and the reservations wait
in `sales.events` until sales is back and applies each one.
"""

from workshop import faults
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

ON_HAND = 10
ORDERS = (2, 2, 2)


class SalesRow:
    service = "sales"
    title = "stock's answers wait in sales.events"
    summary = (
        "With sales {way}, catalog, purchase and stock keep working and stock still decides the orders sales "
        "placed; the dashboard says sales is down, and once back sales applies the waiting reservations."
    )

    def prepare(self, run: Run, shop: Shop) -> OrderBook:
        run.step(f"Create a product with {ON_HAND} in stock; hold stock (paused) and place {len(ORDERS)} orders")
        product = shop.stocked_product("Sales drill bowl", ON_HAND)
        book = OrderBook.witnessed(run, product["product_id"], ON_HAND)
        faults.pause(run.target, "stock")
        for quantity in ORDERS:
            run.require(book.place(quantity) is not None, "sales did not take an order")
        # Sales must have handed their events to the broker before it goes: what is still in its outbox
        # when it is killed reaches stock only once sales is back.
        run.wait_for(
            lambda: run.target.readiness("sales")[1]["checks"]["outbox_backlog"] == 0,
            15,
            "sales did not publish the orders' events",
        )
        run.observed(f"{len(ORDERS)} orders are pending; their events wait in stock.events")
        return book

    def while_away(self, run: Run, shop: Shop, way: Way, book: OrderBook) -> None:
        run.step("Let stock go on (unpause): it decides the orders while sales is away")
        faults.unpause(run.target, "stock")
        reserved = sum(ORDERS)
        run.wait_for(
            lambda: (shop.stock_level(book.product_id) or {}).get("reserved") == reserved,
            30,
            f"stock did not reserve the {len(ORDERS)} orders while sales is away",
        )
        run.observed(f"stock reserved {reserved} items for the {len(ORDERS)} orders")
        queue_holds(run, "sales.events", len(ORDERS))
        expect_unanswered(run, shop, "sales", way, "sales' API (placing and reading orders)", "/sales-orders")
        expect_quick(run, "catalog creates a product", lambda: shop.new_product("Sales drill plate"), 2)
        expect_quick(run, "purchase takes a purchase order", lambda: shop.purchase_order(book.product_id, 1), 2)
        expect_dashboard_reports(run, shop, "sales", "down")

    def after_return(self, run: Run, shop: Shop, way: Way, book: OrderBook) -> None:
        wait_ready(run, "sales")
        run.step("Sales applies the reservations that waited in its queue")
        run.watch("`curl 127.0.0.1:8083/sales-orders`: the orders turn from pending to reserved")
        book.check_converged()
