"""Sales' use cases with fakes for every port: no database, no network, no broker.

The fake unit of work keeps events only when its block ends without an error, as a real transaction would.
"""

import pytest

from sales import application
from sales.application import PriceUnavailable, SalesOrderNotFound, UnknownProduct
from sales.domain import IllegalTransition, Product, SalesOrder
from sales.ports import CatalogUnavailable, IdempotencyKeyTaken

CUP = Product("p-1", "Espresso cup", 450)


class FakePrices:
    def __init__(self, *products: Product):
        self.products = {product.product_id: product for product in products}
        self.available = True
        self.asked: list[str] = []
        self.while_asking = lambda: None  # lets a test make something happen during the call

    def current_price(self, product_id: str) -> Product | None:
        self.asked.append(product_id)
        self.while_asking()
        if not self.available:
            raise CatalogUnavailable("connection refused")
        return self.products.get(product_id)


class FakeProducts:
    def __init__(self):
        self.rows: dict[str, Product] = {}

    def save(self, product: Product) -> None:
        self.rows[product.product_id] = product

    def get(self, product_id: str) -> Product | None:
        return self.rows.get(product_id)


class FakeSalesOrders:
    def __init__(self):
        self.rows: dict[str, SalesOrder] = {}

    def add(self, order: SalesOrder) -> None:
        if order.idempotency_key is not None and self.by_idempotency_key(order.idempotency_key):
            raise IdempotencyKeyTaken(order.idempotency_key)
        self.rows[order.sales_order_id] = order

    def save(self, order: SalesOrder) -> None:
        self.rows[order.sales_order_id] = order

    def get(self, sales_order_id: str) -> SalesOrder | None:
        return self.rows.get(sales_order_id)

    def by_idempotency_key(self, key: str) -> SalesOrder | None:
        return next((order for order in self.rows.values() if order.idempotency_key == key), None)


class FakeUnitOfWork:
    def __init__(self):
        self.products = FakeProducts()
        self.sales_orders = FakeSalesOrders()
        self.events: list[tuple[str, int, dict]] = []
        self._pending: list[tuple[str, int, dict]] = []

    def publish(self, event_type: str, data: dict, version: int = 1) -> None:
        self._pending.append((event_type, version, data))

    def __enter__(self):
        self._pending = []
        return self

    def __exit__(self, exc_type, exc, traceback) -> bool:
        if exc_type is None:
            self.events.extend(self._pending)
        return False


@pytest.fixture
def uow():
    return FakeUnitOfWork()


def test_an_order_is_placed_pending_at_catalogs_current_price_and_announced_with_that_price(uow):
    placement = application.place_sales_order(uow, FakePrices(CUP), "p-1", 2)
    order = placement.order
    assert placement.created
    assert (order.status, order.unit_price_cents, order.price_source) == ("pending", 450, "catalog")
    assert order.rejection_reason is None
    priced_line = {
        "sales_order_id": order.sales_order_id,
        "product_id": "p-1",
        "quantity": 2,
        "unit_price_cents": 450,
        "price_source": "catalog",
    }
    assert uow.events == [("sales.sales_order_placed", 2, priced_line)]


def test_catalogs_answer_refreshes_the_local_copy_of_the_product(uow):
    uow.products.save(Product("p-1", "Espresso cup", 399))
    application.place_sales_order(uow, FakePrices(CUP), "p-1", 1)
    assert uow.products.get("p-1") == CUP


def test_the_cached_price_is_used_when_catalog_is_unavailable(uow):
    uow.products.save(Product("p-1", "Espresso cup", 399))
    prices = FakePrices(CUP)
    prices.available = False
    order = application.place_sales_order(uow, prices, "p-1", 3).order
    assert (order.unit_price_cents, order.price_source, order.status) == (399, "cached", "pending")
    assert [(event_type, data["price_source"]) for event_type, _, data in uow.events] == [
        ("sales.sales_order_placed", "cached")
    ]


