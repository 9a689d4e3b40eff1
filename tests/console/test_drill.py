"""`./workshop drill`: a drill of the resilience matrix, narrated step by step, ending in a verdict."""

import pytest

from console.reading import table_rows
from workshop import drills

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


def test_drill_list_names_every_drill_with_what_it_shows(workshop):
    listed = table_rows(workshop.run("drill", "--list").stdout)
    assert {name: cells[0] for name, cells in listed.items()} == {d.name: d.title for d in drills.all_drills()}


def test_a_drill_is_narrated_step_by_step_and_ends_with_a_passing_verdict_and_a_restored_stack(workshop):
    output = workshop.run("drill", "stock-paused").stdout
    assert "stock paused: orders wait as pending" in output
    assert " 1. Create a product" in output, "the drill did not narrate its steps, numbered"
    assert "    watch: " in output and "    seen:  " in output, "the drill did not say what to watch and what it saw"
    assert "Verdict: PASSED" in output, output[-3000:]
    assert "every service and the broker are healthy again" in output
    status = table_rows(workshop.run("status").stdout)
    assert status["stock"][:2] == ["up", "ready"], "the drill left stock away"


def test_an_unknown_drill_is_refused_with_the_names_to_choose_from(workshop):
    result = workshop.run("drill", "stock-on-fire", expect_exit=2)
    assert "there is no drill called 'stock-on-fire'" in result.stderr
    assert "stock-paused" in result.stderr
