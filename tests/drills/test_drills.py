"""Every drill of the resilience matrix, on the real compose stack: one test a drill, named after it.

The drills live in the workshop toolkit (infrastructure/workshop/drills), so the test a participant
runs with `./workshop drill NAME` is the very one CI runs here. A drill restores the stack whatever
happens, so the next starts from a healthy one; a failing drill names each promise that broke.
Their narration is logged: `pytest tests/drills -o log_cli=true --log-cli-level=INFO` shows it live.
"""

import logging

import pytest

from workshop import drills

pytestmark = pytest.mark.e2e

RESTORE_SECONDS = 180  # beyond a drill's own deadline: bringing the stack back may take this long


class LoggingNarrator:
    def __init__(self, drill_name: str):
        self._log = logging.getLogger(f"drill.{drill_name}")
        self._log.setLevel(logging.INFO)

    def step(self, text: str) -> None:
        self._log.info("step: %s", text)

    def watch(self, text: str) -> None:
        self._log.info("  watch: %s", text)

    def observed(self, text: str) -> None:
        self._log.info("  seen: %s", text)


@pytest.mark.parametrize(
    "drill",
    [
        pytest.param(drill, id=drill.name, marks=pytest.mark.timeout(drill.deadline_seconds + RESTORE_SECONDS))
        for drill in drills.all_drills()
    ],
)
def test_the_drill_keeps_every_promise(stack, drill):
    verdict = drill.run(stack.target, LoggingNarrator(drill.name))
    assert verdict.passed, f"{drill.title}: " + "; ".join(verdict.broken_promises)
