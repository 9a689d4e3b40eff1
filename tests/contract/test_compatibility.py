"""A published event schema version never changes in a way that breaks a consumer (contract_tools.compatibility).

The check compares every schema file with the copy of it in contracts/published-events.lock.json, taken
when that version was published. The first tests hold the real contracts to it; the others show it at
work on a deliberately broken copy of the contracts folder, one breaking change at a time, and show
that the changes a tolerant reader absorbs pass.
"""

import json
import shutil
import subprocess
import sys
from collections.abc import Callable

import pytest

from contract_tools.compatibility import LOCK_FILE, PublishedEvents

from .conftest import CONTRACTS

ROOT = CONTRACTS.parent


def test_no_published_event_schema_has_changed_in_a_way_that_breaks_a_consumer():
    assert PublishedEvents(CONTRACTS).breaking_changes() == {}


def test_every_event_schema_version_is_recorded_as_published():
    # A version that is not in the lock could be changed at will after its release: record it when adding it.
    assert PublishedEvents(CONTRACTS).unpublished() == [], "run `make publish-contracts` and commit the lock"


@pytest.fixture
def copy(tmp_path):
    """A copy of contracts/ to break; `edit(version, change)` changes one schema file of it."""
    folder = tmp_path / "contracts"
    shutil.copytree(CONTRACTS, folder)

    def edit(version: str, change: Callable[[dict], object]) -> PublishedEvents:
        path = folder / "events" / f"{version}.schema.json"
        schema = json.loads(path.read_text())
        change(schema)
        path.write_text(json.dumps(schema, indent=2))
        return PublishedEvents(folder)

    edit.folder = folder
    return edit


def data(schema: dict) -> dict:
    return schema["properties"]["data"]


def remove_quantity(schema: dict) -> None:
    data(schema)["required"].remove("quantity")
    del data(schema)["properties"]["quantity"]


def rename_quantity(schema: dict) -> None:
    remove_quantity(schema)
    data(schema)["required"].append("amount")
    data(schema)["properties"]["amount"] = {"type": "integer", "minimum": 1}


BREAKING = {
    "removes the required field quantity": (
        "sales.sales_order_placed.v1",
        remove_quantity,
        "required field 'quantity' was removed or renamed",
    ),
    "renames quantity to amount": (
        "sales.sales_order_placed.v1",
        rename_quantity,
        "field 'amount' became required",
    ),
    "narrows the type of available from integer to boolean": (
        "stock.stock_level_changed.v1",
        lambda s: data(s)["properties"]["available"].update(type="boolean"),
        'data.available: narrowed type, no longer accepts ["integer"]',
    ),
    "widens price_cents from integer to number": (
        "catalog.product_created.v1",
        lambda s: data(s)["properties"]["price_cents"].update(type="number"),
        'data.price_cents: widened type, now also accepts ["number"]',
    ),
    "drops the enum value insufficient_stock": (
        "stock.stock_reservation_rejected.v1",
        lambda s: data(s)["properties"]["reason"].update(enum=["out_of_stock"]),
        'data.reason: dropped enum value(s) ["insufficient_stock"]',
    ),
    "adds an enum value consumers do not know": (
        "sales.sales_order_placed.v2",
        lambda s: data(s)["properties"]["price_source"]["enum"].append("guessed"),
        'data.price_source: added enum value(s) ["guessed"]',
    ),
    "raises the smallest quantity from 1 to 2": (
        "purchase.goods_received.v1",
        lambda s: data(s)["properties"]["quantity"].update(minimum=2),
        "data.quantity: tightened minimum 1 -> 2",
    ),
    "shortens the longest name from 200 to 100 characters": (
        "catalog.product_created.v1",
        lambda s: data(s)["properties"]["name"].update(maxLength=100),
        "data.name: tightened maxLength 200 -> 100",
    ),
    "makes a new field required": (
        "stock.stock_reserved.v1",
        lambda s: data(s)["required"].append("warehouse"),
        "field 'warehouse' became required",
    ),
    "changes the pattern of the correlation id": (
        "sales.sales_order_delivered.v1",
        lambda s: s["properties"]["correlation_id"].update(pattern="^[a-z]{1,32}$"),
        "correlation_id: pattern changed",
    ),
    "closes the envelope to unknown properties": (
        "stock.stock_reserved.v1",
        lambda s: s.update(additionalProperties=False),
        "(message): additionalProperties changed from none to false",
    ),
}


@pytest.mark.parametrize("version, change, expected", BREAKING.values(), ids=BREAKING.keys())
def test_a_change_that_breaks_a_consumer_is_caught_and_named(copy, version, change, expected):
    broken = copy(version, change).breaking_changes()
    assert list(broken) == [version]
    assert any(expected in found for found in broken[version]), broken[version]


def test_a_published_version_that_disappears_is_caught(copy):
    (copy.folder / "events" / "stock.stock_reserved.v1.schema.json").unlink()
    broken = PublishedEvents(copy.folder).breaking_changes()
    assert list(broken) == ["stock.stock_reserved.v1"]
    assert "stock.stock_reserved.v1.schema.json is gone" in broken["stock.stock_reserved.v1"][0]


COMPATIBLE = {
    "adds an optional field": lambda s: data(s)["properties"].update(currency={"type": "string"}),
    "rewrites a description": lambda s: s.update(description="Said better."),
    "adds examples": lambda s: data(s)["properties"]["quantity"].update(examples=[2, 40]),
}


@pytest.mark.parametrize("change", COMPATIBLE.values(), ids=COMPATIBLE.keys())
def test_a_change_a_tolerant_reader_absorbs_passes(copy, change):
    assert copy("sales.sales_order_placed.v1", change).breaking_changes() == {}


def test_publishing_adds_a_new_version_and_never_rewrites_a_published_one(copy):
    events = copy("stock.stock_reserved.v1", lambda s: s.update(description="Changed after publishing."))
    before = json.loads((copy.folder / LOCK_FILE).read_text())["published"]
    new_version = json.loads((copy.folder / "events" / "sales.sales_order_placed.v2.schema.json").read_text())
    new_version["properties"]["version"]["const"] = 3
    (copy.folder / "events" / "sales.sales_order_placed.v3.schema.json").write_text(json.dumps(new_version))
    assert events.publish() == ["sales.sales_order_placed.v3"]
    after = json.loads((copy.folder / LOCK_FILE).read_text())["published"]
    assert {version: after[version] for version in before} == before
    assert after["sales.sales_order_placed.v3"] == new_version


def run_check(contracts) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "contract_tools.compatibility", "check", "--contracts", str(contracts)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "infrastructure"), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )


def test_the_command_line_check_fails_ci_on_a_breaking_change_and_says_what_breaks(copy):
    assert run_check(copy.folder).returncode == 0
    copy("sales.sales_order_placed.v1", remove_quantity)
    run = run_check(copy.folder)
    assert run.returncode == 1
    assert "sales.sales_order_placed.v1 changed in a way that breaks a consumer" in run.stdout
    assert "required field 'quantity' was removed or renamed" in run.stdout
