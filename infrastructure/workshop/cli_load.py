"""`./workshop load`: the load command; the traffic itself is in load.py, its screens in screens.py."""

import json
import time

import click
from rich.console import Console
from rich.live import Live

from workshop import screens
from workshop.endpoints import Endpoints
from workshop.load import LoadPlan, OrderTraffic, Recorder
from workshop.shop import ShopNotReady, create_stocked_product

LIVE_UPDATES_PER_SECOND = 2


@click.command(short_help="Steady order traffic, with live throughput, latency and errors.")
@click.option("--rate", type=click.FloatRange(0.2, 200), default=5, show_default=True, help="Orders a second.")
@click.option("--seconds", type=click.FloatRange(1, 3600), default=30, show_default=True, help="How long to send.")
@click.option("--quantity", type=click.IntRange(1, 100), default=1, show_default=True, help="Items in each order.")
@click.option(
    "--settle",
    type=click.FloatRange(0, 600),
    default=30,
    show_default=True,
    help="Seconds to wait after the last order for stock to decide the ones still pending.",
)
@click.option("--product", "product_id", help="Order this product instead of creating and stocking up a new one.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON (the live view goes to stderr).")
@click.pass_obj
def load(
    stack: Endpoints, rate: float, seconds: float, quantity: int, settle: float, product_id: str | None, as_json: bool
) -> None:
    """Send steady order traffic to sales and measure it: throughput, latency, errors, time to decision.

    Orders leave at fixed moments, RATE a second for SECONDS, whether sales keeps up or not. Unless
    --product is given, a new product is created first and stocked up with enough for every order, so
    rejections mean something went wrong. Try it while you stop, pause or kill a service.
    """
    plan = LoadPlan(rate, seconds, quantity, settle)
    live_console = Console(stderr=True, highlight=False) if as_json else screens.console
    if product_id is None:
        needed = plan.orders * quantity
        live_console.print(f"Creating a product and stocking up {needed} items for {plan.orders} orders ...")
        try:
            product_id = create_stocked_product(stack.urls, f"Load test teapot {time.strftime('%H:%M:%S')}", needed)
        except ShopNotReady as error:
            raise click.ClickException(str(error)) from error
    recorder = Recorder()
    traffic = OrderTraffic(stack.urls["sales"], product_id, recorder)
    last_update = [0.0]
    with Live(screens.load_panel(recorder.figures(), "starting"), console=live_console) as live:

        def on_tick(phase: str) -> None:
            if time.monotonic() - last_update[0] >= 1 / LIVE_UPDATES_PER_SECOND:
                last_update[0] = time.monotonic()
                live.update(screens.load_panel(recorder.figures(), phase))

        try:
            figures = traffic.run(plan, on_tick)
        except KeyboardInterrupt:
            figures = recorder.figures()
        live.update(screens.load_panel(figures, "done"))
    live_console.print()
    if as_json:
        click.echo(json.dumps({"product_id": product_id, "plan": vars(plan), **figures.as_dict()}, indent=2))
        return
    screens.console.print(screens.load_summary(figures, plan))
    for sentence in screens.load_verdict(figures, plan):
        screens.console.print(f"- {sentence}")
