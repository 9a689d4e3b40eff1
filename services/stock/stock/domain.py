"""Stock's domain model: a stock level per product and the reservations made against it. Pure Python, no I/O.

The rules of flows 2, 4 and 5 live here: goods received raise on_hand; an order is reserved only when
enough is available, otherwise rejected; delivering a reserved order takes its items out of the
warehouse. Each method says what happened, so the application layer only stores it and announces it.
"""

from dataclasses import dataclass
from enum import StrEnum

INSUFFICIENT_STOCK = "insufficient_stock"


class StockRuleViolation(Exception):
    """A request that stock's rules forbid, whatever the moment: retrying it can never succeed."""


class InvalidQuantity(StockRuleViolation, ValueError):
    pass


class DeliveryRefused(StockRuleViolation):
    pass


def _check_quantity(quantity: int) -> None:
    # bool is a subclass of int, but True items make no sense
    if type(quantity) is not int or quantity < 1:
        raise InvalidQuantity(f"a quantity is a whole number of at least 1, not {quantity!r}")


class ReservationStatus(StrEnum):
    RESERVED = "reserved"
    REJECTED = "rejected"
    DELIVERED = "delivered"


@dataclass
class Reservation:
    """Stock's decision about one sales order. There is one per order, so each order is decided once."""

    sales_order_id: str
    product_id: str
    quantity: int
    status: ReservationStatus
    reason: str | None = None

    @property
    def is_reserved(self) -> bool:
        return self.status is ReservationStatus.RESERVED

    def deliver(self, product_id: str, quantity: int) -> bool:
        """Mark the reserved items as gone; False when they already were (the same delivery, told again)."""
        if self.status is ReservationStatus.DELIVERED:
            return False
        if self.status is ReservationStatus.REJECTED:
            raise DeliveryRefused(f"sales order {self.sales_order_id} was rejected ({self.reason}), not reserved")
        if (product_id, quantity) != (self.product_id, self.quantity):
            raise DeliveryRefused(
                f"sales order {self.sales_order_id} reserved {self.quantity} of {self.product_id}, "
                f"but its delivery names {quantity} of {product_id}"
            )
        self.status = ReservationStatus.DELIVERED
        return True


@dataclass
class StockLevel:
    """What the warehouse holds of one product. Invariant: 0 <= reserved <= on_hand, so available >= 0."""

    product_id: str
    on_hand: int = 0
    reserved: int = 0

    @classmethod
    def empty(cls, product_id: str) -> "StockLevel":
        """The level of a product stock never saw: nothing on hand, so nothing can be reserved."""
        return cls(product_id)

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    def receive(self, quantity: int) -> None:
        _check_quantity(quantity)
        self.on_hand += quantity

    def reserve(self, sales_order_id: str, quantity: int) -> Reservation:
        """Promise `quantity` items to the order when that many are available; reject it otherwise."""
        _check_quantity(quantity)
        if quantity > self.available:
            return Reservation(
                sales_order_id, self.product_id, quantity, ReservationStatus.REJECTED, INSUFFICIENT_STOCK
            )
        self.reserved += quantity
        return Reservation(sales_order_id, self.product_id, quantity, ReservationStatus.RESERVED)

    def release_delivered(self, quantity: int) -> None:
        """Reserved items left the warehouse: they are neither on hand nor promised any more."""
        _check_quantity(quantity)
        if quantity > self.reserved:
            raise DeliveryRefused(f"cannot deliver {quantity} of {self.product_id}: only {self.reserved} are reserved")
        self.on_hand -= quantity
        self.reserved -= quantity

    def as_dict(self) -> dict:
        return {
            "product_id": self.product_id,
            "on_hand": self.on_hand,
            "reserved": self.reserved,
            "available": self.available,
        }
