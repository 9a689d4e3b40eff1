"""The comparison, run once with the command its README gives: its figures must show what the book says.

The assertions hold on any machine, however busy: each compares a measured figure with a delay or a
timeout the run imposed itself (stock sleeps 100 ms when slow, checkout waits 200 ms), never with a
fixed number of milliseconds the machine would have to reach.
"""

import json
from pathlib import Path

import pytest
from coupling.report import COLUMNS

HERE = Path(__file__).resolve().parent
ORDERS, SLOW_MS, TIMEOUT_MS = 20, 100, 200

pytestmark = pytest.mark.timeout(240)


@pytest.fixture(scope="module")
def measured(run, tmp_path_factory):
    figures = tmp_path_factory.mktemp("sync-vs-async") / "figures.json"
    printed = run(
        [HERE / "run.sh", "--orders", str(ORDERS), "--slow-ms", str(SLOW_MS), "--timeout-ms", str(TIMEOUT_MS)]
        + ["--json", str(figures)],
        timeout=200,
    )
    results = {(result["coupling"], result["condition"]): result for result in json.loads(figures.read_text())}
    return printed, results


def test_with_a_healthy_stock_both_ways_answer_and_reserve_every_order(measured):
    _, results = measured
    for coupling in ("sync", "async"):
        healthy = results[coupling, "healthy"]
        assert (healthy["answered_ok"], healthy["reserved"]) == (ORDERS, ORDERS), f"{coupling}: {healthy}"


def test_a_synchronous_caller_waits_as_long_as_its_slow_dependency(measured):
    _, results = measured
    slow = results["sync", "slow"]
    assert slow["answered_ok"] == ORDERS
    assert slow["p50_ms"] >= SLOW_MS, "a sync order was answered before stock could have reserved it"


def test_an_asynchronous_caller_answers_at_once_whatever_the_state_of_its_dependency(measured):
    _, results = measured
    waited_for_slow_stock = results["sync", "slow"]["p50_ms"]
    for condition in ("healthy", "slow", "too slow", "gone"):
        result = results["async", condition]
        assert result["answered_ok"] == ORDERS, f"async with stock {condition} refused orders"
        assert result["p50_ms"] < waited_for_slow_stock, f"async with stock {condition} waited like sync does"


def test_a_synchronous_caller_fails_when_its_dependency_is_too_slow_though_the_work_gets_done(measured):
    _, results = measured
    too_slow = results["sync", "too slow"]
    assert too_slow["answered_ok"] == 0
    assert too_slow["p50_ms"] >= TIMEOUT_MS, "checkout gave up before its timeout"
    assert too_slow["reserved"] == ORDERS, "stock should have finished every reservation checkout gave up on"


def test_a_synchronous_caller_fails_when_its_dependency_is_gone(measured):
    _, results = measured
    gone = results["sync", "gone"]
    assert (gone["answered_ok"], gone["reserved"]) == (0, 0)


def test_orders_wait_in_the_queue_while_stock_is_gone_and_are_reserved_when_it_returns(measured):
    _, results = measured
    gone = results["async", "gone"]
    assert gone["waited_in_queue"] == ORDERS, "the broker did not keep every order while stock was gone"
    assert gone["reserved"] == ORDERS, "stock did not catch up with the queue after its return"


def test_the_figures_are_printed_as_a_table_with_a_row_for_each_coupling_and_state(measured):
    printed, results = measured
    lines = [" ".join(line.split()) for line in printed.splitlines()]
    assert " ".join(COLUMNS) in lines, "no table header in the output"
    for coupling, condition in results:
        assert any(line.startswith(f"{coupling} {condition} ") for line in lines), f"no row for {coupling}, {condition}"


def test_the_readme_quotes_the_command_and_a_table_of_the_same_shape():
    readme = (HERE / "README.md").read_text()
    assert "book-examples/sync-vs-async/run.sh" in readme
    assert " ".join(COLUMNS) in [" ".join(line.split()) for line in readme.splitlines()], (
        "the README's table does not have the columns the program prints: run it again and paste the output"
    )
