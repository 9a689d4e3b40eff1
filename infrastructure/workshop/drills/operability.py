"""Operability: services that start in any order, readiness that tells the truth, Docker's restart policy.

Readiness is what Docker's healthcheck, the dashboard and a person all read, so it must not lie: 200 and
`ok` only when the database, the broker connection and every background worker are fine, `degraded`
while the service can serve without one of them, 503 `down` only when its own database is gone.
"""

import random

from workshop import faults
from workshop.drills.base import Drill, Run
from workshop.drills.matrix import expect_dashboard_reports, wait_ready
from workshop.drills.orders import OrderBook
from workshop.drills.shop import Shop
from workshop.target import BROKER, SERVICES


def start_in_any_order(run: Run) -> None:
    shop = Shop(run)
    run.step("Kill every container, the broker included")
    for part in (*SERVICES, BROKER):
        faults.kill(run.target, part)
    order = random.sample(SERVICES, len(SERVICES))
    run.step(f"Start the five services in a random order, without the broker: {', '.join(order)}")
    for service in order:
        faults.start(run.target, service)
    for service in SERVICES:
        run.wait_for(
            lambda s=service: _degraded_without_broker(run, s),
            45,
            f"{service} did not come up (200, degraded, database ok, broker down) without the broker",
        )
    run.observed("every service answers: 200, degraded, database ok, broker down")
    started = {c.service: c.started_at for c in faults.containers(run.target).values()}
    product = shop.new_product("Start order drill tin")
    run.observed("catalog took a new product; its event waits in the outbox")
    run.step("Start the broker last: `docker compose start rabbitmq`")
    faults.start(run.target, BROKER)
    for service in SERVICES:
        wait_ready(run, service, timeout=60)
    now = {c.service: c.started_at for c in faults.containers(run.target).values()}
    restarted = [s for s in SERVICES if now[s] != started[s]]
    run.expect(not restarted, f"{', '.join(restarted)} had to be restarted", "none of them was restarted")
    run.wait_for(
        lambda: shop.purchase_order(product["product_id"], 1),
        30,
        "the product created before the broker started never reached purchase",
    )
    run.observed("the product created before the broker was there reached purchase")


def readiness_tells_the_truth(run: Run) -> None:
    shop = Shop(run)
    run.step("Read every service's readiness on a healthy stack")
    for service in SERVICES:
        status, report = run.target.readiness(service)
        checks = report["checks"]
        run.expect(
            status == 200
            and report["status"] == "ok"
            and (checks["database"], checks["broker"]) == ("ok", "ok")
            and isinstance(checks["outbox_backlog"], int)
            and set(checks["breakers"].values()) <= {"closed"}
            and set(checks["workers"].values()) == {"running"},
            f"{service}'s readiness on a healthy stack is not 200 ok with every check fine: {status} {report}",
        )
    run.observed("each: 200, ok, database ok, broker ok, breakers closed, workers running, an outbox backlog count")
    book = OrderBook.witnessed(run, shop.stocked_product("Readiness drill box", 10)["product_id"], 10)
    run.step("Take stock's database away: make its data folder unreadable (`chmod 000 /data` inside stock)")
    run.undo(lambda: faults.give_database_back(run.target, "stock"))
    faults.take_database(run.target, "stock")
    status, report = run.target.readiness("stock")
    run.expect(
        status == 503 and report["status"] == "down" and report["checks"]["database"] == "down",
        f"stock's readiness without its database should be 503 down, database down; got {status} {report}",
        f"stock's readiness: 503, down, database down (broker {report['checks']['broker']})",
    )
    # Not a promise, a fact worth seeing: connections a thread already holds still work, new ones cannot open.
    answer = shop.answers("stock", f"/stock-levels/{book.product_id}")
    run.observed(f"reading a stock level {'still works on a connection opened before' if answer else 'fails'}")
    expect_dashboard_reports(run, shop, "stock", "down")
    others = {s: run.target.readiness(s)[1]["status"] for s in SERVICES if s not in ("stock", "dashboard")}
    run.expect(
        set(others.values()) == {"ok"},
        f"stock's lost database affected the others' readiness: {others}",
        "catalog, purchase and sales stay ok",
    )
    run.step("Give the database back (`chmod` as before)")
    faults.give_database_back(run.target, "stock")
    wait_ready(run, "stock")
    book.place(2)
    book.check_converged()


def crashed_service_restarts(run: Run) -> None:
    policies = {c.service: c.restart_policy for c in faults.containers(run.target).values()}
    run.expect(
        set(policies.values()) == {"unless-stopped"},
        f"every container should have restart policy unless-stopped, got {policies}",
        "every container runs with restart policy unless-stopped",
    )
    before = faults.container(run.target, "stock")
    run.step("Crash stock: SIGKILL its main process from outside Docker's API, as the kernel's OOM killer would")
    run.watch("`docker compose ps stock`: Up again within seconds, without anyone starting it")
    faults.crash(run.target, "stock")
    restarted = run.wait_for(
        lambda: (
            (c := faults.container(run.target, "stock")).restart_count > before.restart_count
            and c.status == "running"
            and c
        ),
        30,
        "Docker did not restart stock after its process crashed",
    )
    run.observed(
        f"Docker restarted stock by itself (restart count {before.restart_count} -> {restarted.restart_count})"
    )
    wait_ready(run, "stock")
    shop = Shop(run)
    book = OrderBook.witnessed(run, shop.stocked_product("Restart drill tub", 5)["product_id"], 5)
    book.place(2)
    book.check_converged()


def _degraded_without_broker(run: Run, service: str) -> bool:
    status, report = run.target.readiness(service)
    checks = report["checks"]
    return (status, report["status"], checks["database"], checks["broker"]) == (200, "degraded", "ok", "down")


def drills() -> list[Drill]:
    return [
        Drill(
            "start-in-any-order",
            "Every service started in any order, the broker last",
            "With everything killed, the services start in a random order without RabbitMQ and serve degraded; "
            "the broker starts last and every service becomes ready by itself, without a restart.",
            start_in_any_order,
            150,
        ),
        Drill(
            "readiness-tells-the-truth",
            "Readiness that tells the truth",
            "Every readiness report is 200 ok on a healthy stack; stock without its database says 503 down and the "
            "dashboard shows it down while the others stay ok; with the database back it is ready again.",
            readiness_tells_the_truth,
            90,
        ),
        Drill(
            "crashed-service-restarts",
            "Docker's restart policy brings a crashed service back",
            "When stock's process dies of SIGKILL on its own (not by `docker kill`, which counts as a manual stop), "
            "`restart: unless-stopped` starts it again and it picks up where it left off.",
            crashed_service_restarts,
            90,
        ),
    ]
