import pytest

from purchase.domain import IllegalStateChange, InvalidPurchaseOrder, PurchaseOrder


def test_a_new_purchase_order_is_open():
    order = PurchaseOrder.open("po-1", "p-1", 20)
    assert order.as_dict() == {"purchase_order_id": "po-1", "product_id": "p-1", "quantity": 20, "status": "open"}
    assert order.is_open


@pytest.mark.parametrize("quantity", [0, -1, 1_000_001, 1.0, "20", True, None])
def test_a_purchase_order_needs_a_whole_quantity_from_one_to_a_million(quantity):
    with pytest.raises(InvalidPurchaseOrder) as error:
        PurchaseOrder.open("po-1", "p-1", quantity)
    assert error.value.field == "quantity"


@pytest.mark.parametrize("quantity", [1, 1_000_000])
def test_the_quantity_limits_themselves_are_allowed(quantity):
    assert PurchaseOrder.open("po-1", "p-1", quantity).quantity == quantity


def test_receiving_an_open_order_marks_it_received():
    received = PurchaseOrder.open("po-1", "p-1", 20).receive()
    assert received.status == "received"
    assert not received.is_open


def test_a_received_order_announces_what_arrived():
    received = PurchaseOrder.open("po-1", "p-1", 20).receive()
    assert received.goods_received() == {"purchase_order_id": "po-1", "product_id": "p-1", "quantity": 20}


def test_an_order_cannot_be_received_twice():
    received = PurchaseOrder.open("po-1", "p-1", 20).receive()
    with pytest.raises(IllegalStateChange, match="po-1 is received"):
        received.receive()
