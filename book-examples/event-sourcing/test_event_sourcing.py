"""The event-sourced stock item, its store and its projections, on real SQLite files.

The aggregate's rules are tested by the events they record; everything else by what can be rebuilt
from those events alone.
"""

import sqlite3
from pathlib import Path

import pytest
from event_sourcing.event_store import ConcurrencyConflict, EventStore, StockItems
from event_sourcing.projections import MissedSales, StockLevels
from event_sourcing.stock_item import (
    GoodsDelivered,
    GoodsReceived,
    NotReserved,
    ReservationRejected,
    StockItem,
    StockReserved,
)

HERE = Path(__file__).resolve().parent


@pytest.fixture
def store(tmp_path):
    store = EventStore(str(tmp_path / "events.db"))
    yield store
    store.close()


@pytest.fixture
def items(store):
    return StockItems(store)


def act(items: StockItems, product_id: str, command: str, *args) -> None:
    """Load, command, save: what a handler of the stock service would do for one message."""
    item = items.get(product_id)
    getattr(item, command)(*args)
    items.save(item)


def test_each_decision_is_recorded_as_an_event():
    item = StockItem("teapot")
    item.receive(5)
    item.reserve("o-1", 3)
    item.reserve("o-2", 3)
    item.deliver("o-1")
    assert item.pending == [
        GoodsReceived(5),
        StockReserved("o-1", 3),
        ReservationRejected("o-2", 3, available=2),
        GoodsDelivered("o-1", 3),
    ]
    assert (item.on_hand, item.reserved, item.available) == (2, 0, 2)


def test_an_order_delivered_again_is_decided_once_and_one_never_reserved_cannot_be_delivered():
    item = StockItem("teapot")
    item.receive(5)
    item.reserve("o-1", 3)
    item.reserve("o-1", 3)
    assert item.pending == [GoodsReceived(5), StockReserved("o-1", 3)]
    with pytest.raises(NotReserved):
        item.deliver("o-2")


def test_an_item_loaded_from_the_store_is_its_events_replayed(items, store):
    act(items, "teapot", "receive", 10)
    act(items, "teapot", "reserve", "o-1", 4)
    act(items, "teapot", "deliver", "o-1")
    item = items.get("teapot")
    assert (item.on_hand, item.reserved, item.version) == (6, 0, 3)
    assert store.stream("teapot") == [GoodsReceived(10), StockReserved("o-1", 4), GoodsDelivered("o-1", 4)]


def test_events_are_only_ever_appended(items, tmp_path):
    act(items, "teapot", "receive", 10)
    with sqlite3.connect(tmp_path / "events.db") as connection:
        first = connection.execute("SELECT * FROM events").fetchall()
    act(items, "teapot", "reserve", "o-1", 4)
    with sqlite3.connect(tmp_path / "events.db") as connection:
        after = connection.execute("SELECT * FROM events ORDER BY position").fetchall()
    assert after[: len(first)] == first and len(after) == len(first) + 1


def test_a_writer_with_a_stale_version_is_refused_and_decides_again_on_the_new_one(items, store):
    act(items, "teapot", "receive", 5)
    first, second = items.get("teapot"), items.get("teapot")
    first.reserve("o-1", 4)
    items.save(first)
    second.reserve("o-2", 4)
    with pytest.raises(ConcurrencyConflict):
        items.save(second)
    act(items, "teapot", "reserve", "o-2", 4)
    assert store.stream("teapot")[1:] == [StockReserved("o-1", 4), ReservationRejected("o-2", 4, available=1)]


def test_a_projection_rebuilt_from_the_events_equals_the_one_kept_up_to_date(items, store, tmp_path):
    levels = StockLevels(str(tmp_path / "read.db"))
    act(items, "teapot", "receive", 10)
    levels.catch_up(store)
    act(items, "teapot", "reserve", "o-1", 3)
    act(items, "mug", "receive", 2)
    assert levels.catch_up(store) == 2, "catching up should apply only the events since the last time"
    kept_up_to_date = levels.rows()
    assert kept_up_to_date == [("mug", 2, 0, 2), ("teapot", 10, 3, 7)]
    assert levels.rebuild(store) == 3
    assert levels.rows() == kept_up_to_date
    levels.close()


def test_a_projection_added_later_reads_the_whole_history(items, store, tmp_path):
    act(items, "mug", "receive", 1)
    act(items, "mug", "reserve", "o-1", 3)
    act(items, "mug", "reserve", "o-2", 2)
    missed = MissedSales(str(tmp_path / "read.db"))
    missed.catch_up(store)
    assert missed.rows() == [("mug", 2, 5)]
    missed.close()


def test_the_story_runs_with_its_one_command(run):
    told = run([HERE / "run.sh"])
    assert "same rows as before: True" in told
    assert "teapot has moved past version 4" in told
