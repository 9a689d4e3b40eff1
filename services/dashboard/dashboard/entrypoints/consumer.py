"""The dashboard's consumer: every event the system publishes, projected into the read model and the feed.

Its queue is bound to "#", so it subscribes to all seven event types in every version the contracts
describe. Each handler only translates an envelope into a call to a use case; the consumer loop has
already opened the transaction, checked the inbox and will record the message id.
"""

from collections.abc import Callable

from dashboard import application
from dashboard.domain import FeedEntry, Product, PurchaseOrder, StockLevel
from service_kit.consumer import PermanentFailure, Subscription


def _product_created(uow, envelope: dict) -> None:
    data = envelope["data"]
    application.product_created(uow, Product(data["product_id"], data["name"], data["price_cents"]))


def _stock_level_changed(uow, envelope: dict) -> None:
    data = envelope["data"]
    level = StockLevel(
        data["product_id"], data["on_hand"], data["reserved"], data["available"], envelope["occurred_at"]
    )
    application.stock_level_changed(uow, level)


def _goods_received(uow, envelope: dict) -> None:
    data = envelope["data"]
    application.goods_received(uow, PurchaseOrder(data["purchase_order_id"], data["product_id"], data["quantity"]))


def _sales_order_placed(uow, envelope: dict) -> None:
    # Version 2 requires the price; version 1 may carry it as an extra field, or not at all (then it stays null).
    data = envelope["data"]
    application.sales_order_placed(
        uow,
        data["sales_order_id"],
        data["product_id"],
        data["quantity"],
        unit_price_cents=data.get("unit_price_cents"),
        price_source=data.get("price_source"),
    )


def _progressed_to(status: str) -> Callable[[object, dict], None]:
    def progress(uow, envelope: dict) -> None:
        data = envelope["data"]
        application.sales_order_progressed(
            uow, data["sales_order_id"], data["product_id"], data["quantity"], status, data.get("reason")
        )

    return progress


PROJECTIONS = {
    "catalog.product_created": _product_created,
    "stock.stock_level_changed": _stock_level_changed,
    "purchase.goods_received": _goods_received,
    "sales.sales_order_placed": _sales_order_placed,
    "stock.stock_reserved": _progressed_to("reserved"),
    "stock.stock_reservation_rejected": _progressed_to("rejected"),
    "sales.sales_order_delivered": _progressed_to("delivered"),
}


def _projected_and_recorded(project: Callable[[object, dict], None]) -> Callable[[object, dict], None]:
    def handle(uow, envelope: dict) -> None:
        try:
            project(uow, envelope)
        except (KeyError, TypeError) as error:
            # A version whose data this code cannot read yet will not read any better on a retry.
            raise PermanentFailure(f"data lacks what the dashboard reads: {error!r}") from error
        application.record_in_feed(uow, _feed_entry(envelope))

    return handle


def _feed_entry(envelope: dict) -> FeedEntry:
    fields = ("id", "type", "version", "producer", "occurred_at", "correlation_id", "data")
    return FeedEntry(**{name: envelope[name] for name in fields})


def subscriptions(versions_of: Callable[[str], list[int]]) -> dict[str, Subscription]:
    """One subscription an event type, accepting each version `contracts/events` has a schema for."""
    return {
        event_type: Subscription(_projected_and_recorded(project), tuple(versions_of(event_type)))
        for event_type, project in PROJECTIONS.items()
    }