def test_a_product_never_seen_cannot_be_sold_while_catalog_is_unavailable(uow):
    prices = FakePrices(CUP)
    prices.available = False
    with pytest.raises(PriceUnavailable):
        application.place_sales_order(uow, prices, "p-1", 1)
    assert uow.sales_orders.rows == {}
    assert uow.events == []


def test_a_product_catalog_does_not_know_is_refused_even_if_a_copy_exists(uow):
    uow.products.save(CUP)
    with pytest.raises(UnknownProduct):
        application.place_sales_order(uow, FakePrices(), "p-1", 1)
    assert uow.events == []


def test_a_repeated_idempotency_key_answers_with_the_first_order_without_asking_catalog(uow):
    prices = FakePrices(CUP)
    first = application.place_sales_order(uow, prices, "p-1", 2, idempotency_key="k-1")
    prices.available = False
    repeat = application.place_sales_order(uow, prices, "p-1", 2, idempotency_key="k-1")
    assert (first.created, repeat.created) == (True, False)
    assert repeat.order.sales_order_id == first.order.sales_order_id
    assert prices.asked == ["p-1"]
    assert len(uow.sales_orders.rows) == 1
    assert len(uow.events) == 1


def test_a_request_that_loses_the_race_for_its_key_answers_with_the_winners_order(uow):
    winner = SalesOrder.place("o-winner", CUP, 2, "catalog", idempotency_key="k-1")
    prices = FakePrices(CUP)
    prices.while_asking = lambda: uow.sales_orders.add(winner)  # the other request commits meanwhile
    placement = application.place_sales_order(uow, prices, "p-1", 2, idempotency_key="k-1")
    assert not placement.created
    assert placement.order is winner
    assert list(uow.sales_orders.rows) == ["o-winner"]
    assert uow.events == []


def test_different_idempotency_keys_place_different_orders(uow):
    prices = FakePrices(CUP)
    first = application.place_sales_order(uow, prices, "p-1", 1, idempotency_key="k-1")
    second = application.place_sales_order(uow, prices, "p-1", 1, idempotency_key="k-2")
    assert second.created
    assert first.order.sales_order_id != second.order.sales_order_id


def test_a_reserved_order_is_delivered_and_announced(uow):
    order = SalesOrder.place("o-1", CUP, 2, "catalog")
    order.reserve()
    uow.sales_orders.add(order)
    delivered = application.deliver_sales_order(uow, "o-1")
    assert delivered.status == "delivered"
    assert uow.events == [
        ("sales.sales_order_delivered", 1, {"sales_order_id": "o-1", "product_id": "p-1", "quantity": 2})
    ]


def test_a_pending_order_cannot_be_delivered(uow):
    uow.sales_orders.add(SalesOrder.place("o-1", CUP, 2, "catalog"))
    with pytest.raises(IllegalTransition):
        application.deliver_sales_order(uow, "o-1")
    assert uow.sales_orders.get("o-1").status == "pending"
    assert uow.events == []


def test_an_unknown_order_cannot_be_delivered(uow):
    with pytest.raises(SalesOrderNotFound):
        application.deliver_sales_order(uow, "o-404")


def test_stocks_decisions_move_pending_orders(uow):
    uow.sales_orders.add(SalesOrder.place("o-1", CUP, 2, "catalog"))
    uow.sales_orders.add(SalesOrder.place("o-2", CUP, 50, "catalog"))
    application.apply_stock_reserved(uow, "o-1")
    application.apply_reservation_rejected(uow, "o-2", "insufficient_stock")
    assert uow.sales_orders.get("o-1").status == "reserved"
    assert (uow.sales_orders.get("o-2").status, uow.sales_orders.get("o-2").rejection_reason) == (
        "rejected",
        "insufficient_stock",
    )


def test_a_decision_for_an_unknown_order_is_refused(uow):
    with pytest.raises(SalesOrderNotFound, match="o-404"):
        application.apply_stock_reserved(uow, "o-404")


def test_a_product_recorded_twice_is_kept_once(uow):
    application.record_product(uow, CUP)
    application.record_product(uow, CUP)
    assert uow.products.rows == {"p-1": CUP}
