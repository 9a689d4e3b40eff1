"""The workshop console: `./workshop COMMAND`. Look at the shop, put load on it, break it, replay what failed.

Every command works on one compose stack: by default the one `docker compose up` started in this
folder; `--project` points it at another, whose ports it reads from Docker (the tests drive theirs so).
Each command only translates: options in, a call to the toolkit, a table or sentences out.
"""

import json
import time

import click
from rich.console import Group
from rich.live import Live

from workshop import faults, screens
from workshop.cli_dead_letters import dead_letters
from workshop.cli_drill import drill
from workshop.cli_load import load
from workshop.endpoints import Endpoints
from workshop.screens import console
from workshop.status import SERVICES, read_status

FAULTS = {
    "stop": "Stop SERVICE gracefully (docker compose stop): it finishes what it holds, then it is gone.",
    "start": "Start SERVICE again after stop or kill; its data is still there.",
    "kill": "Kill SERVICE at once (SIGKILL): no goodbye; it stays down until you start it.",
    "crash": "Crash SERVICE as the kernel's out-of-memory killer would: Docker restarts it by itself.",
    "pause": "Freeze SERVICE (docker compose pause): it still exists, but answers nothing.",
    "unpause": "Let a paused SERVICE run again, where it stopped.",
    "disconnect": "Cut SERVICE off the network: it runs, but reaches nobody and nobody reaches it.",
    "reconnect": "Plug a cut-off SERVICE back into the network.",
}
COMES_BACK = {"start", "unpause", "reconnect"}
WHEN_BACK = {
    "catalog": "the breaker in sales closes again and new products flow",
    "purchase": "replenishment catches up from purchase.events",
    "sales": "stock's answers waiting in sales.events are applied",
    "stock": "the orders waiting in stock.events are decided, each one once",
    "dashboard": "its picture of the shop catches up from dashboard.events",
    "rabbitmq": "the outboxes drain and every consumer reconnects by itself; nothing is lost",
}
SERVICE_OR_BROKER = click.Choice([*SERVICES, "rabbitmq"])


class InOrder(click.Group):
    """Lists the commands in the order a participant meets them, not alphabetically."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(cls=InOrder, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--project",
    envvar="WORKSHOP_PROJECT",
    help="Compose project of the stack; its ports are read from Docker [default: this folder's].",
)
@click.option(
    "--port-offset",
    envvar="WORKSHOP_PORT_OFFSET",
    type=int,
    default=0,
    show_default=True,
    help="Added to the standard ports (8080-8084, 5672, 15672) where Docker cannot tell the stack's own.",
)
@click.pass_context
def main(ctx: click.Context, project: str | None, port_offset: int) -> None:
    """Watch the shop and break it on purpose.

    Start the system with `docker compose up --build`, open http://127.0.0.1:8080, then try
    `./workshop status`, `./workshop drill --list` or `./workshop stop stock`.
    """
    ctx.obj = Endpoints(project, port_offset)


@main.command(short_help="The whole system in one table; --watch keeps it live.")
@click.option("--watch", is_flag=True, help="Refresh the table until Ctrl-C.")
@click.option("--every", type=float, default=2.0, show_default=True, help="Seconds between refreshes with --watch.")
@click.option("--json", "as_json", is_flag=True, help="Print the facts as JSON instead of a table.")
@click.pass_obj
def status(stack: Endpoints, watch: bool, every: float, as_json: bool) -> None:
    """One table: each service up or down, ready or degraded, breakers, outbox, queues, dead letters."""
    if as_json:
        click.echo(json.dumps(read_status(*stack.status_sources()).as_dict(), indent=2))
        return
    if not watch:
        console.print(_status_screen(stack))
        return
    try:
        if console.is_terminal:
            with Live(_status_screen(stack), console=console, auto_refresh=False) as live:
                while True:
                    time.sleep(every)
                    live.update(_status_screen(stack), refresh=True)
        while True:  # into a file or a pipe: one screen after another, like a log
            console.print(_status_screen(stack), "")
            time.sleep(every)
    except KeyboardInterrupt:
        pass


def _status_screen(stack: Endpoints) -> Group:
    current = read_status(*stack.status_sources())
    sentences = "\n".join(f"- {sentence}" for sentence in screens.what_it_means(current))
    return Group(screens.status_table(current), sentences, f"[dim]checked at {time.strftime('%H:%M:%S')}[/dim]")


def _fault_command(name: str, help_text: str) -> click.Command:
    @click.argument("service", type=SERVICE_OR_BROKER)
    @click.pass_obj
    def command(stack: Endpoints, service: str) -> None:
        try:
            getattr(faults, name)(stack.target, service)
        except faults.FaultRefused as error:
            raise click.ClickException(str(error)) from error
        if name in COMES_BACK:
            console.print(f"{service}: {name} done. Once it is ready (a few seconds), {WHEN_BACK[service]}.")
        else:
            console.print(f"{service}: {name} done. While it is away, {screens.WHEN_DOWN[service]}.")
        console.print(f"Watch with `./workshop status --watch` or on {stack.target.url('dashboard')}.")

    return click.command(name, help=help_text, short_help=help_text.split(":")[0].split(" (")[0])(command)


@click.command(short_help="Undo every fault and wait until all is healthy again.")
@click.pass_obj
def restore(stack: Endpoints) -> None:
    """Undo every fault: start, unpause and reconnect whatever is away, then wait until all are healthy."""
    try:
        faults.restore(stack.target)
    except faults.FaultRefused as error:
        raise click.ClickException(str(error)) from error
    console.print("Every service and the broker are back, healthy and ready.")


for _command in (load, drill, dead_letters, *(_fault_command(n, h) for n, h in FAULTS.items()), restore):
    main.add_command(_command)
