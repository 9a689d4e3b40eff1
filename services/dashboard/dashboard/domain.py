"""The dashboard's read model: what it remembers of the other contexts, and how events update it.

The dashboard owns no business rules of its own. Its one rule is about time: events reach it out of
order (a retried message comes back later), so every update is written to be safe in any order.
A sales order's status only ever moves forward, and a stock level only gives way to a newer one.
Pure Python, no I/O.
"""

from dataclasses import asdict, dataclass, replace
from datetime import datetime

# How far along its life an order is. Reserved and rejected share a rank: stock decides each order
# once, so whichever of the two the dashboard hears first is the decision.
_PROGRESS = {"pending": 0, "reserved": 1, "rejected": 1, "delivered": 2}
PRICE_SOURCES = ("catalog", "cached")


@dataclass(frozen=True)
class Product:
    product_id: str
    name: str
    price_cents: int

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class PurchaseOrder:
    """Only received purchase orders reach the dashboard: no event announces an opened one."""

    purchase_order_id: str
    product_id: str
    quantity: int
    status: str = "received"

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class StockLevel:
    product_id: str
    on_hand: int
    reserved: int
    available: int
    as_of: str  # occurred_at of the event that reported it

    def is_superseded_by(self, other: "StockLevel") -> bool:
        return _moment(other.as_of) >= _moment(self.as_of)

    def as_dict(self) -> dict:
        return {key: value for key, value in asdict(self).items() if key != "as_of"}


@dataclass(frozen=True)
class SalesOrder:
    sales_order_id: str
    product_id: str
    quantity: int
    status: str = "pending"
    unit_price_cents: int | None = None
    price_source: str | None = None
    rejection_reason: str | None = None

    def advanced_to(self, status: str, rejection_reason: str | None = None) -> "SalesOrder":
        """The order at `status`, unless it is already there or further: a later status never goes back."""
        if _PROGRESS[status] <= _PROGRESS[self.status]:
            return self
        return replace(self, status=status, rejection_reason=rejection_reason if status == "rejected" else None)

    def priced(self, unit_price_cents: object, price_source: object) -> "SalesOrder":
        """Fill in the price the placed event carried; v1 does not require it, so keep only what is sound."""
        return replace(
            self,
            unit_price_cents=self.unit_price_cents if self.unit_price_cents is not None else _cents(unit_price_cents),
            price_source=self.price_source or (price_source if price_source in PRICE_SOURCES else None),
        )

    def as_dict(self) -> dict:
        return {
            "sales_order_id": self.sales_order_id,
            "product_id": self.product_id,
            "quantity": self.quantity,
            "unit_price_cents": self.unit_price_cents,
            "price_source": self.price_source,
            "status": self.status,
            "rejection_reason": self.rejection_reason,
        }


@dataclass(frozen=True)
class FeedEntry:
    """One handled event as the feed shows it."""

    id: str
    type: str
    version: int
    producer: str
    occurred_at: str
    correlation_id: str
    data: dict

    def as_dict(self) -> dict:
        return asdict(self)


def _cents(value: object) -> int | None:
    return value if type(value) is int and value >= 0 else None


def _moment(occurred_at: str) -> datetime:
    return datetime.fromisoformat(occurred_at)
