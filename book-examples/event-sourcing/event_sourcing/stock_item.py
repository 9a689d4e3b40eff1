"""The stock item: an aggregate whose decisions are events. Pure Python, no I/O.

A command (receive, reserve, deliver) checks the rules against the current state and records what
happened as new events; `_apply` is the only place that changes the state, and it is used the same
way for new events and for replaying old ones.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class GoodsReceived:
    quantity: int


@dataclass(frozen=True)
class StockReserved:
    order_id: str
    quantity: int


@dataclass(frozen=True)
class ReservationRejected:
    order_id: str
    quantity: int
    available: int  # what there was: part of the decision, so the history explains itself


@dataclass(frozen=True)
class GoodsDelivered:
    order_id: str
    quantity: int


Event = GoodsReceived | StockReserved | ReservationRejected | GoodsDelivered
EVENT_TYPES = {cls.__name__: cls for cls in (GoodsReceived, StockReserved, ReservationRejected, GoodsDelivered)}


class NotReserved(Exception):
    pass


@dataclass
class StockItem:
    product_id: str
    on_hand: int = 0
    reserved: int = 0
    version: int = 0  # how many events it is made of: the store refuses a save based on an older version
    reservations: dict[str, int] = field(default_factory=dict)  # order id -> quantity, still to deliver
    decided: set[str] = field(default_factory=set)  # every order id reserved or rejected so far
    pending: list[Event] = field(default_factory=list)  # recorded since it was loaded, not yet saved

    @classmethod
    def from_history(cls, product_id: str, history: list[Event]) -> "StockItem":
        item = cls(product_id)
        for event in history:
            item._apply(event)
        return item

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    def receive(self, quantity: int) -> None:
        if quantity < 1:
            raise ValueError("receive at least one item")
        self._record(GoodsReceived(quantity))

    def reserve(self, order_id: str, quantity: int) -> None:
        if order_id in self.decided:
            return  # the same order again (a redelivered message): it was decided the first time
        if quantity <= self.available:
            self._record(StockReserved(order_id, quantity))
        else:
            self._record(ReservationRejected(order_id, quantity, self.available))

    def deliver(self, order_id: str) -> None:
        if order_id not in self.reservations:
            raise NotReserved(f"order {order_id} holds no reservation of {self.product_id}")
        self._record(GoodsDelivered(order_id, self.reservations[order_id]))

    def _record(self, event: Event) -> None:
        self._apply(event)
        self.pending.append(event)

    def _apply(self, event: Event) -> None:
        match event:
            case GoodsReceived(quantity):
                self.on_hand += quantity
            case StockReserved(order_id, quantity):
                self.reserved += quantity
                self.reservations[order_id] = quantity
                self.decided.add(order_id)
            case ReservationRejected(order_id):
                self.decided.add(order_id)
            case GoodsDelivered(order_id, quantity):
                self.on_hand -= quantity
                self.reserved -= quantity
                del self.reservations[order_id]
        self.version += 1
