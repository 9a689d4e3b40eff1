"""Stock's use cases against an in-memory unit of work: what they store and what they announce.

The fakes hand out copies, as a database would, so a use case that forgets to save shows up here.
"""

from dataclasses import replace

import pytest

from stock import application
from stock.domain import DeliveryRefused, Reservation, ReservationStatus, StockLevel


class FakeStockLevels:
    def __init__(self, *levels: StockLevel):
        self.levels = {level.product_id: replace(level) for level in levels}

    def get(self, product_id):
        level = self.levels.get(product_id)
        return replace(level) if level else None

    def save(self, level):
        self.levels[level.product_id] = replace(level)


class FakeReservations:
    def __init__(self, *reservations: Reservation):
        self.reservations = {reservation.sales_order_id: replace(reservation) for reservation in reservations}

    def get(self, sales_order_id):
        reservation = self.reservations.get(sales_order_id)
        return replace(reservation) if reservation else None

    def add(self, reservation):
        assert reservation.sales_order_id not in self.reservations, "an order is decided only once"
        self.reservations[reservation.sales_order_id] = replace(reservation)

    def save(self, reservation):
        self.reservations[reservation.sales_order_id] = replace(reservation)


class FakeUnitOfWork:
    """Stands for a transaction the consumer has already opened."""

    def __init__(self, levels=(), reservations=()):
        self.stock_levels = FakeStockLevels(*levels)
        self.reservations = FakeReservations(*reservations)
        self.published: list[tuple[str, dict]] = []

    def publish(self, event_type, data, version=1):
        self.published.append((event_type, data))


def level_changed(product_id, on_hand, reserved):
    return (
        "stock.stock_level_changed",
        {"product_id": product_id, "on_hand": on_hand, "reserved": reserved, "available": on_hand - reserved},
    )


def reserved(sales_order_id, product_id, quantity):
    return Reservation(sales_order_id, product_id, quantity, ReservationStatus.RESERVED)


def test_goods_for_a_new_product_create_its_level_and_announce_it():
    uow = FakeUnitOfWork()
    application.receive_goods(uow, "p-1", 40)
    assert uow.stock_levels.get("p-1") == StockLevel("p-1", on_hand=40)
    assert uow.published == [level_changed("p-1", 40, 0)]


def test_goods_for_a_known_product_add_to_what_is_on_hand():
    uow = FakeUnitOfWork(levels=[StockLevel("p-1", on_hand=5, reserved=2)])
    application.receive_goods(uow, "p-1", 20)
    assert uow.stock_levels.get("p-1") == StockLevel("p-1", on_hand=25, reserved=2)
    assert uow.published == [level_changed("p-1", 25, 2)]


def test_an_order_is_reserved_when_enough_is_available():
    uow = FakeUnitOfWork(levels=[StockLevel("p-1", on_hand=40)])
    application.decide_sales_order(uow, "so-1", "p-1", 2)
    assert uow.reservations.get("so-1") == reserved("so-1", "p-1", 2)
    assert uow.stock_levels.get("p-1") == StockLevel("p-1", on_hand=40, reserved=2)
    assert uow.published == [
        ("stock.stock_reserved", {"sales_order_id": "so-1", "product_id": "p-1", "quantity": 2}),
        level_changed("p-1", 40, 2),
    ]


def test_an_order_is_rejected_when_stock_is_insufficient():
    uow = FakeUnitOfWork(levels=[StockLevel("p-1", on_hand=40, reserved=39)])
    application.decide_sales_order(uow, "so-1", "p-1", 2)
    assert uow.reservations.get("so-1").status is ReservationStatus.REJECTED
    assert uow.stock_levels.get("p-1") == StockLevel("p-1", on_hand=40, reserved=39)
    assert uow.published == [
        (
            "stock.stock_reservation_rejected",
            {"sales_order_id": "so-1", "product_id": "p-1", "quantity": 2, "reason": "insufficient_stock"},
        ),
    ]


def test_an_order_for_a_product_stock_never_saw_is_rejected_without_creating_a_level():
    uow = FakeUnitOfWork()
    application.decide_sales_order(uow, "so-1", "p-1", 1)
    assert uow.stock_levels.get("p-1") is None
    assert [event_type for event_type, _ in uow.published] == ["stock.stock_reservation_rejected"]


@pytest.mark.parametrize(
    "first_decision", [ReservationStatus.RESERVED, ReservationStatus.REJECTED, ReservationStatus.DELIVERED]
)
def test_an_order_already_decided_is_not_decided_again(first_decision):
    decided = Reservation("so-1", "p-1", 2, first_decision)
    uow = FakeUnitOfWork(levels=[StockLevel("p-1", on_hand=40)], reservations=[decided])
    assert application.decide_sales_order(uow, "so-1", "p-1", 2) == decided
    assert uow.reservations.get("so-1") == decided
    assert uow.stock_levels.get("p-1") == StockLevel("p-1", on_hand=40)
    assert uow.published == []


def test_a_delivered_order_lowers_on_hand_and_reserved():
    uow = FakeUnitOfWork(levels=[StockLevel("p-1", on_hand=40, reserved=5)], reservations=[reserved("so-1", "p-1", 2)])
    application.deliver_sales_order(uow, "so-1", "p-1", 2)
    assert uow.reservations.get("so-1").status is ReservationStatus.DELIVERED
    assert uow.stock_levels.get("p-1") == StockLevel("p-1", on_hand=38, reserved=3)
    assert uow.published == [level_changed("p-1", 38, 3)]


def test_an_order_already_delivered_changes_nothing():
    delivered = Reservation("so-1", "p-1", 2, ReservationStatus.DELIVERED)
    uow = FakeUnitOfWork(levels=[StockLevel("p-1", on_hand=38)], reservations=[delivered])
    assert application.deliver_sales_order(uow, "so-1", "p-1", 2) is None
    assert uow.stock_levels.get("p-1") == StockLevel("p-1", on_hand=38)
    assert uow.published == []


def test_the_delivery_of_an_order_stock_never_saw_is_refused():
    uow = FakeUnitOfWork(levels=[StockLevel("p-1", on_hand=40)])
    with pytest.raises(DeliveryRefused, match="never reserved"):
        application.deliver_sales_order(uow, "so-1", "p-1", 2)
    assert uow.published == []


def test_the_delivery_of_a_rejected_order_is_refused():
    rejected = Reservation("so-1", "p-1", 2, ReservationStatus.REJECTED, "insufficient_stock")
    uow = FakeUnitOfWork(levels=[StockLevel("p-1", on_hand=1)], reservations=[rejected])
    with pytest.raises(DeliveryRefused, match="rejected"):
        application.deliver_sales_order(uow, "so-1", "p-1", 2)
    assert uow.stock_levels.get("p-1") == StockLevel("p-1", on_hand=1)
    assert uow.published == []
