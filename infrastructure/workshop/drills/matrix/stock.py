"""Stock away: orders are accepted as pending; reservations wait in `stock.events`; each is decided once.

While stock is away the dashboard's projection still shows the last known stock levels. Back, stock
works through its queue: every order is reserved or rejected exactly once, and the arithmetic is exact.
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

ON_HAND = 10
ORDERS = (3, 4, 5, 2)  # in this order: 3 and 4 fit, 5 does not (3 left), 2 does


class StockRow:
    service = "stock"
    title = "orders wait as pending"
    summary = (
        "With stock {way}, sales accepts orders as pending and the dashboard still shows stock levels from "
        "its projection; once back, stock decides every waiting order exactly once, with exact arithmetic."
    )

    def prepare(self, run: Run, shop: Shop) -> OrderBook:
        run.step(f"Create a product and receive {ON_HAND} into stock")
        product = shop.stocked_product("Stock drill jug", ON_HAND)
        return OrderBook.witnessed(run, product["product_id"], ON_HAND)

    def while_away(self, run: Run, shop: Shop, way: Way, book: OrderBook) -> None:
        expect_unanswered(run, shop, "stock", way, "reading the stock level", f"/stock-levels/{book.product_id}")
        run.step(f"Place {len(ORDERS)} orders of {', '.join(map(str, ORDERS))} items")
        for quantity in ORDERS:
            order = book.place(quantity)
            run.expect(
                order is not None and order["status"] == "pending",
                f"an order placed while stock is {way.name} was not accepted as pending",
            )
        run.observed(f"sales accepted all {len(ORDERS)} orders as pending")
        queue_holds(run, "stock.events", len(ORDERS))
        expect_quick(
            run,
            "the dashboard still shows the stock level, from its projection",
            lambda: any(
                level["product_id"] == book.product_id and level["on_hand"] == ON_HAND
                for level in run.target.overview()["stock_levels"]
            ),
            2,
        )
        still_pending = [s for s in book.statuses().values() if s == "pending"]
        run.expect(
            len(still_pending) == len(ORDERS),
            f"only {len(still_pending)} of {len(ORDERS)} orders were pending while stock is {way.name}",
            "every order is still pending: nobody decided them behind stock's back",
        )
        expect_quick(run, "catalog creates a product", lambda: shop.new_product("Stock drill cup"), 2)
        expect_dashboard_reports(run, shop, "stock", "down")

    def after_return(self, run: Run, shop: Shop, way: Way, book: OrderBook) -> None:
        wait_ready(run, "stock")
        run.step("Stock works through its queue")
        run.watch("queue stock.events drains; the orders turn reserved or rejected on the dashboard")
        book.check_converged()
