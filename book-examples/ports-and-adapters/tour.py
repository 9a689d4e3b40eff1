"""A guided tour of ports and adapters in the main system: one use case of sales, three sets of adapters.

`place_sales_order` (services/sales/sales/application.py) needs two ports: a PriceLookup (sales/ports.py)
and a unit of work that stores orders and publishes events. The tour calls it, unchanged, with
in-memory adapters (as the unit tests do), with the real ones (SQLite, the transactional outbox, the
HTTP client for catalog against a real HTTP server), and with that server gone. Then it checks the
dependency rule on the source code itself.
"""

import ast
import json
import logging
import sys
import tempfile
import threading
import uuid
from pathlib import Path

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from sales import application
from sales.adapters.catalog_client import CatalogClient, catalog_breaker
from sales.adapters.database import SCHEMA, SalesUnitOfWork
from sales.domain import Product
from service_kit import inbox, outbox
from service_kit.contracts import EventContracts
from service_kit.database import Database

SALES = Path(application.__file__).parent
CONTRACTS = SALES.parents[2] / "contracts" / "events"
TEAPOT = Product(str(uuid.uuid4()), "Teapot", 1999)
OUTSIDE_WORLD = {"flask", "werkzeug", "requests", "pika", "sqlite3", "pybreaker", "tenacity", "jsonschema"}


class InMemoryPrices:
    """The PriceLookup port, answered from a dict."""

    def current_price(self, product_id: str) -> Product | None:
        return {TEAPOT.product_id: TEAPOT}.get(product_id)


class InMemoryUnitOfWork:
    """The unit of work the use case expects: repositories, publish, and a with-block for the transaction."""

    def __init__(self):
        self.products, self.sales_orders, self.published = _Rows("product_id"), _Rows("sales_order_id"), []

    def publish(self, event_type: str, data: dict, version: int = 1) -> None:
        self.published.append(f"{event_type} v{version}")

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> bool:
        return False


class _Rows(dict):
    def __init__(self, key: str):
        super().__init__()
        self._key = key

    def add(self, thing) -> None:
        self[getattr(thing, self._key)] = thing

    save = add

    def by_idempotency_key(self, key: str):
        return None


@Request.application
def catalog_over_http(request: Request) -> Response:
    """Catalog, as far as sales can tell: GET /products/{id} over real HTTP."""
    if request.path == f"/products/{TEAPOT.product_id}":
        body = {"product_id": TEAPOT.product_id, "name": TEAPOT.name, "price_cents": TEAPOT.price_cents}
        return Response(json.dumps(body), content_type="application/json")
    return Response("{}", status=404, content_type="application/problem+json")


def say(text: str, code: str) -> None:
    print(f"\n== {text}\n   (code: {code})")


def show(order) -> None:
    print(
        f"   order {order.sales_order_id[:8]}: {order.status}, {order.unit_price_cents} cents from {order.price_source}"
    )


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return names | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}


def main() -> None:
    # Sales' own log lines show what its adapter does (retries, the fallback); werkzeug's would only add noise.
    logging.basicConfig(stream=sys.stdout, level=logging.WARNING, format="   log: %(message).100s ...")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    say(
        "1. In-memory adapters: the use case runs without a database, a network or a broker",
        "sales/application.py place_sales_order; the fakes are in this file, like those of the unit tests",
    )
    uow = InMemoryUnitOfWork()
    show(application.place_sales_order(uow, InMemoryPrices(), TEAPOT.product_id, 2).order)
    print(f"   published: {', '.join(uow.published)}")

    with tempfile.TemporaryDirectory() as folder:
        say(
            "2. The real adapters: SQLite with its outbox, and catalog over HTTP",
            "sales/adapters/database.py, sales/adapters/catalog_client.py; wired as in sales/bootstrap.py",
        )
        database = Database(f"sqlite:///{folder}/sales.db")
        database.migrate(outbox.SCHEMA, inbox.SCHEMA, SCHEMA)
        the_outbox = outbox.Outbox("sales", EventContracts(CONTRACTS))
        catalog = make_server("127.0.0.1", 0, catalog_over_http, threaded=True)
        threading.Thread(target=catalog.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        prices = CatalogClient(f"http://127.0.0.1:{catalog.port}", catalog_breaker(5, 15), 0.2, 0.5, 2)
        show(application.place_sales_order(SalesUnitOfWork(database, the_outbox), prices, TEAPOT.product_id, 2).order)
        with database.reading() as connection:
            for table in ("sales_orders", "products", "outbox"):
                print(f"   {table:<13} {connection.execute(f'SELECT count(*) FROM {table}').fetchone()[0]} row(s)")

        say(
            "3. Catalog gone: the adapter turns refused connections into the port's CatalogUnavailable",
            "sales/ports.py CatalogUnavailable; the use case falls back to its copy of the price",
        )
        catalog.shutdown()
        catalog.server_close()
        show(application.place_sales_order(SalesUnitOfWork(database, the_outbox), prices, TEAPOT.product_id, 1).order)

    say(
        "4. The dependency rule, read from the source: the core imports nothing of the outside world",
        "sales/domain.py, sales/ports.py, sales/application.py",
    )
    for module in ("domain.py", "ports.py", "application.py"):
        imported = imports_of(SALES / module)
        outside = sorted(name for name in imported if name.split(".")[0] in OUTSIDE_WORLD)
        adapters = sorted(name for name in imported if name.startswith(("sales.adapters", "sales.entrypoints")))
        print(f"   sales/{module:<15} outside world: {outside or 'none'}; adapters: {adapters or 'none'}")
    inward = sorted(name for name in imports_of(SALES / "adapters" / "catalog_client.py") if name.startswith("sales."))
    print(f"   sales/adapters/catalog_client.py depends inwards, on {', '.join(inward)}")


if __name__ == "__main__":
    main()
