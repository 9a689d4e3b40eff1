"""Sales' use cases. They see the unit of work (`sales_orders`, `products`, `publish`) and the ports.

The HTTP entrypoint opens the transaction (`with uow:`) through these functions; the consumer's handlers
run inside the transaction the consumer loop already opened, so the `apply_*` functions assume one is open.
"""

import logging
import uuid
from dataclasses import dataclass

from sales.domain import FROM_CACHE, FROM_CATALOG, Product, SalesOrder
from sales.ports import CatalogUnavailable, IdempotencyKeyTaken, PriceLookup

log = logging.getLogger(__name__)

# Version 2 of sales.sales_order_placed adds the price (contracts/events); every consumer reads v1 and v2.
PLACED_EVENT_VERSION = 2


class UnknownProduct(Exception):
    def __init__(self, product_id: str):
        super().__init__(f"catalog knows no product with id {product_id}")
        self.product_id = product_id


class PriceUnavailable(Exception):
    """Catalog cannot be asked and sales has never heard of the product: no price to sell it at."""

    def __init__(self, product_id: str):
        super().__init__(f"catalog is unavailable and product {product_id} is not in sales' copy of the catalog")
        self.product_id = product_id


class SalesOrderNotFound(Exception):
    def __init__(self, sales_order_id: str):
        super().__init__(f"no sales order with id {sales_order_id}")


@dataclass(frozen=True)
class Placement:
    order: SalesOrder
    created: bool  # False: an earlier request with the same Idempotency-Key placed it


def place_sales_order(
    uow, prices: PriceLookup, product_id: str, quantity: int, idempotency_key: str | None = None
) -> Placement:
    # A repeat is answered from our own database first, so it does not depend on catalog being up.
    if idempotency_key is not None and (earlier := _placed_with(uow, idempotency_key)) is not None:
        return Placement(earlier, created=False)
    # The network call happens outside the transaction: no write lock is held while catalog thinks.
    current = _current_price(prices, product_id)
    try:
        with uow:
            product, source = _priced_product(uow, product_id, current)
            order = SalesOrder.place(str(uuid.uuid4()), product, quantity, source, idempotency_key)
            uow.sales_orders.add(order)
            uow.publish("sales.sales_order_placed", order.priced_line(), version=PLACED_EVENT_VERSION)
    except IdempotencyKeyTaken:
        # Two requests with one key raced and the other one won: answer with its order, never make a second.
        return Placement(_placed_with(uow, idempotency_key), created=False)
    return Placement(order, created=True)


def _placed_with(uow, idempotency_key: str) -> SalesOrder | None:
    with uow:
        return uow.sales_orders.by_idempotency_key(idempotency_key)


def _current_price(prices: PriceLookup, product_id: str) -> Product | None:
    """Catalog's answer, or None when catalog cannot answer and the cached price has to do."""
    try:
        product = prices.current_price(product_id)
    except CatalogUnavailable as error:
        log.warning("catalog unavailable (%s); falling back to the cached price of %s", error, product_id)
        return None
    if product is None:
        raise UnknownProduct(product_id)
    return product


def _priced_product(uow, product_id: str, current: Product | None) -> tuple[Product, str]:
    if current is not None:
        uow.products.save(current)  # refresh our copy, so the next fallback uses the latest price
        return current, FROM_CATALOG
    cached = uow.products.get(product_id)
    if cached is None:
        raise PriceUnavailable(product_id)
    return cached, FROM_CACHE


def deliver_sales_order(uow, sales_order_id: str) -> SalesOrder:
    with uow:
        order = _existing(uow, sales_order_id)
        order.deliver()
        uow.sales_orders.save(order)
        uow.publish("sales.sales_order_delivered", order.line())
    return order


def record_product(uow, product: Product) -> None:
    """Keep catalog's product in our copy; recording it again changes nothing."""
    uow.products.save(product)


def apply_stock_reserved(uow, sales_order_id: str) -> None:
    order = _existing(uow, sales_order_id)
    order.reserve()
    uow.sales_orders.save(order)


def apply_reservation_rejected(uow, sales_order_id: str, reason: str) -> None:
    order = _existing(uow, sales_order_id)
    order.reject(reason)
    uow.sales_orders.save(order)


def _existing(uow, sales_order_id: str) -> SalesOrder:
    order = uow.sales_orders.get(sales_order_id)
    if order is None:
        raise SalesOrderNotFound(sales_order_id)
    return order
