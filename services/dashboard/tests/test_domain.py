from dashboard.domain import SalesOrder, StockLevel

ORDER = SalesOrder("o-1", "p-1", 2)


def test_a_new_sales_order_is_pending_and_has_no_price_yet():
    assert ORDER.as_dict() == {
        "sales_order_id": "o-1",
        "product_id": "p-1",
        "quantity": 2,
        "unit_price_cents": None,
        "price_source": None,
        "status": "pending",
        "rejection_reason": None,
    }


def test_a_sales_order_moves_forward_from_pending_to_reserved_to_delivered():
    assert ORDER.advanced_to("reserved").status == "reserved"
    assert ORDER.advanced_to("reserved").advanced_to("delivered").status == "delivered"


def test_a_later_status_never_goes_back():
    delivered = ORDER.advanced_to("delivered")
    assert delivered.advanced_to("reserved") == delivered
    assert delivered.advanced_to("pending") == delivered
    assert ORDER.advanced_to("reserved").advanced_to("pending").status == "reserved"


def test_the_first_decision_of_stock_is_kept():
    assert ORDER.advanced_to("reserved").advanced_to("rejected", "insufficient_stock").status == "reserved"


def test_a_rejected_order_keeps_its_reason():
    rejected = ORDER.advanced_to("rejected", "insufficient_stock")
    assert (rejected.status, rejected.rejection_reason) == ("rejected", "insufficient_stock")


def test_a_price_fills_in_only_what_is_missing():
    priced = ORDER.priced(1250, "catalog")
    assert (priced.unit_price_cents, priced.price_source) == (1250, "catalog")
    assert priced.priced(999, "cached") == priced


def test_a_price_that_is_not_sound_is_left_out():
    for cents, source in [(-1, "catalog"), ("1250", "cached"), (True, "catalog"), (12.5, "elsewhere")]:
        priced = ORDER.priced(cents, source)
        assert priced.unit_price_cents is None
    assert ORDER.priced(100, "elsewhere").price_source is None


def test_a_stock_level_gives_way_only_to_a_newer_or_equally_new_one():
    older = StockLevel("p-1", 40, 0, 40, "2026-12-04T10:00:00Z")
    newer = StockLevel("p-1", 40, 2, 38, "2026-12-04T10:00:00.5Z")
    assert older.is_superseded_by(newer)
    assert not newer.is_superseded_by(older)
    assert older.is_superseded_by(older)


def test_a_stock_level_shows_the_resource_fields_only():
    level = StockLevel("p-1", 40, 2, 38, "2026-12-04T10:00:00Z")
    assert level.as_dict() == {"product_id": "p-1", "on_hand": 40, "reserved": 2, "available": 38}
