"""Drills: remove a part of the running shop on purpose and check, out loud, every promise it makes.

`all_drills()` lists them in the order they run: the resilience matrix (each part of the shop removed
each of four ways), then the hard cases, each its own drill. `get(name)` finds one by its name.
Run one with `./workshop drill NAME`, or all of them with `pytest tests/drills`.
"""

from workshop.drills import messages, operability, under_load
from workshop.drills.base import Drill, Narrator, Run, Verdict
from workshop.drills.matrix import WAYS, matrix_drill
from workshop.drills.matrix.broker import BrokerRow
from workshop.drills.matrix.catalog import CatalogRow
from workshop.drills.matrix.dashboard import DashboardRow
from workshop.drills.matrix.purchase import PurchaseRow
from workshop.drills.matrix.sales import SalesRow
from workshop.drills.matrix.stock import StockRow

__all__ = ["Drill", "Narrator", "Run", "Verdict", "all_drills", "get"]

ROWS = (CatalogRow(), PurchaseRow(), SalesRow(), StockRow(), DashboardRow(), BrokerRow())


def all_drills() -> list[Drill]:
    return [
        *(matrix_drill(row, way) for row in ROWS for way in WAYS),
        *under_load.drills(),
        *messages.drills(),
        *operability.drills(),
    ]


def get(name: str) -> Drill:
    for drill in all_drills():
        if drill.name == name:
            return drill
    raise KeyError(f"no drill is called {name!r}; the drills are: {', '.join(d.name for d in all_drills())}")
