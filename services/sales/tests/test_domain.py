"""The sales order's life, without any I/O: pending, then reserved or rejected once, then delivered."""

import pytest

from sales.domain import (
    DELIVERED,
    PENDING,
    REJECTED,
    RESERVED,
    IllegalTransition,
    InvalidSalesOrder,
    Product,
    SalesOrder,
)

CUP = Product("p-1", "Espresso cup", 450)


def order_in(status: str) -> SalesOrder:
    order = SalesOrder.place("o-1", CUP, 2, "catalog")
    order.status = status
    order.rejection_reason = "insufficient_stock" if status == REJECTED else None
    return order


def test_a_placed_order_is_pending_at_the_products_price():
    order = SalesOrder.place("o-1", CUP, 2, "cached")
    assert order.as_dict() == {
        "sales_order_id": "o-1",
        "product_id": "p-1",
        "quantity": 2,
        "unit_price_cents": 450,
        "price_source": "cached",
        "status": "pending",
        "rejection_reason": None,
    }


def test_the_resource_does_not_show_the_idempotency_key():
    order = SalesOrder.place("o-1", CUP, 2, "catalog", idempotency_key="k-1")
    assert order.idempotency_key == "k-1"
    assert "idempotency_key" not in order.as_dict()


@pytest.mark.parametrize("quantity", [0, -1, 1_000_001, 1.5, "2", True])
def test_an_order_needs_a_whole_quantity_in_range(quantity):
    with pytest.raises(InvalidSalesOrder) as error:
        SalesOrder.place("o-1", CUP, quantity, "catalog")
    assert error.value.field == "quantity"


def test_a_price_comes_from_catalog_or_from_the_cache_and_nowhere_else():
    with pytest.raises(InvalidSalesOrder):
        SalesOrder.place("o-1", CUP, 1, "guessed")


def test_a_pending_order_is_reserved():
    order = order_in(PENDING)
    order.reserve()
    assert order.status == RESERVED


def test_a_pending_order_is_rejected_with_its_reason():
    order = order_in(PENDING)
    order.reject("insufficient_stock")
    assert (order.status, order.rejection_reason) == (REJECTED, "insufficient_stock")


def test_reserving_a_reserved_order_again_changes_nothing():
    order = order_in(RESERVED)
    order.reserve()
    assert order.status == RESERVED


def test_rejecting_a_rejected_order_again_changes_nothing():
    order = order_in(REJECTED)
    order.reject("insufficient_stock")
    assert (order.status, order.rejection_reason) == (REJECTED, "insufficient_stock")


def test_a_reserved_order_is_delivered():
    order = order_in(RESERVED)
    order.deliver()
    assert order.status == DELIVERED


@pytest.mark.parametrize(
    "status, move",
    [
        (REJECTED, "reserve"),
        (DELIVERED, "reserve"),
        (RESERVED, "reject"),
        (DELIVERED, "reject"),
        (PENDING, "deliver"),
        (REJECTED, "deliver"),
        (DELIVERED, "deliver"),
    ],
)
def test_an_illegal_move_is_refused_and_names_the_order(status, move):
    order = order_in(status)
    with pytest.raises(IllegalTransition, match="sales order o-1"):
        getattr(order, move)(*(["insufficient_stock"] if move == "reject" else []))
    assert order.status == status


def test_an_order_is_only_rejected_for_a_known_reason():
    order = order_in(PENDING)
    with pytest.raises(InvalidSalesOrder, match="sales order o-1"):
        order.reject("bad_weather")
    assert order.status == PENDING
