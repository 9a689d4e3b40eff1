"""The five services in one process, each on its own SQLite file, with no broker and no container.

The tests play the broker: they read what a service wrote into its outbox (the publishing port) and hand
it to the consumers of that type, the way RabbitMQ would deliver it. Catalog can also be served on a
127.0.0.1 port, because sales asks it for prices over HTTP.
"""

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from catalog.bootstrap import create_app as catalog_app
from catalog.config import Config as CatalogConfig
from dashboard.bootstrap import create_app as dashboard_app
from dashboard.config import Config as DashboardConfig
from purchase.bootstrap import create_app as purchase_app
from purchase.config import Config as PurchaseConfig
from sales.bootstrap import create_app as sales_app
from sales.config import Config as SalesConfig
from service_kit.consumer import Outcome
from stock.bootstrap import create_app as stock_app
from stock.config import Config as StockConfig

FACTORIES = {
    "catalog": (catalog_app, CatalogConfig),
    "purchase": (purchase_app, PurchaseConfig),
    "sales": (sales_app, SalesConfig),
    "stock": (stock_app, StockConfig),
    "dashboard": (dashboard_app, DashboardConfig),
}
# Nothing listens on the discard port: catalog is "down" for a sales that is not given its URL.
CATALOG_IS_DOWN = "http://127.0.0.1:9"


def service_app(service: str, folder: Path, **environ: str) -> Flask:
    """One service's app on a SQLite file of its own in `folder`; its background workers stay stopped."""
    create_app, config = FACTORIES[service]
    defaults = {"DATABASE_URL": f"sqlite:///{folder}/{service}.db", "LOG_LEVEL": "WARNING"}
    if service == "sales":
        defaults["CATALOG_URL"] = CATALOG_IS_DOWN
    return create_app(config.from_env({**defaults, **environ}))


def outbox(app: Flask) -> list[dict]:
    """Every event the service has published so far, as its outbox relay would send it, oldest first."""
    with app.extensions["platform"].database.reading() as connection:
        return [json.loads(row["body"]) for row in connection.execute("SELECT body FROM outbox ORDER BY seq")]


def deliver(app: Flask, message: dict | bytes) -> Outcome:
    """Hand one message to the service's consumer as RabbitMQ would, and say what became of it."""
    body = message if isinstance(message, bytes) else json.dumps(message).encode()
    return app.extensions["platform"].consumer.processor.process(body)


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args) -> None:
        """The served app logs its requests itself; werkzeug's access log would only repeat them."""


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """The app listening on a free 127.0.0.1 port for as long as the block runs; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_Quiet)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
