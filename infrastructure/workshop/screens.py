"""What the console shows: rich tables and sentences built from the toolkit's results, and nothing else.

Every screen says in words what a participant would otherwise have to read from numbers: which
service is down, and what that means for the rest of the shop (the resilience matrix of domain.md).
"""

import os

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from workshop.figures import LoadFigures
from workshop.status import Container, ServiceStatus, SystemStatus

console = Console(highlight=False)
if not console.is_terminal and "COLUMNS" not in os.environ:
    console.width = 140  # a pipe or a test: wide enough that no table is cut
WHEN_DOWN = {
    "catalog": "new products cannot be created; orders are priced from the copy sales keeps",
    "purchase": "no purchase orders; replenishment waits in purchase.events",
    "sales": "orders cannot be placed or read; stock's answers wait in sales.events",
    "stock": "orders are accepted but stay pending; they wait in stock.events",
    "dashboard": "the web page is gone; its picture of the shop catches up from dashboard.events",
    "rabbitmq": "every HTTP API still works; events wait in each service's outbox",
}
_STYLE = {"up": "green", "down": "bold red", "degraded": "yellow", "ready": "green"}


def status_table(status: SystemStatus) -> Table:
    table = Table(title="The shop, service by service", title_justify="left")
    for heading in ("Service", "Up", "Ready", "Breakers"):
        table.add_column(heading)
    for heading in ("Outbox", "Queued", "Consumers", "Retrying", "Dead letters"):
        table.add_column(heading, justify="right")
    for service in status.services:
        table.add_row(*_service_cells(service))
    broker = status.broker
    answering = Text("answering", style="green") if broker.answering else Text("not answering", style="red")
    table.add_row("rabbitmq", _up(broker.up, broker.container), answering, *[""] * 6)
    return table


def _service_cells(service: ServiceStatus) -> list:
    readiness = service.readiness
    ready_words = readiness.in_words
    breakers = ", ".join(f"{name} {state.replace('_', '-')}" for name, state in readiness.breakers.items())
    return [
        service.name,
        _up(service.up, service.container),
        Text(ready_words, style=_STYLE.get(ready_words.split(":")[0], "yellow" if readiness.answered else "red")),
        breakers or ("none" if readiness.answered else ""),
        _number(readiness.outbox_backlog),
        _number(service.queue.messages if service.queue else None),
        _number(service.queue.consumers if service.queue else None, alert_when_zero=True),
        _number(service.retrying),
        _number(service.dead_letters, alert_when_positive=True),
    ]


def _up(up: bool, container: Container) -> Text:
    if up:
        return Text("up", style="green")
    return Text.assemble(("down", "bold red"), f" ({container.in_words})")


def _number(value: int | None, alert_when_zero: bool = False, alert_when_positive: bool = False) -> Text:
    if value is None:
        return Text("")
    alert = (alert_when_zero and value == 0) or (alert_when_positive and value > 0)
    return Text(str(value), style="bold red" if alert else "")


def what_it_means(status: SystemStatus) -> list[str]:
    """One sentence for each thing a participant should notice; all quiet is a sentence too."""
    parts = [service.container for service in status.services] + [status.broker.container]
    if all(part.state == "not created" for part in parts):
        return ["Nothing of this stack exists yet: start it with `docker compose up --build -d` (or `make up`)."]
    sentences = [
        f"{s.name} is down ({s.container.in_words}): {WHEN_DOWN[s.name]}." for s in status.services if not s.up
    ]
    if not status.broker.up:
        sentences.append(f"rabbitmq is down ({status.broker.container.in_words}): {WHEN_DOWN['rabbitmq']}.")
    for service in status.services:
        only_the_broker = service.readiness.in_words == "degraded: broker lost"
        if service.up and service.readiness.status != "ok" and not (only_the_broker and not status.broker.up):
            sentences.append(f"{service.name} serves, but is {service.readiness.in_words}.")
        if service.dead_letters:
            sentences.append(
                f"{service.dead_letters} message(s) in {service.name}.dead-letter: "
                f"see why with `./workshop dead-letters list {service.name}`."
            )
    return sentences or ["Everything is up and ready, and no message is stuck."]


def load_panel(figures: LoadFigures, phase: str) -> Panel:
    """The live view while load runs: a few numbers that move."""
    table = Table.grid(padding=(0, 2))
    table.add_row("sent", str(figures.sent), "accepted", str(figures.accepted), "failed", str(figures.failed))
    table.add_row(
        "orders/s",
        f"{figures.orders_per_second:.1f}",
        "latency p50 / p95",
        f"{_ms(figures.latency_ms[50])} / {_ms(figures.latency_ms[95])}",
        "decided",
        f"{sum(figures.decided.values())} ({figures.still_pending} pending)",
    )
    return Panel(table, title=f"Load: {phase} ({figures.elapsed_seconds:.0f}s)", title_align="left", expand=False)


def load_summary(figures: LoadFigures, plan) -> Table:
    table = Table(title="Load summary", title_justify="left", show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    rows = {
        "orders sent": f"{figures.sent} of {plan.orders} planned ({plan.rate:g}/s for {plan.seconds:g}s)",
        "accepted by sales": str(figures.accepted),
        "failed": ", ".join(f"{n} {why}" for why, n in figures.errors.items()) or "0",
        "throughput": f"{figures.orders_per_second:.1f} orders/s",
        "latency p50 / p95 / p99 / max": " / ".join(_ms(figures.latency_ms[q]) for q in (50, 95, 99, 100)),
        "decided by stock": ", ".join(f"{n} {status}" for status, n in sorted(figures.decided.items())) or "0",
        "still pending": str(figures.still_pending),
        "placed to decided p50 / p95 / max": " / ".join(_ms(figures.placed_to_decided_ms[q]) for q in (50, 95, 100)),
    }
    for label, value in rows.items():
        table.add_row(label, value)
    return table


def load_verdict(figures: LoadFigures, plan) -> list[str]:
    sentences = []
    if figures.failed:
        sentences.append(f"{figures.failed} order(s) were not accepted: is sales down, or catalog unknown to it?")
    if figures.still_pending:
        sentences.append(
            f"{figures.still_pending} order(s) were still pending {plan.settle_seconds:g}s after the last one: "
            "is stock down or the broker away? They wait in stock.events and will be decided later."
        )
    if figures.decided.get("rejected"):
        sentences.append(f"{figures.decided['rejected']} order(s) were rejected: stock ran out.")
    return sentences or ["Every order was accepted and decided."]


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f} ms"
