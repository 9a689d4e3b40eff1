"""Purchase's use cases. They see the unit of work's `products`, `purchase_orders` and `publish`, nothing more.

Use cases called from HTTP open the transaction themselves (`with uow:`). Those called from the consumer
take a unit of work the consumer has already opened: its transaction also records the message in the
inbox, so the effect and "this message is done" commit together.
"""

import logging
import uuid
from collections.abc import Callable

from purchase.domain import (
    Product,
    PurchaseOrder,
    ReplenishmentPolicy,
    UnknownProduct,
    UnknownPurchaseOrder,
)

log = logging.getLogger(__name__)

NewId = Callable[[], str]


def _uuid4() -> str:
    return str(uuid.uuid4())


def place_purchase_order(uow, product_id: str, quantity: int, new_id: NewId = _uuid4) -> PurchaseOrder:
    with uow:
        # Autonomy: the local copy answers, so catalog may be down while purchase orders are placed.
        if uow.products.get(product_id) is None:
            raise UnknownProduct(product_id)
        order = PurchaseOrder.open(new_id(), product_id, quantity)
        uow.purchase_orders.add(order)
    return order


def receive_purchase_order(uow, purchase_order_id: str) -> PurchaseOrder:
    with uow:
        order = uow.purchase_orders.get(purchase_order_id)
        if order is None:
            raise UnknownPurchaseOrder(purchase_order_id)
        received = order.receive()
        uow.purchase_orders.save(received)
        uow.publish("purchase.goods_received", received.goods_received())
    return received


def remember_product(uow, product_id: str, name: str) -> None:
    """Runs inside the consumer's open unit of work. An upsert, so a redelivery changes nothing."""
    uow.products.upsert(Product(product_id, name))


def replenish(
    uow, policy: ReplenishmentPolicy, product_id: str, available: int, new_id: NewId = _uuid4
) -> PurchaseOrder | None:
    """Runs inside the consumer's open unit of work.

    The look-up of the open order and the insert of a new one share that one transaction, which holds
    the database's write lock, so no other delivery or request can open an order in between: never two
    open orders for one product. The product need not be in the local copy: stock knows it exists.
    """
    decision = policy.decide(available, uow.purchase_orders.open_order_for(product_id))
    context = {"product_id": product_id, "available": available}
    if not decision.orders_goods:
        # Every stock level change ends here: at DEBUG, so a busy shop does not pay a log line for each.
        log.debug("no purchase order for product %s: %s", product_id, decision.reason, extra=context)
        return None
    order = PurchaseOrder.open(new_id(), product_id, decision.quantity)
    uow.purchase_orders.add(order)
    log.info(
        "opened purchase order %s for product %s: %s",
        order.purchase_order_id,
        product_id,
        decision.reason,
        extra={**context, "purchase_order_id": order.purchase_order_id},
    )
    return order
