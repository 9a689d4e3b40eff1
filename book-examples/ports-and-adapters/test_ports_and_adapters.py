"""The ports-and-adapters tour, run with its one command, and the dependency rule it shows, checked on its own.

The use case of sales must run unchanged with in-memory and with real adapters, and fall back to its
copy of the price when the HTTP adapter reports catalog unavailable.
"""

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SALES = HERE.parents[1] / "services" / "sales" / "sales"
OUTSIDE_WORLD = re.compile(r"^\s*(from|import)\s+(flask|werkzeug|requests|pika|sqlite3|pybreaker|tenacity)\b", re.M)


def test_the_same_use_case_runs_with_in_memory_adapters_real_ones_and_a_catalog_that_is_gone(run):
    told = run([HERE / "run.sh"])
    orders = re.findall(r"order \w{8}: pending, 1999 cents from (\w+)", told)
    assert orders == ["catalog", "catalog", "cached"], told
    assert re.search(r"published: sales\.sales_order_placed v\d", told)
    for table in ("sales_orders", "products", "outbox"):
        assert re.search(rf"{table}\s+1 row\(s\)", told), f"the real adapters stored no {table} row"


def test_the_tour_reports_a_core_that_imports_nothing_of_the_outside_world(run):
    told = run([HERE / "run.sh"])
    for module in ("domain.py", "ports.py", "application.py"):
        assert re.search(rf"sales/{module}\s+outside world: none; adapters: none", told), module


def test_sales_core_modules_import_neither_frameworks_nor_adapters():
    for module in ("domain.py", "ports.py", "application.py"):
        source = (SALES / module).read_text()
        assert not OUTSIDE_WORLD.search(source), f"sales/{module} imports the outside world"
        assert "sales.adapters" not in source and "sales.entrypoints" not in source, f"sales/{module} imports adapters"
