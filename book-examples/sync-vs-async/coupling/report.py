"""The figures as a reader sees them: one table, and what it means in words."""

from coupling.measure import Result

COLUMNS = ("coupling", "stock", "answered ok", "p50", "p95", "max", "reserved", "last reservation")


def table(results: list[Result]) -> str:
    rows = [COLUMNS, *(_row(result) for result in results)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(COLUMNS))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    )


def _row(result: Result) -> tuple[str, ...]:
    last = "-" if result.last_reserved_after_s is None else f"{result.last_reserved_after_s:.1f} s"
    return (
        result.coupling,
        result.condition,
        f"{result.answered_ok}/{result.orders}",
        f"{result.percentile_ms(50):.0f} ms",
        f"{result.percentile_ms(95):.0f} ms",
        f"{max(result.latencies_ms):.0f} ms",
        f"{result.reserved}/{result.orders}",
        last,
    )


def findings(results: list[Result]) -> list[str]:
    """What the figures say, computed from them, so that the words cannot drift from the numbers."""
    by = {(result.coupling, result.condition): result for result in results}
    said = []
    if ("sync", "slow") in by:
        sync, async_ = by["sync", "slow"], by["async", "slow"]
        said.append(
            f"stock slow: sync customers waited {sync.percentile_ms(50):.0f} ms (p50), async customers "
            f"{async_.percentile_ms(50):.0f} ms. A synchronous caller adds its dependency's latency to its own."
        )
    if ("sync", "too slow") in by:
        sync, async_ = by["sync", "too slow"], by["async", "too slow"]
        said.append(
            f"stock too slow: sync answered {sync.answered_ok}/{sync.orders}, yet stock reserved {sync.reserved} "
            "of those orders after checkout had given up: a caller whose request timed out cannot know what "
            f"happened. Async answered {async_.answered_ok}/{async_.orders}, and stock worked through the queue "
            f"at its own pace, done after {async_.last_reserved_after_s or 0:.1f} s."
        )
    if ("sync", "gone") in by:
        sync, async_ = by["sync", "gone"], by["async", "gone"]
        said.append(
            f"stock gone: sync answered {sync.answered_ok}/{sync.orders}: checkout is down whenever stock is. "
            f"Async answered {async_.answered_ok}/{async_.orders}; {async_.waited_in_queue} orders waited in the "
            f"queue, and stock reserved them within {(async_.caught_up_after_s or 0) * 1000:.0f} ms of its return."
        )
    return said
