"""Stock's use cases. They see the unit of work's `stock_levels`, `reservations` and `publish`, nothing more.

Every use case here is started by an event, so each one runs inside the transaction the consumer has
already opened (together with the inbox record): none of them opens `with uow:` itself. Inside that
one BEGIN IMMEDIATE transaction, reading a level and writing it back cannot interleave with another
writer, so the arithmetic is exact.
"""

import logging

from stock.domain import DeliveryRefused, Reservation, StockLevel

log = logging.getLogger(__name__)


def _announce_level(uow, level: StockLevel) -> None:
    uow.publish("stock.stock_level_changed", level.as_dict())


def receive_goods(uow, product_id: str, quantity: int) -> StockLevel:
    """Flow 2: goods arrived. A product seen for the first time gets its level now."""
    level = uow.stock_levels.get(product_id) or StockLevel.empty(product_id)
    level.receive(quantity)
    uow.stock_levels.save(level)
    _announce_level(uow, level)
    return level


def decide_sales_order(uow, sales_order_id: str, product_id: str, quantity: int) -> Reservation:
    """Flow 4: reserve the order or reject it, exactly once per order however often it is announced."""
    decided = uow.reservations.get(sales_order_id)
    if decided is not None:
        # A second message about the same order (not the same message: the inbox catches that one).
        log.info(
            "sales order %s was already %s; the repeated order is ignored",
            sales_order_id,
            decided.status,
            extra={"sales_order_id": sales_order_id},
        )
        return decided
    level = uow.stock_levels.get(product_id) or StockLevel.empty(product_id)
    reservation = level.reserve(sales_order_id, quantity)
    uow.reservations.add(reservation)
    if reservation.is_reserved:
        uow.stock_levels.save(level)
        uow.publish("stock.stock_reserved", _order_data(reservation))
        _announce_level(uow, level)
    else:
        # No level is saved: a rejection changes nothing, and must not invent a level for an unknown product.
        uow.publish("stock.stock_reservation_rejected", {**_order_data(reservation), "reason": reservation.reason})
    return reservation


def deliver_sales_order(uow, sales_order_id: str, product_id: str, quantity: int) -> StockLevel | None:
    """Flow 5: a reserved order left the warehouse. None when that delivery was already applied."""
    reservation = uow.reservations.get(sales_order_id)
    if reservation is None:
        raise DeliveryRefused(f"sales order {sales_order_id} was never reserved by stock")
    if not reservation.deliver(product_id, quantity):
        log.info(
            "sales order %s was already delivered; nothing to do",
            sales_order_id,
            extra={"sales_order_id": sales_order_id},
        )
        return None
    level = uow.stock_levels.get(reservation.product_id)
    if level is None:
        raise DeliveryRefused(f"sales order {sales_order_id} is reserved, but {reservation.product_id} has no level")
    level.release_delivered(reservation.quantity)
    uow.reservations.save(reservation)
    uow.stock_levels.save(level)
    _announce_level(uow, level)
    return level


def _order_data(reservation: Reservation) -> dict:
    return {
        "sales_order_id": reservation.sales_order_id,
        "product_id": reservation.product_id,
        "quantity": reservation.quantity,
    }
