"""`./workshop dead-letters list | replay`: the commands; reading and replaying is in dead_letters.py."""

import json
from dataclasses import asdict

import click
from rich.text import Text

from workshop.dead_letters import DeadLetter, discard, list_dead_letters, replay
from workshop.endpoints import Endpoints
from workshop.management import BrokerUnreachable
from workshop.screens import console
from workshop.status import CONSUMERS

CONSUMER = click.Choice(CONSUMERS)


@click.group("dead-letters", short_help="See the messages that failed, and replay them once fixed.")
def dead_letters() -> None:
    """Messages a service could never handle: see why they failed, and send them back once fixed."""


@dead_letters.command("list")
@click.argument("services", nargs=-1, type=CONSUMER)
@click.option("--json", "as_json", is_flag=True, help="Print them as JSON, bodies included.")
@click.pass_obj
def list_command(stack: Endpoints, services: tuple[str, ...], as_json: bool) -> None:
    """Show the dead letters of SERVICES (every consumer when none is named), oldest first, with the reason.

    Looking takes nothing away: each message is put straight back into its dead-letter queue.
    """
    try:
        found = [letter for service in services or CONSUMERS for letter in list_dead_letters(stack.management, service)]
    except BrokerUnreachable as error:
        raise click.ClickException(f"{error}: dead letters live in RabbitMQ, start it first") from error
    if as_json:
        click.echo(json.dumps([{**asdict(letter), "data": letter.data()} for letter in found], indent=2))
        return
    if not found:
        console.print("No dead letters: every message was handled.")
        return
    for service in services or CONSUMERS:
        letters = [letter for letter in found if letter.service == service]
        if letters:
            console.print(f"[bold]{service}.dead-letter[/bold]: {len(letters)} message(s), oldest first")
        for number, letter in enumerate(letters, start=1):
            console.print(_described(number, letter))
    console.print(
        "Nothing was taken off the queues. Once the cause is fixed: `./workshop dead-letters replay SERVICE`."
    )


@dead_letters.command("replay")
@click.argument("service", type=CONSUMER)
@click.option("--id", "message_ids", multiple=True, metavar="MESSAGE_ID", help="Replay this message (repeatable).")
@click.option("--all", "everything", is_flag=True, help="Replay every dead letter of SERVICE.")
@click.pass_obj
def replay_command(stack: Endpoints, service: str, message_ids: tuple[str, ...], everything: bool) -> None:
    """Send SERVICE's dead letters back to its own queue, to be handled again.

    Do it once the cause is fixed. Each message leaves the dead-letter queue only after RabbitMQ has
    confirmed it is in SERVICE's queue; one that fails again comes back with its new reason.
    """
    outcome = replay(stack.amqp_url, service, _chosen(message_ids, everything))
    console.print(
        f"Sent {len(outcome.done)} message(s) back to {service}.events; {outcome.left} left in {service}.dead-letter."
    )
    _complain_about_missing(service, message_ids, outcome)


@dead_letters.command("discard")
@click.argument("service", type=CONSUMER)
@click.option("--id", "message_ids", multiple=True, metavar="MESSAGE_ID", help="Discard this message (repeatable).")
@click.option("--all", "everything", is_flag=True, help="Discard every dead letter of SERVICE.")
@click.pass_obj
def discard_command(stack: Endpoints, service: str, message_ids: tuple[str, ...], everything: bool) -> None:
    """Remove dead letters of SERVICE that can never succeed (a poison message, say), for good.

    Read why they failed first (`dead-letters list`): nothing is ever dropped silently, only on purpose.
    """
    outcome = discard(stack.amqp_url, service, _chosen(message_ids, everything))
    console.print(f"Discarded {len(outcome.done)} message(s); {outcome.left} left in {service}.dead-letter.")
    _complain_about_missing(service, message_ids, outcome)


def _chosen(message_ids: tuple[str, ...], everything: bool) -> set[str] | None:
    if everything == bool(message_ids):
        raise click.UsageError("say which: --all, or --id MESSAGE_ID (as often as needed)")
    return set(message_ids) or None


def _complain_about_missing(service: str, message_ids: tuple[str, ...], outcome) -> None:
    missing = set(message_ids) - set(outcome.done)
    if missing:
        console.print(f"Not found in {service}.dead-letter (or refused by the broker): {', '.join(sorted(missing))}")
        raise SystemExit(1)


def _described(number: int, letter: DeadLetter) -> Text:
    retries = "at once" if letter.attempts == 0 else f"after {letter.attempts} retries"
    return Text.assemble(
        (f"{number:>3}. {letter.event_type}", "bold"),
        f"  message {letter.message_id}  correlation {letter.correlation_id}\n",
        f"     failed {letter.failed_at[:19].replace('T', ' ')} UTC, {retries}\n",
        ("     why:  ", "red"),
        f"{letter.reason}\n",
        ("     data: ", "dim"),
        json.dumps(letter.data()),
    )
