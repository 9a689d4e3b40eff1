"""Sales' domain model: a sales order and the life it may lead. Pure Python, no I/O.

An order is placed pending; stock decides it once (reserved or rejected); a reserved order is delivered.
Every other move is an `IllegalTransition`, whichever entrypoint asked for it.
"""

from dataclasses import dataclass

PENDING, RESERVED, REJECTED, DELIVERED = "pending", "reserved", "rejected", "delivered"
FROM_CATALOG, FROM_CACHE = "catalog", "cached"
REJECTION_REASONS = ("insufficient_stock",)
MAX_QUANTITY = 1_000_000


class IllegalTransition(Exception):
    """The order's status does not allow what was asked of it."""


class InvalidSalesOrder(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class Product:
    """Sales' own copy of a catalog product: enough to check an id and to know a price without asking."""

    product_id: str
    name: str
    price_cents: int


@dataclass
class SalesOrder:
    sales_order_id: str
    product_id: str
    quantity: int
    unit_price_cents: int
    price_source: str
    status: str = PENDING
    rejection_reason: str | None = None
    # Not part of the resource: it only lets a client's retry find the order its first attempt placed.
    idempotency_key: str | None = None

    @classmethod
    def place(
        cls,
        sales_order_id: str,
        product: Product,
        quantity: int,
        price_source: str,
        idempotency_key: str | None = None,
    ) -> "SalesOrder":
        if type(quantity) is not int or not 1 <= quantity <= MAX_QUANTITY:
            raise InvalidSalesOrder("quantity", f"must be a whole number from 1 to {MAX_QUANTITY}")
        if price_source not in (FROM_CATALOG, FROM_CACHE):
            raise InvalidSalesOrder("price_source", f"must be {FROM_CATALOG!r} or {FROM_CACHE!r}")
        return cls(
            sales_order_id,
            product.product_id,
            quantity,
            product.price_cents,
            price_source,
            idempotency_key=idempotency_key,
        )

    def reserve(self) -> None:
        if self.status == RESERVED:
            return  # the same decision delivered again: it was applied the first time
        self._leave(PENDING, "be reserved")
        self.status = RESERVED

    def reject(self, reason: str) -> None:
        if reason not in REJECTION_REASONS:
            raise InvalidSalesOrder(
                "rejection_reason",
                f"sales order {self.sales_order_id} cannot be rejected for "
                f"{reason!r}: not one of {', '.join(REJECTION_REASONS)}",
            )
        if self.status == REJECTED and self.rejection_reason == reason:
            return
        self._leave(PENDING, "be rejected")
        self.status, self.rejection_reason = REJECTED, reason

    def deliver(self) -> None:
        # Not idempotent on purpose: delivering twice would ship the goods twice, so the client hears 409.
        self._leave(RESERVED, "be delivered")
        self.status = DELIVERED

    def _leave(self, required: str, action: str) -> None:
        if self.status != required:
            raise IllegalTransition(
                f"sales order {self.sales_order_id} is {self.status}; only a {required} order can {action}"
            )

    def line(self) -> dict:
        """What the order's events carry: which order, which product, how many."""
        return {"sales_order_id": self.sales_order_id, "product_id": self.product_id, "quantity": self.quantity}

    def priced_line(self) -> dict:
        """The line with the price it was sold at: what sales.sales_order_placed carries from version 2 on."""
        return {**self.line(), "unit_price_cents": self.unit_price_cents, "price_source": self.price_source}

    def as_dict(self) -> dict:
        return {
            **self.line(),
            "unit_price_cents": self.unit_price_cents,
            "price_source": self.price_source,
            "status": self.status,
            "rejection_reason": self.rejection_reason,
        }
