"""Purchase's use cases against a fake unit of work: repositories in dictionaries, events in a list."""

import logging
from itertools import count

import pytest

from purchase import application
from purchase.domain import (
    IllegalStateChange,
    Product,
    PurchaseOrder,
    ReplenishmentPolicy,
    UnknownProduct,
    UnknownPurchaseOrder,
)

POLICY = ReplenishmentPolicy(threshold=5, quantity=20)


class FakeProducts:
    def __init__(self):
        self.by_id: dict[str, Product] = {}

    def upsert(self, product: Product) -> None:
        self.by_id[product.product_id] = product

    def get(self, product_id: str) -> Product | None:
        return self.by_id.get(product_id)


class FakePurchaseOrders:
    def __init__(self):
        self.by_id: dict[str, PurchaseOrder] = {}

    def add(self, order: PurchaseOrder) -> None:
        assert order.purchase_order_id not in self.by_id
        self.by_id[order.purchase_order_id] = order

    def save(self, order: PurchaseOrder) -> None:
        self.by_id[order.purchase_order_id] = order

    def get(self, purchase_order_id: str) -> PurchaseOrder | None:
        return self.by_id.get(purchase_order_id)

    def open_order_for(self, product_id: str) -> PurchaseOrder | None:
        return next((o for o in self.by_id.values() if o.product_id == product_id and o.is_open), None)

    def all(self) -> list[PurchaseOrder]:
        return list(self.by_id.values())


class FakeUnitOfWork:
    def __init__(self):
        self.products = FakeProducts()
        self.purchase_orders = FakePurchaseOrders()
        self.published: list[tuple[str, dict]] = []
        self.commits = 0

    def publish(self, event_type: str, data: dict, version: int = 1) -> None:
        self.published.append((event_type, data))

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        if exc_type is None:
            self.commits += 1


@pytest.fixture
def uow():
    unit_of_work = FakeUnitOfWork()
    unit_of_work.products.upsert(Product("cup", "Espresso cup"))
    return unit_of_work


def ids(prefix: str = "po"):
    numbers = count(1)
    return lambda: f"{prefix}-{next(numbers)}"


def test_a_purchase_order_for_a_known_product_is_placed_open(uow):
    order = application.place_purchase_order(uow, "cup", 40, new_id=ids())
    assert uow.purchase_orders.get("po-1") == order == PurchaseOrder("po-1", "cup", 40, "open")
    assert uow.commits == 1
    assert uow.published == []


def test_a_purchase_order_for_a_product_the_local_catalog_lacks_is_refused(uow):
    with pytest.raises(UnknownProduct):
        application.place_purchase_order(uow, "teapot", 40)
    assert uow.purchase_orders.all() == []
    assert uow.commits == 0


def test_receiving_an_order_announces_the_goods(uow):
    application.place_purchase_order(uow, "cup", 40, new_id=ids())
    received = application.receive_purchase_order(uow, "po-1")
    assert received.status == "received"
    assert uow.purchase_orders.get("po-1").status == "received"
    assert uow.published == [
        ("purchase.goods_received", {"purchase_order_id": "po-1", "product_id": "cup", "quantity": 40})
    ]


def test_receiving_an_order_twice_is_refused_and_announced_once(uow):
    application.place_purchase_order(uow, "cup", 40, new_id=ids())
    application.receive_purchase_order(uow, "po-1")
    with pytest.raises(IllegalStateChange):
        application.receive_purchase_order(uow, "po-1")
    assert len(uow.published) == 1


def test_receiving_an_unknown_order_is_refused(uow):
    with pytest.raises(UnknownPurchaseOrder):
        application.receive_purchase_order(uow, "po-404")


def test_a_product_is_remembered_and_renamed_rather_than_duplicated(uow):
    application.remember_product(uow, "kettle", "Kettle")
    application.remember_product(uow, "kettle", "Kettle, steel")
    assert uow.products.get("kettle") == Product("kettle", "Kettle, steel")


def test_low_stock_opens_a_purchase_order_for_the_configured_quantity(uow):
    order = application.replenish(uow, POLICY, "cup", 3, new_id=ids())
    assert order == PurchaseOrder("po-1", "cup", 20, "open")
    assert uow.purchase_orders.all() == [order]


def test_low_stock_of_a_product_the_local_catalog_lacks_is_still_replenished(uow):
    # Stock only knows products that exist; the catalog event may simply not have arrived yet.
    order = application.replenish(uow, POLICY, "teapot", 0, new_id=ids())
    assert order is not None and order.product_id == "teapot"


def test_low_stock_reported_again_does_not_open_a_second_order(uow):
    application.replenish(uow, POLICY, "cup", 3, new_id=ids())
    assert application.replenish(uow, POLICY, "cup", 1, new_id=ids("again")) is None
    assert [o.purchase_order_id for o in uow.purchase_orders.all()] == ["po-1"]


def test_an_order_placed_by_hand_counts_as_the_open_order(uow):
    application.place_purchase_order(uow, "cup", 40, new_id=ids("manual"))
    assert application.replenish(uow, POLICY, "cup", 0) is None


def test_low_stock_after_the_goods_arrived_opens_the_next_order(uow):
    application.replenish(uow, POLICY, "cup", 3, new_id=ids())
    application.receive_purchase_order(uow, "po-1")
    assert application.replenish(uow, POLICY, "cup", 2, new_id=ids("next")) is not None
    assert [o.status for o in uow.purchase_orders.all()] == ["received", "open"]


def test_enough_stock_opens_nothing(uow):
    assert application.replenish(uow, POLICY, "cup", 5) is None
    assert uow.purchase_orders.all() == []


def test_replenishing_opens_no_transaction_of_its_own(uow):
    # The consumer holds the transaction: the effect commits together with the inbox record.
    application.replenish(uow, POLICY, "cup", 3)
    application.remember_product(uow, "kettle", "Kettle")
    assert uow.commits == 0


def test_the_replenishment_decision_is_logged_in_words(uow, caplog):
    caplog.set_level(logging.DEBUG, logger="purchase.application")
    application.replenish(uow, POLICY, "cup", 3, new_id=ids())
    application.replenish(uow, POLICY, "cup", 2)
    application.replenish(uow, POLICY, "kettle", 9)
    assert caplog.messages == [
        "opened purchase order po-1 for product cup: available 3 below threshold 5",
        "no purchase order for product cup: available 2 below threshold 5, but purchase order po-1 is still open",
        "no purchase order for product kettle: available 9 is not below threshold 5",
    ]
    assert [record.levelname for record in caplog.records] == ["INFO", "DEBUG", "DEBUG"]
