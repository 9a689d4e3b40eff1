"""The read side (CQRS): the overview the API returns and the page renders, straight from the projection.

Reading never waits for another service: the system panel comes from the poller's last snapshot and
the dashboard's own readiness, both already in memory.
"""

from collections.abc import Callable
from typing import Any

from dashboard import wording
from dashboard.adapters.repositories import (
    FeedRepository,
    ProductRepository,
    PurchaseOrderRepository,
    SalesOrderRepository,
    StockLevelRepository,
)
from dashboard.system_status import SystemSnapshot, own_status
from service_kit.broker import DEAD_LETTER_SUFFIX
from service_kit.database import Database
from service_kit.envelope import utc_now

FEED_LIMIT = 100


def overview(
    database: Database,
    snapshot: SystemSnapshot,
    own_readiness: Callable[[], dict[str, Any]],
    management_url: str,
) -> dict[str, Any]:
    generated_at = utc_now()
    services = {name: status.as_dict() for name, status in snapshot.services.items()}
    services["dashboard"] = own_status(own_readiness(), generated_at).as_dict()
    return {
        "generated_at": generated_at,
        **_projection(database),
        "services": services,
        "broker": {"status": snapshot.broker.status, "management_url": management_url, "stale": snapshot.broker.stale},
        "queues": [queue.as_dict() for queue in snapshot.queues],
    }


def _projection(database: Database) -> dict[str, list]:
    with database.reading() as connection:
        # One read transaction, so every list comes from the same moment of the projection.
        connection.execute("BEGIN")
        try:
            return {
                "products": [p.as_dict() for p in ProductRepository(connection).all()],
                "stock_levels": [s.as_dict() for s in StockLevelRepository(connection).all()],
                "sales_orders": [o.as_dict() for o in SalesOrderRepository(connection).all()],
                "purchase_orders": [o.as_dict() for o in PurchaseOrderRepository(connection).all()],
                "events": [e.as_dict() for e in FeedRepository(connection).newest(FEED_LIMIT)],
            }
        finally:
            connection.execute("ROLLBACK")


def product_rows(view: dict[str, Any]) -> list[dict[str, Any]]:
    """Products with their stock, then stock levels of products the catalog event has not brought yet."""
    stock = {level["product_id"]: level for level in view["stock_levels"]}
    rows = [{**product, "stock": stock.pop(product["product_id"], None)} for product in view["products"]]
    return rows + [
        {"product_id": pid, "name": None, "price_cents": None, "stock": level} for pid, level in stock.items()
    ]


def product_names(view: dict[str, Any]) -> dict[str, str]:
    return {product["product_id"]: product["name"] for product in view["products"]}


def dead_letters(view: dict[str, Any]) -> int:
    """Messages waiting in every service's dead-letter queue: each one needs a person to look at it."""
    return sum(queue["messages"] for queue in view["queues"] if queue["name"].endswith(f".{DEAD_LETTER_SUFFIX}"))


def service_rows(view: dict[str, Any]) -> list[dict[str, Any]]:
    """Each service with its readiness checks and its own queues: depth, consumers, retrying, dead letters."""
    queues = {queue["name"]: queue for queue in view["queues"]}
    rows = []
    for name, service in view["services"].items():
        events = queues.get(f"{name}.events")
        retrying = [q["messages"] for q_name, q in queues.items() if q_name.startswith(f"{name}.retry.")]
        dead = queues.get(f"{name}.{DEAD_LETTER_SUFFIX}")
        rows.append(
            {
                "name": name,
                **service,
                "checks": (service.get("ready") or {}).get("checks", {}),
                "details": wording.service_details(service),
                "queue": events,
                "retrying": sum(retrying) if retrying else None,
                "dead_letters": dead["messages"] if dead else None,
            }
        )
    return rows


def order_counts(view: dict[str, Any]) -> dict[str, int]:
    """How many sales orders are in each status, every status named even when none is in it."""
    counts = dict.fromkeys(("pending", "reserved", "rejected", "delivered"), 0)
    for order in view["sales_orders"]:
        counts[order["status"]] = counts.get(order["status"], 0) + 1
    return counts


def newest(orders: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The newest `limit` orders first: the lists are oldest first, and a load run makes hundreds."""
    return list(reversed(orders[-limit:]))
