"""What the tests of the book's examples share: running an example the way its README says.

Every example is run with the one command its README gives (a run.sh), so a test that passes
means a reader typing that command sees the same thing. PYTHON points the scripts at the test
run's own interpreter, so they do not have to make or find the project's virtualenv themselves.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BOOK_EXAMPLES = Path(__file__).resolve().parent


class ExampleFailed(AssertionError):
    pass


def run_example(command: list[str | Path], timeout: float = 180, **environment: str) -> str:
    """Run an example's command; its stdout, or a failure that shows how the run ended."""
    env = {**os.environ, "PYTHON": sys.executable, **environment}
    result = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=timeout, env=env, check=False
    )
    if result.returncode != 0:
        raise ExampleFailed(
            f"{' '.join(map(str, command))} exited with {result.returncode}\n"
            f"--- stdout (end)\n{result.stdout[-3000:]}\n--- stderr (end)\n{result.stderr[-3000:]}"
        )
    return result.stdout


@pytest.fixture(scope="session")
def run():
    return run_example
