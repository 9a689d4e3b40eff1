"""What the page says in words: each event as a sentence, and what the system's state means for the shop.

The sentences about a service that is away follow the resilience matrix of domain.md, so a reader
who stops a service sees on the page what the book says should happen. Pure Python, no I/O.
"""

from typing import Any

WHEN_DOWN = {
    "catalog": "new products cannot be created; sales prices orders from the copy it keeps",
    "purchase": "no purchase orders can be opened; replenishment waits in purchase.events",
    "sales": "orders cannot be placed or read; stock's answers wait in sales.events",
    "stock": "orders are accepted but stay pending; they wait in stock.events",
    "dashboard": "this page's picture of the shop waits in dashboard.events",
}


def headline(view: dict[str, Any], dead_letters: int) -> list[tuple[str, str]]:
    """(level, sentence) pairs, the most serious first; level is "down", "degraded" or "ok"."""
    sentences = [
        ("down", f"{name} is down: {WHEN_DOWN.get(name, 'it does not answer')}.")
        for name, service in view["services"].items()
        if service["status"] == "down"
    ]
    if view["broker"]["status"] == "down":
        sentences.append(
            ("down", "RabbitMQ is down: every HTTP API still works, events wait in each service's outbox.")
        )
    broker_down = view["broker"]["status"] == "down"
    for name, service in view["services"].items():
        reasons = _reasons(service, broker_known_down=broker_down)
        if service["status"] == "degraded" and (reasons or not broker_down):
            sentences.append(("degraded", f"{name} serves, but {' and '.join(reasons) or 'calls itself degraded'}."))
    if dead_letters:
        sentences.append(
            ("degraded", f"{dead_letters} message(s) wait in dead-letter queues: `./workshop dead-letters list`.")
        )
    return sentences or [("ok", "Every service and the broker are up, and no message is stuck.")]


def service_details(service: dict[str, Any]) -> str:
    """A few words beside a service's status: why it is down or degraded, or that all is well."""
    if service["status"] == "down":
        return service.get("error") or "its readiness check fails"
    if service["status"] == "degraded":
        return " and ".join(_reasons(service)) or "it calls itself degraded"
    return "every check passes"


def _reasons(service: dict[str, Any], broker_known_down: bool = False) -> list[str]:
    """Why a service is degraded; a lost broker goes unsaid when the headline already says it is down."""
    checks = (service.get("ready") or {}).get("checks", {})
    reasons = [
        f"its {name} breaker is {state.replace('_', '-')}"
        for name, state in checks.get("breakers", {}).items()
        if state != "closed"
    ]
    if checks.get("broker") == "down" and not broker_known_down:
        reasons.insert(0, "it has lost the broker")
    reasons += [f"its {name} has failed" for name, state in checks.get("workers", {}).items() if state == "failed"]
    return reasons


def describe(event: dict[str, Any], names: dict[str, str]) -> str:
    """One event as a sentence a shop assistant would say."""
    data = event.get("data", {})
    product = names.get(data.get("product_id"), "an unknown product")
    order = f"order {str(data.get('sales_order_id', ''))[:8]}"
    quantity = data.get("quantity")
    sentences = {
        "catalog.product_created": lambda: (
            f"{data.get('name')} added to the catalog at {_money(data.get('price_cents'))}"
        ),
        "purchase.goods_received": lambda: f"{quantity} × {product} arrived from the supplier",
        "sales.sales_order_placed": lambda: f"{order} placed: {quantity} × {product}",
        "sales.sales_order_delivered": lambda: f"{order} left the warehouse: {quantity} × {product}",
        "stock.stock_reserved": lambda: f"{order} reserved: {quantity} × {product} put aside",
        "stock.stock_reservation_rejected": lambda: (
            f"{order} rejected: {str(data.get('reason', '')).replace('_', ' ')}"
        ),
        "stock.stock_level_changed": lambda: (
            f"{product}: {data.get('on_hand')} on hand, {data.get('reserved')} reserved, "
            f"{data.get('available')} available"
        ),
    }
    say = sentences.get(event.get("type"))
    return say() if say else ""


def _money(cents: object) -> str:
    return f"{cents // 100}.{cents % 100:02d}" if isinstance(cents, int) else "an unknown price"
