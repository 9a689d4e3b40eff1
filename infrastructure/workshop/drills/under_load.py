"""The hard cases under a stream of orders: the broker stopped, stock killed, stock stopped gracefully.

Orders keep coming the whole time. Whatever happens in the middle, at the end every order that sales
accepted is reserved or rejected exactly once and stock's arithmetic is exact.
"""

import time

from workshop import faults
from workshop.drills.base import Drill, Run, utc_now
from workshop.drills.load import OrderStream
from workshop.drills.matrix import wait_ready
from workshop.drills.orders import OrderBook
from workshop.drills.shop import Shop
from workshop.target import SERVICES

ON_HAND = 300


def _stream_of_orders(run: Run, name: str) -> OrderBook:
    run.step(f"Create a product with {ON_HAND} in stock and start a stream of orders of 1-3 items")
    product = Shop(run).stocked_product(name, ON_HAND)
    return OrderBook.witnessed(run, product["product_id"], ON_HAND)


def _every_order_accepted(run: Run, stream: OrderStream) -> None:
    run.expect(
        not stream.failures,
        f"sales refused {sum(stream.failures.values())} orders during the drill: {dict(stream.failures)}",
        f"sales accepted every one of the {stream.placed} orders (201)",
    )


def broker_stopped_under_load(run: Run) -> None:
    book = _stream_of_orders(run, "Broker load crate")
    with OrderStream(book) as stream:
        run.observed(f"{stream.placed_within(2)} orders placed with the broker up")
        run.step("Stop the broker while orders keep coming: `docker compose stop rabbitmq`")
        placed = stream.placed
        faults.stop(run.target, "rabbitmq")
        run.watch("`curl 127.0.0.1:8083/health/ready`: broker down, outbox_backlog climbing")
        backlog = run.wait_for(
            lambda: (b := _backlog(run, "sales")) >= 10 and b,
            20,
            "sales' outbox did not fill while the broker was away",
        )
        run.observed(
            f"{stream.placed - placed} more orders accepted with the broker down; sales' outbox holds {backlog}"
        )
        run.step("Start the broker again: `docker compose start rabbitmq`; the orders keep coming")
        faults.start(run.target, "rabbitmq")
        for service in SERVICES:
            wait_ready(run, service, timeout=60)
        stream.placed_within(2)
    _every_order_accepted(run, stream)
    run.watch("outbox_backlog falls back to 0 as the relay publishes what waited")
    drained = run.poll(lambda: _backlog(run, "sales") == 0, 30)
    run.expect(
        drained is True, "sales' outbox did not drain within 30s of the broker's return", "sales' outbox drained"
    )
    book.check_converged(timeout=90)


def stock_killed_under_load(run: Run) -> None:
    book = _stream_of_orders(run, "Stock load barrel")
    redelivered_before = _redelivered(run)
    with OrderStream(book, threads=4) as stream:
        run.observed(f"{stream.placed_within(3)} orders placed, stock deciding as they come")
        run.step("Freeze stock for a moment (pause) so that deliveries pile up in its hands, unacked")
        faults.pause(run.target, "stock")
        in_hand = run.wait_for(
            lambda: run.target.queue("stock.events").get("messages_unacknowledged", 0),
            8,
            "no deliveries piled up unacked in stock's hands",
        )
        run.step("Kill stock (SIGKILL) with them in hand: `docker compose kill -s SIGKILL stock`")
        faults.kill(run.target, "stock")
        run.observed(f"{in_hand} deliveries were in stock's hands; the broker puts them back in stock.events")
        run.observed(f"{stream.placed_within(2)} orders placed so far")
        run.step("Start stock again: `docker compose start stock`")
        faults.start(run.target, "stock")
        wait_ready(run, "stock")
        stream.placed_within(2)
    _every_order_accepted(run, stream)
    book.check_converged(timeout=90)
    redelivered = run.poll(lambda: _redelivered(run) - redelivered_before, 10)
    run.expect(
        isinstance(redelivered, int) and redelivered > 0,
        f"RabbitMQ counted no redelivery on stock.events after stock died with {in_hand} deliveries in hand",
        f"RabbitMQ redelivered {redelivered} messages to the new stock, and none was decided twice",
    )


def stock_stopped_gracefully(run: Run) -> None:
    book = _stream_of_orders(run, "Graceful load chest")
    since = utc_now()
    with OrderStream(book) as stream:
        run.observed(f"{stream.placed_within(2)} orders placed, stock deciding as they come")
        run.step("Stop stock with SIGTERM while orders keep coming: `docker compose stop stock`")
        started = time.monotonic()
        faults.stop(run.target, "stock")
        seconds = time.monotonic() - started
        stopped = faults.container(run.target, "stock")
        run.expect(
            stopped.exit_code == 0,
            f"stock exited with code {stopped.exit_code} on SIGTERM, not 0: it did not shut down cleanly",
            f"stock shut down cleanly in {seconds:.1f}s (exit code 0, well within its grace period)",
        )
        logs = run.target.logs("stock", since)
        run.expect(
            "background workers stopped" in logs,
            "stock's logs do not say its consumer and relay stopped before it exited",
            "its logs say the consumer finished the message in hand and the relay its batch, then stopped",
        )
        run.observed(f"{stream.placed_within(2)} orders placed so far")
        run.step("Start stock again: `docker compose start stock`")
        faults.start(run.target, "stock")
        wait_ready(run, "stock")
        stream.placed_within(1)
    _every_order_accepted(run, stream)
    book.check_converged(timeout=90)


def _backlog(run: Run, service: str) -> int:
    return run.target.readiness(service)[1]["checks"]["outbox_backlog"]


def _redelivered(run: Run) -> int:
    return run.target.queue("stock.events").get("message_stats", {}).get("redeliver", 0)


def drills() -> list[Drill]:
    return [
        Drill(
            "broker-stopped-under-load",
            "The broker stopped while orders keep coming",
            "Orders keep being accepted while RabbitMQ is down (their events wait in sales' outbox), and once it is "
            "back the outbox drains and every order is reserved or rejected exactly once.",
            broker_stopped_under_load,
            120,
        ),
        Drill(
            "stock-killed-under-load",
            "Stock SIGKILLed under concurrent orders",
            "Stock dies without a goodbye while four clients place orders; what it held unacked is delivered again, "
            "yet every order is decided exactly once and the stock arithmetic is exact.",
            stock_killed_under_load,
            120,
        ),
        Drill(
            "stock-stopped-gracefully",
            "Stock stopped with SIGTERM during a stream of orders",
            "A graceful shutdown finishes the message in hand and hands the rest back: stock exits cleanly, and once "
            "it is back every order is decided exactly once.",
            stock_stopped_gracefully,
            120,
        ),
    ]
