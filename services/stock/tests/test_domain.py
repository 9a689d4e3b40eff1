"""Stock's rules on their own: no database, no broker."""

import pytest

from stock.domain import DeliveryRefused, InvalidQuantity, Reservation, ReservationStatus, StockLevel


def test_a_product_stock_never_saw_has_nothing_on_hand_or_available():
    assert StockLevel.empty("p-1").as_dict() == {"product_id": "p-1", "on_hand": 0, "reserved": 0, "available": 0}


def test_received_goods_raise_on_hand_and_available():
    level = StockLevel("p-1", on_hand=3, reserved=1)
    level.receive(40)
    assert level.as_dict() == {"product_id": "p-1", "on_hand": 43, "reserved": 1, "available": 42}


def test_an_order_is_reserved_when_enough_is_available():
    level = StockLevel("p-1", on_hand=40)
    reservation = level.reserve("so-1", 2)
    assert reservation == Reservation("so-1", "p-1", 2, ReservationStatus.RESERVED)
    assert (level.on_hand, level.reserved, level.available) == (40, 2, 38)


def test_an_order_may_reserve_everything_that_is_available():
    level = StockLevel("p-1", on_hand=5, reserved=3)
    assert level.reserve("so-1", 2).is_reserved
    assert level.available == 0


def test_an_order_is_rejected_when_stock_is_insufficient_and_the_level_is_unchanged():
    level = StockLevel("p-1", on_hand=5, reserved=3)
    reservation = level.reserve("so-1", 3)
    assert reservation == Reservation("so-1", "p-1", 3, ReservationStatus.REJECTED, "insufficient_stock")
    assert level == StockLevel("p-1", on_hand=5, reserved=3)


def test_an_order_for_a_product_stock_never_saw_is_rejected():
    assert StockLevel.empty("p-1").reserve("so-1", 1).status is ReservationStatus.REJECTED


def test_a_delivery_takes_reserved_items_off_hand():
    level = StockLevel("p-1", on_hand=40, reserved=2)
    level.release_delivered(2)
    assert (level.on_hand, level.reserved, level.available) == (38, 0, 38)


def test_a_delivery_of_more_than_is_reserved_is_refused_and_changes_nothing():
    level = StockLevel("p-1", on_hand=40, reserved=2)
    with pytest.raises(DeliveryRefused):
        level.release_delivered(3)
    assert level == StockLevel("p-1", on_hand=40, reserved=2)


@pytest.mark.parametrize("quantity", [0, -1, 1.5, "2", True, None])
@pytest.mark.parametrize("change", ["receive", "release_delivered"])
def test_a_quantity_is_a_whole_number_of_at_least_one(change, quantity):
    level = StockLevel("p-1", on_hand=10, reserved=10)
    with pytest.raises(InvalidQuantity):
        getattr(level, change)(quantity)
    assert level == StockLevel("p-1", on_hand=10, reserved=10)


@pytest.mark.parametrize("quantity", [0, -1, 1.5, True])
def test_an_order_needs_a_whole_number_of_at_least_one(quantity):
    with pytest.raises(InvalidQuantity):
        StockLevel("p-1", on_hand=10).reserve("so-1", quantity)


def test_a_reserved_order_becomes_delivered_once():
    reservation = Reservation("so-1", "p-1", 2, ReservationStatus.RESERVED)
    assert reservation.deliver("p-1", 2) is True
    assert reservation.status is ReservationStatus.DELIVERED
    assert reservation.deliver("p-1", 2) is False


def test_a_rejected_order_cannot_be_delivered():
    reservation = Reservation("so-1", "p-1", 2, ReservationStatus.REJECTED, "insufficient_stock")
    with pytest.raises(DeliveryRefused, match="rejected"):
        reservation.deliver("p-1", 2)
    assert reservation.status is ReservationStatus.REJECTED


@pytest.mark.parametrize("product_id, quantity", [("p-2", 2), ("p-1", 3)])
def test_a_delivery_must_name_what_was_reserved(product_id, quantity):
    reservation = Reservation("so-1", "p-1", 2, ReservationStatus.RESERVED)
    with pytest.raises(DeliveryRefused, match="reserved 2 of p-1"):
        reservation.deliver(product_id, quantity)
    assert reservation.is_reserved
