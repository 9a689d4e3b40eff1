"""RabbitMQ away: every HTTP API still works, writes included; events wait in the outboxes.

Propagation stops and every readiness report says the broker is down (a stopped broker at once; a
paused or cut-off one once the missed heartbeats give it away). Back, the outboxes drain, every consumer
reconnects by itself (no container restarts), and everything written meanwhile arrives, once.
"""

from workshop import faults
from workshop.drills.base import Run
from workshop.drills.matrix import Way, expect_quick, wait_ready
from workshop.drills.orders import OrderBook
from workshop.drills.shop import Shop
from workshop.target import SERVICES

ON_HAND = 10
RECEIVED_MEANWHILE = 5
WRITERS = ("catalog", "purchase", "sales")  # the services the drill writes to while the broker is away


class BrokerRow:
    service = "rabbitmq"
    title = "writes go on, events wait in the outboxes"
    summary = (
        "With the broker {way}, every HTTP API answers and accepts writes, readiness reports the broker down "
        "and the outboxes grow; once back, they drain, consumers reconnect by themselves and nothing is lost."
    )

    def prepare(self, run: Run, shop: Shop) -> dict:
        run.step(f"Create a product and receive {ON_HAND} into stock; note when each container started")
        product = shop.stocked_product("Broker drill tray", ON_HAND)
        book = OrderBook.witnessed(run, product["product_id"], ON_HAND)
        started = {c.service: c.started_at for c in faults.containers(run.target).values() if c.service in SERVICES}
        return {"book": book, "started": started}

    def while_away(self, run: Run, shop: Shop, way: Way, prepared: dict) -> None:
        book: OrderBook = prepared["book"]
        run.step("Write to every service: a product, an order, a purchase order received")
        prepared["new"] = shop.new_product("Broker drill cloth")
        order = book.place(2, timeout=3)
        run.require(order is not None and order["status"] == "pending", "sales did not accept an order")
        purchase_order = shop.purchase_order(book.product_id, RECEIVED_MEANWHILE)
        run.require(purchase_order is not None, "purchase did not take a purchase order with the broker away")
        received = run.target.post("purchase", f"/purchase-orders/{purchase_order['purchase_order_id']}/receive")
        run.require(received.status_code == 200, f"purchase did not receive goods: HTTP {received.status_code}")
        book.on_hand += RECEIVED_MEANWHILE
        run.observed("catalog, sales and purchase accepted every write")
        expect_quick(run, "stock answers", lambda: shop.stock_level(book.product_id), 2)
        run.watch("`curl 127.0.0.1:8083/health/ready`: broker down, status degraded, outbox_backlog growing")
        reports = run.wait_for(
            lambda: _all_report_broker_down(run),
            45,
            "not every service's readiness reported the broker down within 45s",
        )
        backlogs = {s: reports[s]["checks"]["outbox_backlog"] for s in WRITERS}
        run.observed(f"every service: 200, degraded, broker down; outbox backlogs {backlogs}")
        run.expect(all(backlogs.values()), f"an outbox did not hold the events of the writes: {backlogs}")
        broker = run.poll(lambda: run.target.overview()["broker"]["status"] == "down", 15)
        run.expect(
            broker is True, "the dashboard did not report the broker down", "the dashboard reports the broker down"
        )
        level = shop.stock_level(book.product_id)
        statuses = book.statuses()
        run.expect(
            level["on_hand"] == ON_HAND and set(statuses.values()) == {"pending"},
            f"events travelled without a broker? stock {level}, orders {statuses}",
            "propagation stopped: the order is pending and stock has not heard of the receipt",
        )

    def after_return(self, run: Run, shop: Shop, way: Way, prepared: dict) -> None:
        book: OrderBook = prepared["book"]
        run.step("Wait, without touching any service, until each has reconnected by itself")
        for service in SERVICES:
            wait_ready(run, service, timeout=60)
        run.watch("outbox_backlog in every readiness report falls to 0")
        backlogs = run.poll(lambda: not any(_backlog(run, s) for s in WRITERS), 30)
        run.expect(backlogs is True, "the outboxes did not drain within 30s", "every outbox drained")
        now = {c.service: c.started_at for c in faults.containers(run.target).values() if c.service in SERVICES}
        restarted = [s for s in SERVICES if now.get(s) != prepared["started"].get(s)]
        run.expect(
            not restarted,
            f"{', '.join(restarted)} restarted instead of reconnecting",
            "no service was restarted: each reconnected on its own",
        )
        product_id = prepared["new"]["product_id"]
        run.wait_for(
            lambda: shop.purchase_order(product_id, 1),
            30,
            "the product created while the broker was away never reached purchase",
        )
        run.observed("the product created meanwhile reached purchase")
        book.check_converged()


def _all_report_broker_down(run: Run) -> dict | None:
    reports = {}
    for service in SERVICES:
        status, report = run.target.readiness(service)
        if status != 200 or report["status"] != "degraded" or report["checks"]["broker"] != "down":
            return None
        reports[service] = report
    return reports


def _backlog(run: Run, service: str) -> int:
    return run.target.readiness(service)[1]["checks"]["outbox_backlog"]
