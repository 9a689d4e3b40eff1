"""Fixtures shared by sales' tests.

What to fake and what to use for real: catalog lies outside the bounded context, so it is faked, but as a
real HTTP server on 127.0.0.1, so timeouts, retries and the breaker meet real sockets. Sales' own SQLite
database is always real.
"""

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from sales.bootstrap import create_app
from sales.config import Config
from service_kit.consumer import Outcome
from service_kit.envelope import new_envelope


@dataclass
class FakeCatalog:
    """Answers `GET /products/{id}` the way it is told: normally, with an error, with garbage, or slowly."""

    products: dict[str, dict] = field(default_factory=dict)
    answer: str = "normal"  # "normal" | "error" (500) | "bad-request" (400) | "garbage" (200, not JSON)
    delay_seconds: float = 0.0
    requests: list[Request] = field(default_factory=list)
    url: str = ""
    _released: threading.Event = field(default_factory=threading.Event)

    def add(self, product_id: str, name: str, price_cents: int) -> dict:
        self.products[product_id] = {"product_id": product_id, "name": name, "price_cents": price_cents}
        return self.products[product_id]

    @Request.application
    def __call__(self, request: Request) -> Response:
        self.requests.append(request)
        if self.delay_seconds:
            self._released.wait(self.delay_seconds)
        if self.answer == "error":
            return Response("catalog is having a bad day", status=500)
        if self.answer == "bad-request":
            return Response("what?", status=400)
        if self.answer == "garbage":
            return Response("<html>proxy error page</html>", status=200, content_type="text/html")
        product = self.products.get(request.path.removeprefix("/products/"))
        if product is None:
            return Response(json.dumps({"status": 404}), status=404, content_type="application/problem+json")
        return Response(json.dumps(product), content_type="application/json")

    def release(self) -> None:
        """Let slow answers finish at once, so stopping the server does not wait for them."""
        self._released.set()


@pytest.fixture
def catalog() -> Iterator[FakeCatalog]:
    fake = FakeCatalog()
    server = make_server("127.0.0.1", 0, fake, threaded=True)
    fake.url = f"http://127.0.0.1:{server.port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield fake
    fake.release()
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def unreachable_catalog_url() -> str:
    """A port nobody listens on: connecting is refused at once, like a stopped container's."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def app(tmp_path, catalog):
    return create_app(
        Config.from_env(
            {
                "DATABASE_URL": f"sqlite:///{tmp_path}/sales.db",
                "CATALOG_URL": catalog.url,
                "CATALOG_CONNECT_TIMEOUT_SECONDS": "0.2",
                "CATALOG_READ_TIMEOUT_SECONDS": "0.3",
            }
        )
    )


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def outbox_events(app):
    def read() -> list[dict]:
        with app.extensions["platform"].database.reading() as connection:
            return [json.loads(row["body"]) for row in connection.execute("SELECT body FROM outbox ORDER BY seq")]

    return read


@pytest.fixture
def envelope():
    """An event as its producer would publish it: the producer is the first part of the type."""

    def make(event_type: str, data: dict, correlation_id: str = "test-flow") -> dict:
        return new_envelope(event_type, 1, event_type.split(".")[0], correlation_id, data)

    return make


@pytest.fixture
def receive(app):
    """Hands one message to sales' consumer as the broker would deliver it, and says what became of it."""
    processor = app.extensions["platform"].consumer._processor

    def process(message: dict | bytes) -> Outcome:
        return processor.process(message if isinstance(message, bytes) else json.dumps(message).encode())

    return process
