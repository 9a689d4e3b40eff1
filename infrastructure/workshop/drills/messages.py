"""The hard cases about messages: a consumer killed between its commit and its ack, and a burst of poison.

At-least-once delivery means a message can arrive twice; the inbox makes the second time a logged
no-op. A message that can never be handled is dead-lettered with its reason, and the consumer goes on.
"""

import json
import re
import uuid

from workshop.drills.base import Drill, Run, utc_now
from workshop.drills.matrix import wait_ready
from workshop.drills.orders import OrderBook
from workshop.drills.shop import Shop

CRASH_SWITCH = "STOCK_CRASH_AFTER_COMMIT_ONCE"  # docker-compose.yml passes it to stock as CRASH_AFTER_COMMIT_ONCE
POISON_KEY = "sales.sales_order_placed"  # consumed by stock and the dashboard
POISON_COUNT = 20


def consumer_killed_between_commit_and_ack(run: Run) -> None:
    shop = Shop(run)
    run.step("Create a product and receive 10 into stock")
    book = OrderBook.witnessed(run, shop.stocked_product("Crash drill pot", 10)["product_id"], 10)
    crash = f"drill-{uuid.uuid4().hex[:8]}"
    run.step(f"Arm stock's fault switch: recreate it with {CRASH_SWITCH}={crash} (off again at the end)")
    disarmed = []

    def disarm() -> None:
        if not disarmed:
            run.target.project.recreate("stock", {CRASH_SWITCH: ""})
            disarmed.append(crash)

    run.undo(disarm)
    since = utc_now()
    run.target.project.recreate("stock", {CRASH_SWITCH: crash})
    wait_ready(run, "stock")
    run.step("Place an order: stock commits its decision, then its process dies before the ack")
    run.watch("`docker compose logs -f stock`: the fault injection line, gunicorn's new worker, the duplicate")
    run.require(book.place(3) is not None, "sales did not take the order")
    crashed = run.wait_for(
        lambda: re.search(r"fault injection .*: (\S+) (\S+) is committed", run.target.logs("stock", since)),
        30,
        "stock's consumer did not crash after its commit (is the fault switch wired?)",
    )
    event_type, message_id = crashed.group(1), crashed.group(2)
    run.observed(f"stock committed {event_type} {message_id} and was killed before acking it")
    duplicate = f"duplicate {event_type} {message_id} ignored: already processed"
    run.wait_for(
        lambda: duplicate in run.target.logs("stock", since),
        45,
        f"stock did not log the redelivered {message_id} as a duplicate",
    )
    run.observed(f'stock\'s new worker got it again and logged: "{duplicate}"')
    book.check_converged()
    run.step(f"Disarm the switch: recreate stock with {CRASH_SWITCH} empty")
    disarm()


def poison_burst(run: Run) -> None:
    shop = Shop(run)
    run.step("Create a product and receive 10 into stock")
    book = OrderBook.witnessed(run, shop.stocked_product("Poison drill flask", 10)["product_id"], 10)
    burst = f"poison-{uuid.uuid4().hex[:8]}"
    run.step(f"Publish {POISON_COUNT} poison messages to the events exchange as {POISON_KEY}, orders in between")
    run.watch("queues stock.dead-letter and dashboard.dead-letter in RabbitMQ's UI; each message's headers")
    kinds = list(_poison(book.product_id))
    for number in range(POISON_COUNT):
        _publish(run, f"{burst}-{number}", kinds[number % len(kinds)][1])
        if number % 5 == 4:
            run.require(book.place(1) is not None, "sales did not take an order during the burst")
    run.observed(f"{POISON_COUNT} poison messages published ({', '.join(k for k, _ in kinds)}); 4 orders placed")
    for service in ("stock", "dashboard"):
        letters = run.wait_for(
            lambda s=service: (found := _dead_letters(run, s, burst)) and len(found) >= POISON_COUNT and found,
            30,
            f"{service} did not dead-letter all {POISON_COUNT} poison messages",
            interval=1.0,
        )
        reasons = [m["properties"].get("headers", {}).get("x-dead-letter-reason", "") for m in letters]
        run.expect(
            len(letters) == POISON_COUNT and all(reasons),
            f"{service} dead-lettered {len(letters)} poison messages, {sum(not r for r in reasons)} without a reason",
            f'{service}.dead-letter holds all {POISON_COUNT}, each with its reason, e.g. "{reasons[0][:120]}"',
        )
        wait_ready(run, service)
    book.check_converged()


def _poison(product_id: str):
    envelope = {
        "id": str(uuid.uuid4()),
        "type": POISON_KEY,
        "version": 1,
        "occurred_at": "2026-12-04T10:00:00.000000Z",
        "producer": "sales",
        "correlation_id": "poison-drill",
        "data": {"sales_order_id": str(uuid.uuid4()), "product_id": product_id, "quantity": 1},
    }
    yield "not JSON", "{this is not json"
    yield "not an envelope", json.dumps([1, 2, 3])
    yield "an unknown version", json.dumps({**envelope, "version": 99})
    yield "data breaking the contract", json.dumps({**envelope, "data": {**envelope["data"], "quantity": 0}})


def _publish(run: Run, message_id: str, payload: str) -> None:
    response = run.target.management(
        "POST",
        "/api/exchanges/%2F/events/publish",
        json={
            "properties": {"message_id": message_id, "type": POISON_KEY, "delivery_mode": 2},
            "routing_key": POISON_KEY,
            "payload": payload,
            "payload_encoding": "string",
        },
    )
    run.require(response.status_code == 200 and response.json().get("routed"), f"the broker did not route {message_id}")


def _dead_letters(run: Run, service: str, burst: str) -> list[dict]:
    response = run.target.management(
        "POST",
        f"/api/queues/%2F/{service}.dead-letter/get",
        json={"count": 10_000, "ackmode": "ack_requeue_true", "encoding": "auto", "truncate": 2_000},
    )
    return [m for m in response.json() if str(m["properties"].get("message_id", "")).startswith(burst)]


def drills() -> list[Drill]:
    return [
        Drill(
            "consumer-killed-between-commit-and-ack",
            "A consumer killed between its commit and its ack",
            "Stock dies right after committing an order's reservation and before acking it; the order's event is "
            "delivered again, logged as a duplicate, and has no second effect.",
            consumer_killed_between_commit_and_ack,
            120,
        ),
        Drill(
            "poison-burst",
            "A burst of poison messages",
            "Twenty messages no consumer can handle are dead-lettered with their reason, while the orders between "
            "them are decided as usual: the consumers keep going.",
            poison_burst,
            90,
        ),
    ]
