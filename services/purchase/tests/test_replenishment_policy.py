"""The replenishment rule of flow 6, on its own: no database, no events, just the decision."""

import pytest

from purchase.domain import PurchaseOrder, ReplenishmentPolicy

POLICY = ReplenishmentPolicy(threshold=5, quantity=20)


@pytest.mark.parametrize("available", [0, 3, 4])
def test_stock_below_the_threshold_is_replenished_with_the_configured_quantity(available):
    decision = POLICY.decide(available, open_order=None)
    assert decision.orders_goods
    assert decision.quantity == 20
    assert decision.reason == f"available {available} below threshold 5"


@pytest.mark.parametrize("available", [5, 6, 100])
def test_stock_at_or_above_the_threshold_is_left_alone(available):
    decision = POLICY.decide(available, open_order=None)
    assert not decision.orders_goods
    assert decision.reason == f"available {available} is not below threshold 5"


def test_stock_below_the_threshold_is_left_alone_while_an_order_is_still_open():
    open_order = PurchaseOrder.open("po-1", "p-1", 20)
    decision = POLICY.decide(2, open_order)
    assert not decision.orders_goods
    assert decision.reason == "available 2 below threshold 5, but purchase order po-1 is still open"


def test_a_threshold_of_zero_never_replenishes():
    assert not ReplenishmentPolicy(threshold=0, quantity=20).decide(0, open_order=None).orders_goods


@pytest.mark.parametrize("threshold, quantity", [(-1, 20), (5, 0), (5, 1_000_001), ("5", 20), (5, 2.0)])
def test_a_policy_needs_a_sensible_threshold_and_quantity(threshold, quantity):
    with pytest.raises(ValueError):
        ReplenishmentPolicy(threshold, quantity)
