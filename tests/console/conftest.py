"""The workshop console driven as a participant drives it: `./workshop --project NAME ...` in a shell.

Each command runs the real launcher against the test session's compose stack (`--project` alone is
enough: the console reads the stack's ports from Docker). A command that breaks something is undone
in the test that did it, and `faults.restore` puts the stack back whatever happened.
"""

import os
import subprocess
from dataclasses import dataclass

import pytest

from workshop.compose import ROOT

LAUNCHER = ROOT / "workshop"


@dataclass
class Console:
    project: str

    def run(self, *args: str, expect_exit: int | None = 0, timeout: float = 120) -> subprocess.CompletedProcess:
        """Run `./workshop --project NAME ARGS`; fail with its output when it does not exit as expected."""
        result = subprocess.run(
            [str(LAUNCHER), "--project", self.project, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "COLUMNS": "200"},
        )
        if expect_exit is not None:
            assert result.returncode == expect_exit, (
                f"./workshop {' '.join(args)} exited {result.returncode}, not {expect_exit}:\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result

    def popen(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [str(LAUNCHER), "--project", self.project, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "COLUMNS": "200"},
        )


@pytest.fixture(scope="session")
def workshop(stack) -> Console:
    return Console(stack.project.name)
