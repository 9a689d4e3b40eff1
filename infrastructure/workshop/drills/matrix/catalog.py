"""Catalog away: orders go on at the price sales keeps; only new products and unknown ones wait.

Sales asks catalog for every order's price behind timeouts, retries and a circuit breaker. With catalog
gone it falls back to its own copy (`price_source: "cached"`); after a few failures the breaker opens and
orders are priced at once, without asking. Back, the breaker closes at its next trial and new products flow.
"""

import time
import uuid

from workshop.drills.base import Run
from workshop.drills.matrix import Way, expect_dashboard_reports, expect_quick, expect_unanswered, wait_ready
from workshop.drills.orders import OrderBook
from workshop.drills.shop import Shop

PRICE = 1234
MAX_ORDERS_TO_OPEN = 8
# Sales' lookup: 2 attempts of at most 0.5s connect + 1s read, and a short backoff; then the cached price.
LOOKUP_LIMIT_SECONDS = 4.0


class CatalogRow:
    service = "catalog"
    title = "orders go on at cached prices"
    summary = (
        "With catalog {way}, sales prices orders from its own copy and its breaker opens; creating products and "
        "ordering products sales never saw fail clearly; once back, the breaker closes and new products flow."
    )

    def prepare(self, run: Run, shop: Shop) -> OrderBook:
        run.step("Create a product (price 1234) and receive 50 into stock; place one order while catalog is up")
        product = shop.stocked_product("Catalog drill teapot", 50, PRICE)
        book = OrderBook.witnessed(run, product["product_id"], 50)
        first = book.place(1)
        run.require(first is not None and first["price_source"] == "catalog", "sales did not price an order at catalog")
        run.observed("sales priced the first order at catalog and keeps the product in its own copy")
        return book

    def while_away(self, run: Run, shop: Shop, way: Way, book: OrderBook) -> None:
        expect_unanswered(run, shop, "catalog", way, "catalog's API (where products are created)", "/products")
        run.step("Place orders for the known product until sales' breaker around catalog opens")
        run.watch("`curl 127.0.0.1:8083/health/ready`: checks.breakers.catalog goes from closed to open")
        breaker, placed = "closed", 0
        while placed < MAX_ORDERS_TO_OPEN:
            placed += 1
            started = time.monotonic()
            order = book.place(1)
            seconds = time.monotonic() - started
            if order is None:
                break
            run.expect(
                (order["price_source"], order["unit_price_cents"]) == ("cached", PRICE),
                f"an order with catalog {way.name} was priced {order['price_source']} at {order['unit_price_cents']}",
            )
            run.expect(
                seconds <= LOOKUP_LIMIT_SECONDS,
                f"placing an order with catalog {way.name} took {seconds:.1f}s: sales waited on catalog too long",
            )
            breaker = run.target.readiness("sales")[1]["checks"]["breakers"].get("catalog")
            if breaker == "open":
                break
        run.expect(
            breaker == "open",
            f"sales' breaker around catalog was still {breaker} after {placed} failed price lookups",
            f"{placed} orders priced from the cache, each within {LOOKUP_LIMIT_SECONDS:.0f}s; the breaker is open",
        )
        expect_quick(run, "with the breaker open, an order is priced from the cache", lambda: book.place(1), 1.0)
        self._unknown_product_is_503(run)
        status, ready = run.target.readiness("sales")
        run.expect(
            status == 200 and ready["status"] == "degraded",
            f"sales' readiness should be 200 and degraded with its breaker open, got {status} {ready['status']}",
            "sales' readiness: 200, degraded, breakers.catalog open",
        )
        expect_quick(run, "stock answers", lambda: shop.stock_level(book.product_id), 2)
        expect_quick(run, "purchase takes a purchase order", lambda: shop.purchase_order(book.product_id, 1), 2)
        expect_dashboard_reports(run, shop, "catalog", "down")

    def _unknown_product_is_503(self, run: Run) -> None:
        response = run.target.post("sales", "/sales-orders", json={"product_id": str(uuid.uuid4()), "quantity": 1})
        problem = response.json() if response.headers.get("Content-Type") == "application/problem+json" else {}
        run.expect(
            response.status_code == 503
            and problem.get("type", "").endswith("/dependency-unavailable")
            and response.headers.get("Retry-After", "").isdigit(),
            f"an order for a product sales never saw should be a 503 problem with Retry-After, got "
            f"{response.status_code} {response.text[:200]}",
            f"an order for a product sales never saw: 503 {problem.get('title')}, Retry-After "
            f"{response.headers.get('Retry-After')}s",
        )

    def after_return(self, run: Run, shop: Shop, way: Way, book: OrderBook) -> None:
        wait_ready(run, "catalog")
        run.step("Create a new product: it flows to purchase, sales and the dashboard")
        product = shop.new_product("Catalog drill kettle", 999)
        run.wait_for(
            lambda: shop.purchase_order(product["product_id"], 1),
            30,
            "purchase did not learn the new product",
        )
        run.wait_for(
            lambda: any(p["product_id"] == product["product_id"] for p in run.target.overview()["products"]),
            30,
            "the dashboard did not show the new product",
        )
        run.observed("purchase and the dashboard know the new product")
        run.step("Keep ordering: after its reset timeout the breaker lets one lookup through, and closes")
        priced_at_catalog = run.poll(lambda: (o := book.place(1)) and o["price_source"] == "catalog", 45, interval=1.5)
        ready = run.target.readiness("sales")[1]
        run.expect(
            priced_at_catalog is True and ready["checks"]["breakers"].get("catalog") == "closed",
            f"sales' breaker did not close after catalog came back (breakers: {ready['checks']['breakers']})",
            "orders are priced at catalog again and the breaker is closed",
        )
        book.check_converged()
