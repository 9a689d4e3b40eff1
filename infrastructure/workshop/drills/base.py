"""What a drill is: a name, a one-sentence promise, and steps that break something and check the promise.

A drill narrates as it goes (what is done, what to watch, what was seen), collects every promise that
broke as a sentence, keeps to a deadline, and always ends by restoring the stack, so the next drill
starts from a healthy one. `Run` is what a drill's steps work with.
"""

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol, TypeVar

from workshop import faults
from workshop.target import Target

T = TypeVar("T")


class Narrator(Protocol):
    def step(self, text: str) -> None:
        """What is done."""

    def watch(self, text: str) -> None:
        """What to look at while it happens: the dashboard, a queue, a readiness report."""

    def observed(self, text: str) -> None:
        """What was seen, with numbers."""


@dataclass(frozen=True)
class Verdict:
    drill: str
    passed: bool
    broken_promises: list[str]
    seconds: float


class PromiseBroken(Exception):
    """A promise broke that the rest of the drill stands on: the drill stops here (and restores)."""


class Run:
    """One run of a drill on a target: narration, promises kept or broken, and the deadline."""

    def __init__(self, target: Target, narrator: Narrator, deadline_seconds: float):
        self.target = target
        self.narrator = narrator
        self.deadline = time.monotonic() + deadline_seconds
        self.broken: list[str] = []
        self._undo: list[Callable[[], object]] = []
        self._cleanups: list[Callable[[], object]] = []

    def undo(self, action: Callable[[], object]) -> None:
        """Undo a fault `faults.restore` knows nothing of, however the drill ends (before the stack is restored)."""
        self._undo.append(action)

    def defer(self, cleanup: Callable[[], object]) -> None:
        """Run `cleanup` when the drill ends, however it ends (after the stack is restored)."""
        self._cleanups.append(cleanup)

    def finish(self, actions: str) -> None:
        for action in reversed(self._undo if actions == "undo" else self._cleanups):
            try:
                action()
            except Exception as error:  # noqa: BLE001 - reported in the verdict, never fatal here
                self.expect(False, f"could not {actions} after the drill: {type(error).__name__}: {error}")

    def step(self, text: str) -> None:
        self.narrator.step(text)

    def watch(self, text: str) -> None:
        self.narrator.watch(text)

    def observed(self, text: str) -> None:
        self.narrator.observed(text)

    def expect(self, kept: bool, broken: str, seen: str | None = None) -> bool:
        """Record a promise: `seen` is narrated when it holds, `broken` is recorded when it does not."""
        if kept:
            if seen:
                self.observed(seen)
        else:
            self.broken.append(broken)
            self.observed(f"BROKEN: {broken}")
        return kept

    def require(self, kept: bool, broken: str, seen: str | None = None) -> None:
        """A promise the rest of the drill needs: when it breaks, the drill stops."""
        if not self.expect(kept, broken, seen):
            raise PromiseBroken(broken)

    def fail(self, broken: str) -> PromiseBroken:
        """Record a broken promise the rest of the drill needs; raise what this returns."""
        self.expect(False, broken)
        return PromiseBroken(broken)

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def wait_for(self, probe: Callable[[], T], timeout: float, broken: str, interval: float = 0.25) -> T:
        """Poll `probe` until it returns something truthy, within `timeout` and the drill's deadline.
        A probe that raises counts as not yet. When time is up, `broken` (with the last answer) stops the drill."""
        value = self.poll(probe, timeout, interval)
        if not value or isinstance(value, Exception):
            raise self.fail(f"{broken} (last seen: {value!r:.300})" if value is not None else broken)
        return value

    def poll(self, probe: Callable[[], T], timeout: float, interval: float = 0.25) -> T | Exception | None:
        """Like wait_for, but hands back the last answer (falsy, or the exception) instead of failing."""
        until = time.monotonic() + min(timeout, self.remaining())
        while True:
            try:
                value = probe()
            except Exception as error:  # noqa: BLE001 - a part may be away or coming back: ask again
                value = error
            if value and not isinstance(value, Exception):
                return value
            if time.monotonic() >= until:
                return value
            time.sleep(interval)


@dataclass(frozen=True)
class Drill:
    name: str  # kebab-case: `stock-paused`, `broker-stopped-under-load`
    title: str
    summary: str  # one sentence for a participant
    steps: Callable[[Run], None] = field(repr=False)
    deadline_seconds: float = 90

    def run(self, target: Target, narrator: Narrator) -> Verdict:
        started = time.monotonic()
        run = Run(target, narrator, self.deadline_seconds)
        try:
            self.steps(run)
        except PromiseBroken:
            pass  # already recorded, with what was seen
        except Exception as error:  # noqa: BLE001 - any failure of the drill itself is reported as one, then restored
            run.expect(False, f"the drill could not go on: {type(error).__name__}: {error}")
            narrator.observed(traceback.format_exc(limit=3))
        finally:
            run.finish("undo")
            _restore(run)
            run.finish("clean up")
        seconds = time.monotonic() - started
        run.expect(
            seconds <= self.deadline_seconds + 60,
            f"the drill took {seconds:.0f}s, over its deadline ({self.deadline_seconds:.0f}s) plus a minute to restore",
        )
        return Verdict(self.name, not run.broken, list(run.broken), round(seconds, 1))


def _restore(run: Run) -> None:
    run.step("Restore the stack: unpause, reconnect and start whatever is away; wait until all are healthy")
    started = time.monotonic()
    try:
        faults.restore(run.target)
    except Exception as error:  # noqa: BLE001 - the verdict must say so rather than crash
        run.expect(False, f"the stack did not come back healthy after the drill: {error}")
    else:
        run.observed(f"every service and the broker are healthy again ({time.monotonic() - started:.1f}s)")


def utc_now() -> str:
    """Now as RFC 3339 in UTC: what `docker compose logs --since` takes."""
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")
