"""The figures a load run reports, live and at the end: plain data, so a test can read them as JSON."""

import math
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class LoadFigures:
    elapsed_seconds: float
    sent: int
    accepted: int  # answered 201 by sales
    errors: dict[str, int]  # why the others failed, in words, with how many
    orders_per_second: float  # accepted orders a second
    latency_ms: dict[int, float | None]  # percentile (50, 95, 99, 100 = max) of sales' answer time
    decided: dict[str, int]  # reserved / rejected, as stock decided
    still_pending: int  # accepted, but stock has not decided yet
    placed_to_decided_ms: dict[int, float | None]  # percentile (50, 95, 100) of the wait for stock's decision

    @property
    def failed(self) -> int:
        return sum(self.errors.values())

    def as_dict(self) -> dict:
        return asdict(self)


def percentile(values: list[float], q: int) -> float | None:
    """The nearest-rank percentile: a value that was measured, never an interpolation. None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return round(ordered[rank - 1], 1)
