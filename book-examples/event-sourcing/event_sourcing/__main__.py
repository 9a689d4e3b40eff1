"""python -m event_sourcing: commands in, events stored, state and read models rebuilt from them."""

import tempfile
from pathlib import Path

from event_sourcing.event_store import ConcurrencyConflict, EventStore, StockItems
from event_sourcing.projections import MissedSales, StockLevels


def say(text: str) -> None:
    print(f"\n== {text}")


def show(rows: list[tuple], *header: str) -> None:
    table = [header, *(tuple(map(str, row)) for row in rows)]
    widths = [max(len(row[column]) for row in table) for column in range(len(header))]
    for row in table:
        print("   " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = EventStore(str(Path(folder) / "events.db"))
        items = StockItems(store)

        say("1. Commands on two stock items; each decision is recorded as an event")
        for product_id, received in (("teapot", 10), ("mug", 4)):
            item = items.get(product_id)
            item.receive(received)
            items.save(item)
        for product_id, order_id, quantity in (("teapot", "o-1", 3), ("mug", "o-2", 5), ("teapot", "o-3", 2)):
            item = items.get(product_id)
            item.reserve(order_id, quantity)
            items.save(item)
        teapot = items.get("teapot")
        teapot.deliver("o-1")
        items.save(teapot)
        show(
            [(e.position, e.stream_id, e.stream_version, e.event) for e in store.since(0)],
            "position",
            "stream",
            "version",
            "event",
        )

        say("2. The state is not stored anywhere: it is what the events add up to")
        teapot = items.get("teapot")
        print(f"   teapot, replayed from {teapot.version} events: on hand {teapot.on_hand}, reserved {teapot.reserved}")

        say("3. A projection (read model) catches up with the events")
        levels = StockLevels(str(Path(folder) / "read.db"))
        print(f"   applied {levels.catch_up(store)} events")
        show(levels.rows(), "product", "on hand", "reserved", "available")

        say("4. Throw the read model away and rebuild it from the events: the same rows")
        before = levels.rows()
        print(f"   replayed {levels.rebuild(store)} events; same rows as before: {levels.rows() == before}")

        say("5. A question nobody asked when the events were recorded: what could we not sell?")
        missed = MissedSales(str(Path(folder) / "read.db"))
        missed.catch_up(store)
        show(missed.rows(), "product", "orders rejected", "items wanted")

        say("6. Two writers load the same version; the second save is refused, not lost")
        first, second = items.get("teapot"), items.get("teapot")
        first.reserve("o-4", 4)
        items.save(first)
        second.reserve("o-5", 4)
        try:
            items.save(second)
        except ConcurrencyConflict as conflict:
            print(f"   {conflict}: load again and decide again")
            again = items.get("teapot")
            again.reserve("o-5", 4)
            items.save(again)
            print(f"   decided again, on what is available now: {store.stream('teapot')[-1]}")
        for closable in (levels, missed, store):
            closable.close()


if __name__ == "__main__":
    main()
