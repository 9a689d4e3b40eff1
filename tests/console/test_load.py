"""`./workshop load`: steady traffic for a bounded time, and a summary a participant can read."""

import pytest

from console.reading import table_rows

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


def test_load_places_every_order_at_the_chosen_rate_and_sums_up_latency_and_decisions(workshop):
    output = workshop.run("load", "--rate", "10", "--seconds", "3", "--settle", "20").stdout
    assert "Load summary" in output, output
    summary = {label: cells[0] for label, cells in table_rows(output.split("Load summary")[1]).items()}

    assert summary["orders sent"] == "30 of 30 planned (10/s for 3s)"
    assert summary["accepted by sales"] == "30"
    assert summary["failed"] == "0"
    assert summary["decided by stock"] == "30 reserved", "stock did not reserve every order it had stock for"
    assert summary["still pending"] == "0"
    throughput = float(summary["throughput"].removesuffix(" orders/s"))
    assert 7 <= throughput <= 11, f"30 orders in about 3s is about 10 a second, not {throughput}"
    latencies = [float(part.removesuffix(" ms")) for part in summary["latency p50 / p95 / p99 / max"].split(" / ")]
    assert 0 < latencies[0] <= latencies[1] <= latencies[2] <= latencies[3]
    waits = [float(part.removesuffix(" ms")) for part in summary["placed to decided p50 / p95 / max"].split(" / ")]
    assert 0 < waits[0] <= waits[1] <= waits[2]
    assert "Every order was accepted and decided." in output
