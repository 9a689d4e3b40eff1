"""How a drill speaks in the terminal: what is done, what to watch, what was observed, and the verdict."""

from rich.console import Console
from rich.panel import Panel
from rich.text import Text


class ConsoleNarrator:
    """The drills' Narrator, printing with rich: one line a step, numbered, in plain words."""

    def __init__(self, console: Console):
        self._console = console
        self._steps = 0

    def step(self, text: str) -> None:
        self._steps += 1
        self._console.print(Text.assemble((f"{self._steps:>2}. ", "bold"), (text, "bold")))

    def watch(self, text: str) -> None:
        self._console.print(Text.assemble(("    watch: ", "cyan"), text))

    def observed(self, text: str) -> None:
        self._console.print(Text.assemble(("    seen:  ", "green"), text))


def verdict_panel(title: str, passed: bool, broken_promises: list[str], seconds: float) -> Panel:
    if passed:
        body = Text(f"Every promise held ({seconds:.0f}s).", style="green")
    else:
        body = Text(f"Broken promises ({seconds:.0f}s):\n", style="bold red")
        for promise in broken_promises:
            body.append(f"  - {promise}\n", style="red")
    verdict = "PASSED" if passed else "FAILED"
    return Panel(body, title=f"Verdict: {verdict} - {title}", border_style="green" if passed else "red")
