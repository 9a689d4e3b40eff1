"""The resilience matrix of domain.md as drills: each part of the shop, removed each of four ways.

A row says, for one part, what to prepare, what must still work and what must degrade clearly while it
is away, and how the system must converge once it is back. A way says how the part goes (stopped,
killed, paused, cut off) and comes back. Every row times every way is one drill: `stock-paused`.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from workshop import faults
from workshop.drills.base import Drill, Run
from workshop.drills.shop import Shop
from workshop.target import Target


@dataclass(frozen=True)
class Way:
    name: str
    remove: Callable[[Target, str], None]
    bring_back: Callable[[Target, str], None]
    removal: str  # the command a participant types, with {s} for the service
    return_: str
    hangs: bool  # paused: a caller's request is accepted and then never answered, so it must time out


WAYS = (
    Way("stopped", faults.stop, faults.start, "docker compose stop {s}", "docker compose start {s}", False),
    Way("killed", faults.kill, faults.start, "docker compose kill -s SIGKILL {s}", "docker compose start {s}", False),
    Way("paused", faults.pause, faults.unpause, "docker compose pause {s}", "docker compose unpause {s}", True),
    Way(
        "disconnected",
        faults.disconnect,
        faults.reconnect,
        "docker network disconnect <project>_default <project>-{s}-1",
        "docker network connect --alias {s} <project>_default <project>-{s}-1",
        False,
    ),
)


class Row(Protocol):
    service: str
    title: str  # what removing it shows, for the drill's title
    summary: str  # {way} is replaced by the way's name

    def prepare(self, run: Run, shop: Shop) -> Any: ...

    def while_away(self, run: Run, shop: Shop, way: Way, prepared: Any) -> None: ...

    def after_return(self, run: Run, shop: Shop, way: Way, prepared: Any) -> None: ...


def matrix_drill(row: Row, way: Way, deadline_seconds: float = 100) -> Drill:
    def steps(run: Run) -> None:
        shop = Shop(run)
        prepared = row.prepare(run, shop)
        run.step(f"Remove {row.service} ({way.name}): `{way.removal.format(s=row.service)}`")
        way.remove(run.target, row.service)
        row.while_away(run, shop, way, prepared)
        run.step(f"Bring {row.service} back: `{way.return_.format(s=row.service)}`")
        way.bring_back(run.target, row.service)
        row.after_return(run, shop, way, prepared)

    return Drill(
        f"{row.service}-{way.name}",
        f"{row.service} {way.name}: {row.title}",
        row.summary.format(way=way.name),
        steps,
        deadline_seconds,
    )


# Checks that every row makes in its own words.


def expect_unanswered(run: Run, shop: Shop, service: str, way: Way, what: str, path: str) -> None:
    """The part itself does not answer: refused at once, or (paused) accepted and left hanging until our timeout.

    Only ever asked with a GET: a request that timed out on a paused service is still in its socket, and
    is carried out the moment the service runs again. A timeout never means "not done"."""
    how = shop.unanswered(service, "GET", path)
    expected = "timed out" if way.hangs else "refused"
    run.expect(
        how is not None and how.startswith(expected),
        f"{what} should have been {expected} while {service} is {way.name}, but it was {how or 'answered'}",
        f"{what}: {how}",
    )


def expect_dashboard_reports(run: Run, shop: Shop, service: str, status: str, timeout: float = 15) -> None:
    run.watch(f"the dashboard's system panel (http://127.0.0.1:8080): {service} turns {status}")
    seen = run.poll(lambda: shop.dashboard_says(service) == status, timeout)
    run.expect(
        seen is True,
        f"the dashboard did not report {service} {status} within {timeout:.0f}s (it said {_said(shop, service)})",
        f"the dashboard's /api/overview reports {service} {status}",
    )


def expect_quick(run: Run, what: str, call: Callable[[], bool], limit_seconds: float) -> None:
    """`call` succeeds, and within `limit_seconds`: a caller of a part that is away times out, it never hangs."""
    started = time.monotonic()
    try:
        ok, error = bool(call()), ""
    except Exception as failure:  # noqa: BLE001 - the failure is the finding
        ok, error = False, f" ({type(failure).__name__}: {failure})"
    seconds = time.monotonic() - started
    run.expect(ok, f"{what} failed{error}", None)
    if ok:
        run.expect(
            seconds <= limit_seconds,
            f"{what} took {seconds:.1f}s, more than {limit_seconds:.0f}s",
            f"{what}: yes, in {seconds:.2f}s",
        )


def wait_ready(run: Run, service: str, timeout: float = 60) -> dict:
    """Back: readiness answers 200 with the broker connected and every background worker running."""

    def ready() -> dict | None:
        status, report = run.target.readiness(service)
        checks = report["checks"]
        connected = checks["broker"] == "ok" and all(s == "running" for s in checks.get("workers", {}).values())
        return report if status == 200 and connected else None

    report = run.wait_for(ready, timeout, f"{service} did not become ready (broker connected) within {timeout:.0f}s")
    run.observed(f"{service} is ready again: {report['status']}, broker {report['checks']['broker']}")
    return report


def queue_holds(run: Run, queue: str, at_least: int, timeout: float = 20) -> None:
    run.watch(f"queue {queue} in RabbitMQ's management UI (http://127.0.0.1:15672/#/queues)")
    seen = run.poll(lambda: run.target.queue(queue).get("messages", 0) >= at_least, timeout)
    run.expect(
        seen is True,
        f"{queue} did not hold the {at_least} waiting message(s) within {timeout:.0f}s",
        f"{queue} holds at least {at_least} message(s) waiting",
    )


def _said(shop: Shop, service: str) -> str:
    try:
        return str(shop.dashboard_says(service))
    except Exception as error:  # noqa: BLE001 - only for the message
        return f"nothing ({type(error).__name__})"
