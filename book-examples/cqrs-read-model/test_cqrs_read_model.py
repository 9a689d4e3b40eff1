"""The CQRS tour, run with its one command: the real dashboard must project the events and answer from them.

The tour names the files that do each step; the last test keeps those names true to the code.
"""

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SERVICES = HERE.parents[1] / "services"


def test_every_event_of_the_write_side_is_projected_into_the_read_model(run):
    told = run([HERE / "run.sh"])
    projected = re.findall(r"^\s+([a-z]+\.[a-z_]+)\s+-> (\w+)", told, flags=re.MULTILINE)
    assert len(projected) == 11, told
    assert {outcome for _, outcome in projected} == {"ack"}, "the dashboard refused an event of the tour"
    assert "stock of Teapot: on hand 7, available 7" in told
    assert re.search(r"purchase order \w{8}: 10 x Teapot, received", told)
    assert re.search(r"sales order \w{8}: 3 x Teapot at 1999 cents \(catalog\), delivered", told)


def test_a_late_and_repeated_decision_leaves_the_order_where_it_belongs(run):
    told = run([HERE / "run.sh"])
    assert "-> ack (a duplicate: already applied, nothing changes)" in told
    assert re.search(r"sales order \w{8}: rejected \(a status only moves forward", told)


def test_the_files_the_tour_points_at_exist():
    tour = (HERE / "tour.py").read_text()
    for path in re.findall(r"\b((?:dashboard|service_kit)/[\w/]+\.py)\b", tour):
        assert (SERVICES / path.split("/")[0] / path).exists(), f"the tour points at {path}, which is gone"
    assert "def advanced_to" in (SERVICES / "dashboard/dashboard/domain.py").read_text()
