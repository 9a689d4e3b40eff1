"""`./workshop drill`: a drill of the resilience matrix, narrated; the drills themselves are in drills/."""

import click
from rich.table import Table

from workshop import drills
from workshop.endpoints import Endpoints
from workshop.narration import ConsoleNarrator, verdict_panel
from workshop.screens import console


@click.command(short_help="Run a drill of the resilience matrix, narrated, with a verdict.")
@click.argument("name", required=False)
@click.option("--list", "show_list", is_flag=True, help="Show every drill, with what it shows.")
@click.pass_obj
def drill(stack: Endpoints, name: str | None, show_list: bool) -> None:
    """Run the drill NAME: break one thing, say what to watch, check every promise, put it all back.

    Each step is narrated (what is done, what to watch, what was seen) and a verdict ends it: passed,
    or which promise broke. The drill restores the stack at the end, whatever happened, Ctrl-C included.
    `--list` names them all.
    """
    if show_list or not name:
        console.print(_drill_table(drills.all_drills()))
        return
    chosen = _find(name)
    console.rule(f"[bold]{chosen.title}")
    console.print(chosen.summary)
    verdict = chosen.run(stack.target, ConsoleNarrator(console))
    console.print(verdict_panel(chosen.title, verdict.passed, list(verdict.broken_promises), verdict.seconds))
    if not verdict.passed:
        raise SystemExit(1)


def _find(name: str) -> drills.Drill:
    try:
        return drills.get(name)
    except KeyError as error:
        names = ", ".join(d.name for d in drills.all_drills())
        raise click.BadParameter(
            f"there is no drill called {name!r}; try one of: {names}", param_hint="NAME"
        ) from error


def _drill_table(all_drills) -> Table:
    table = Table(title="Drills: run one with `./workshop drill NAME`; each says what it shows when it starts")
    table.add_column("Name", no_wrap=True, style="bold")
    table.add_column("What it shows")
    for each in all_drills:
        table.add_row(each.name, each.title)
    return table
