"""The projection's use cases: each applies one event to the read model.

They run inside the consumer's open unit of work (the transaction that also records the message in the
inbox), so none of them opens one. Each is safe to apply in any order and, though the inbox already
makes a second delivery a no-op, applying one twice would change nothing either.
"""

from dashboard.domain import FeedEntry, Product, PurchaseOrder, SalesOrder, StockLevel

FEED_SIZE = 500


def product_created(uow, product: Product) -> None:
    uow.products.add_if_new(product)


def stock_level_changed(uow, level: StockLevel) -> None:
    known = uow.stock_levels.get(level.product_id)
    if known is None or known.is_superseded_by(level):
        uow.stock_levels.save(level)


def goods_received(uow, purchase_order: PurchaseOrder) -> None:
    uow.purchase_orders.add_if_new(purchase_order)


def sales_order_placed(
    uow, sales_order_id: str, product_id: str, quantity: int, unit_price_cents=None, price_source=None
) -> None:
    order = _known_or_new(uow, sales_order_id, product_id, quantity)
    uow.sales_orders.save(order.priced(unit_price_cents, price_source))


def sales_order_progressed(
    uow, sales_order_id: str, product_id: str, quantity: int, status: str, rejection_reason: str | None = None
) -> None:
    """Reserved, rejected or delivered; heard before the order was placed, it creates the order there."""
    order = _known_or_new(uow, sales_order_id, product_id, quantity)
    uow.sales_orders.save(order.advanced_to(status, rejection_reason))


def record_in_feed(uow, entry: FeedEntry, keep: int = FEED_SIZE) -> None:
    uow.feed.add(entry)
    uow.feed.keep_newest(keep)


def _known_or_new(uow, sales_order_id: str, product_id: str, quantity: int) -> SalesOrder:
    return uow.sales_orders.get(sales_order_id) or SalesOrder(sales_order_id, product_id, quantity)
