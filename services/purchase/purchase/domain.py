"""Purchase's domain model: purchase orders, the local copy of the catalog, and the replenishment rule.

Pure Python, no I/O. The replenishment rule is the heart of a process manager (flow 6 of domain.md):
it reacts to another context's event (stock.stock_level_changed) by issuing a command of its own
(opening a purchase order), and decides using state that only purchase owns (the open orders).
"""

from dataclasses import asdict, dataclass, replace

OPEN = "open"
RECEIVED = "received"
MAX_QUANTITY = 1_000_000


class InvalidPurchaseOrder(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


class UnknownProduct(LookupError):
    """Purchase's local copy of the catalog has never heard of the product."""


class UnknownPurchaseOrder(LookupError):
    pass


class IllegalStateChange(Exception):
    pass


@dataclass(frozen=True)
class Product:
    """Purchase's copy of a catalog product: only what purchase needs to know about it."""

    product_id: str
    name: str


@dataclass(frozen=True)
class PurchaseOrder:
    purchase_order_id: str
    product_id: str
    quantity: int
    status: str

    @classmethod
    def open(cls, purchase_order_id: str, product_id: str, quantity: int) -> "PurchaseOrder":
        if type(quantity) is not int or not 1 <= quantity <= MAX_QUANTITY:
            raise InvalidPurchaseOrder("quantity", f"must be a whole number from 1 to {MAX_QUANTITY}")
        return cls(purchase_order_id, product_id, quantity, OPEN)

    @property
    def is_open(self) -> bool:
        return self.status == OPEN

    def receive(self) -> "PurchaseOrder":
        if not self.is_open:
            raise IllegalStateChange(
                f"purchase order {self.purchase_order_id} is {self.status}; only an open order can be received"
            )
        return replace(self, status=RECEIVED)

    def goods_received(self) -> dict:
        """The data of the purchase.goods_received event this order causes when it is received."""
        return {"purchase_order_id": self.purchase_order_id, "product_id": self.product_id, "quantity": self.quantity}

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Replenishment:
    """What the rule decided, and why, in words an operator reads in the logs."""

    quantity: int | None
    reason: str

    @property
    def orders_goods(self) -> bool:
        return self.quantity is not None


@dataclass(frozen=True)
class ReplenishmentPolicy:
    """Reorder a fixed quantity when available stock falls below a threshold, one open order at a time."""

    threshold: int
    quantity: int

    def __post_init__(self) -> None:
        if type(self.threshold) is not int or self.threshold < 0:
            raise ValueError(f"the replenishment threshold must be a whole number >= 0, not {self.threshold!r}")
        if type(self.quantity) is not int or not 1 <= self.quantity <= MAX_QUANTITY:
            raise ValueError(f"the replenishment quantity must be a whole number from 1 to {MAX_QUANTITY}")

    def decide(self, available: int, open_order: PurchaseOrder | None) -> Replenishment:
        """`open_order` is the product's open purchase order, if it has one, whoever opened it."""
        if available >= self.threshold:
            return Replenishment(None, f"available {available} is not below threshold {self.threshold}")
        if open_order is not None:
            # The goods already ordered are on their way: a second order would overstock the warehouse.
            return Replenishment(
                None,
                f"available {available} below threshold {self.threshold}, "
                f"but purchase order {open_order.purchase_order_id} is still open",
            )
        return Replenishment(self.quantity, f"available {available} below threshold {self.threshold}")
