"""The command line: `pricetag label NAME PRICE_CENTS`, `pricetag serve --port 8000`, `pricetag --version`."""

import click

from pricetag import built_by, label, server


@click.group()
@click.version_option("1.0", prog_name="pricetag", message=f"%(prog)s %(version)s, built by {built_by()}")
def main() -> None:
    """Shelf labels for the shop's products."""


@main.command("label")
@click.argument("name")
@click.argument("price_cents", type=click.IntRange(min=0))
def print_label(name: str, price_cents: int) -> None:
    """Print the label of one product."""
    click.echo(label(name, price_cents))


@main.command()
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def serve(port: int) -> None:
    """Serve labels over HTTP: GET /labels?name=...&price_cents=... and GET /health."""
    server.serve("0.0.0.0", port)


if __name__ == "__main__":
    main()
