"""The projection's use cases against an in-memory unit of work: no database, no broker."""

from dashboard import application
from dashboard.domain import FeedEntry, Product, PurchaseOrder, StockLevel


class FakeRepository:
    """Keeps things by id in insertion order, like the tables' `seq` does."""

    def __init__(self, key: str):
        self._key = key
        self.rows: dict = {}

    def get(self, identifier):
        return self.rows.get(identifier)

    def save(self, thing) -> None:
        self.rows[getattr(thing, self._key)] = thing

    def add_if_new(self, thing) -> None:
        self.rows.setdefault(getattr(thing, self._key), thing)


class FakeFeed:
    def __init__(self):
        self.entries: list[FeedEntry] = []

    def add(self, entry: FeedEntry) -> None:
        self.entries.append(entry)

    def keep_newest(self, count: int) -> None:
        self.entries = self.entries[-count:]


class FakeUnitOfWork:
    def __init__(self):
        self.products = FakeRepository("product_id")
        self.stock_levels = FakeRepository("product_id")
        self.sales_orders = FakeRepository("sales_order_id")
        self.purchase_orders = FakeRepository("purchase_order_id")
        self.feed = FakeFeed()


def statuses(uow) -> dict:
    return {order_id: order.status for order_id, order in uow.sales_orders.rows.items()}


def test_a_created_product_is_remembered_once():
    uow = FakeUnitOfWork()
    application.product_created(uow, Product("p-1", "Cup", 450))
    application.product_created(uow, Product("p-1", "Renamed by a replay", 1))
    assert list(uow.products.rows.values()) == [Product("p-1", "Cup", 450)]


def test_goods_received_show_up_as_a_received_purchase_order():
    uow = FakeUnitOfWork()
    application.goods_received(uow, PurchaseOrder("po-1", "p-1", 20))
    assert uow.purchase_orders.get("po-1").status == "received"


def test_an_older_stock_level_arriving_late_does_not_overwrite_a_newer_one():
    uow = FakeUnitOfWork()
    application.stock_level_changed(uow, StockLevel("p-1", 40, 2, 38, "2026-12-04T10:00:05Z"))
    application.stock_level_changed(uow, StockLevel("p-1", 40, 0, 40, "2026-12-04T10:00:01Z"))
    assert uow.stock_levels.get("p-1").available == 38


def test_a_placed_order_is_pending_with_the_price_it_carried():
    uow = FakeUnitOfWork()
    application.sales_order_placed(uow, "o-1", "p-1", 2, unit_price_cents=450, price_source="cached")
    order = uow.sales_orders.get("o-1")
    assert (order.status, order.unit_price_cents, order.price_source) == ("pending", 450, "cached")


def test_a_placed_order_without_a_price_has_none():
    uow = FakeUnitOfWork()
    application.sales_order_placed(uow, "o-1", "p-1", 2)
    assert uow.sales_orders.get("o-1").unit_price_cents is None


def test_a_reservation_heard_before_the_order_creates_it_as_reserved_and_placed_only_fills_in_the_price():
    uow = FakeUnitOfWork()
    application.sales_order_progressed(uow, "o-1", "p-1", 2, "reserved")
    application.sales_order_placed(uow, "o-1", "p-1", 2, unit_price_cents=450, price_source="catalog")
    order = uow.sales_orders.get("o-1")
    assert (order.status, order.unit_price_cents, order.price_source) == ("reserved", 450, "catalog")


def test_a_delivered_order_stays_delivered_whatever_arrives_after():
    uow = FakeUnitOfWork()
    application.sales_order_placed(uow, "o-1", "p-1", 2)
    application.sales_order_progressed(uow, "o-1", "p-1", 2, "delivered")
    application.sales_order_progressed(uow, "o-1", "p-1", 2, "reserved")
    application.sales_order_placed(uow, "o-1", "p-1", 2)
    assert statuses(uow) == {"o-1": "delivered"}


def test_a_rejection_records_its_reason():
    uow = FakeUnitOfWork()
    application.sales_order_placed(uow, "o-1", "p-1", 50)
    application.sales_order_progressed(uow, "o-1", "p-1", 50, "rejected", "insufficient_stock")
    assert uow.sales_orders.get("o-1").rejection_reason == "insufficient_stock"


def test_the_feed_keeps_only_the_newest_entries():
    uow = FakeUnitOfWork()
    for number in range(5):
        entry = FeedEntry(f"e-{number}", "catalog.product_created", 1, "catalog", "2026-12-04T10:00:00Z", "c", {})
        application.record_in_feed(uow, entry, keep=3)
    assert [entry.id for entry in uow.feed.entries] == ["e-2", "e-3", "e-4"]
