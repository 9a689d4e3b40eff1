"""The status poller against real HTTP servers started here: neighbours that are well, ill or gone.

What is faked: the other services and RabbitMQ's management API (small local HTTP servers).
What is real: the HTTP calls, their timeouts, and the thread that makes them.
"""

import base64
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dashboard.adapters.probes import ManagementApi
from dashboard.bootstrap import create_app
from dashboard.config import Config
from dashboard.entrypoints.status_poller import StatusPoller

TIMEOUT = 0.3
QUEUES = [
    {"name": "sales.events", "messages": 3, "messages_ready": 2, "messages_unacknowledged": 1, "consumers": 1},
    {"name": "sales.dead-letter", "messages": 1, "messages_ready": 1, "messages_unacknowledged": 0, "consumers": 0},
    {"name": "stock.events"},  # just declared: RabbitMQ has no statistics for it yet
]
READINESS = {
    "/healthy/health/ready": (200, {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}),
    "/degraded/health/ready": (200, {"status": "degraded", "checks": {"database": "ok", "broker": "down"}}),
    "/sick/health/ready": (503, {"status": "down", "checks": {"database": "down"}}),
}
CREDENTIALS = "Basic " + base64.b64encode(b"shop:s3cret/!").decode()


class Neighbours(BaseHTTPRequestHandler):
    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/slow/health/ready":
            time.sleep(TIMEOUT * 3)
            self._answer(200, {"status": "ok"})
        elif path == "/api/queues":
            authorised = self.headers.get("Authorization") == CREDENTIALS
            self._answer(200, QUEUES) if authorised else self._answer(401, {"error": "not_authorised"})
        elif path in READINESS:
            self._answer(*READINESS[path])
        else:
            self._answer(404, {})

    def _answer(self, status: int, body) -> None:
        encoded = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(encoded)))
        self.end_headers()
        self.wfile.write(encoded)

    def log_message(self, *args) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # the slow neighbour answers a caller that already gave up: a broken pipe is expected


def serve() -> ThreadingHTTPServer:
    server = QuietServer(("127.0.0.1", 0), Neighbours)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


def stop(server: ThreadingHTTPServer) -> None:
    server.shutdown()
    server.server_close()


@pytest.fixture
def neighbours():
    server = serve()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    stop(server)


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on: bound to get a free number, then closed again."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def poller_for(service_urls: dict, management_url: str, **settings) -> StatusPoller:
    management = ManagementApi(management_url, "shop", "s3cret/!")
    return StatusPoller(service_urls, management, timeout_seconds=TIMEOUT, **settings)


def test_services_are_up_degraded_or_down_as_their_readiness_says(neighbours, closed_port):
    poller = poller_for(
        {
            "catalog": f"{neighbours}/healthy",
            "purchase": f"{neighbours}/degraded",
            "sales": f"{neighbours}/sick",
            "stock": f"http://127.0.0.1:{closed_port}",
        },
        neighbours,
    )
    services = poller.poll_once().services
    assert {name: status.status for name, status in services.items()} == {
        "catalog": "up",
        "purchase": "degraded",
        "sales": "down",
        "stock": "down",
    }
    assert services["catalog"].ready["checks"]["broker"] == "ok"
    assert services["sales"].ready == {"status": "down", "checks": {"database": "down"}}
    assert services["sales"].error == "readiness answered HTTP 503"
    assert services["stock"].error == "unreachable"
    assert all(status.checked_at for status in services.values())


def test_a_service_slower_than_the_timeout_is_down_and_does_not_hold_up_the_round(neighbours):
    poller = poller_for({"catalog": f"{neighbours}/slow", "stock": f"{neighbours}/healthy"}, neighbours)
    started = time.monotonic()
    services = poller.poll_once().services
    assert (services["catalog"].status, services["catalog"].error) == ("down", "timed out")
    assert services["stock"].status == "up"
    assert time.monotonic() - started < TIMEOUT * 2.5


def test_queue_depths_come_from_the_management_api(neighbours):
    snapshot = poller_for({}, neighbours).poll_once()
    assert snapshot.broker.status == "up"
    assert not snapshot.broker.stale
    assert [queue.as_dict() for queue in snapshot.queues] == [
        QUEUES[1],
        QUEUES[0],
        {"name": "stock.events", "messages": 0, "messages_ready": 0, "messages_unacknowledged": 0, "consumers": 0},
    ]


def test_wrong_credentials_leave_the_broker_down(neighbours):
    management = ManagementApi(neighbours, "guest", "guest")
    snapshot = StatusPoller({}, management, timeout_seconds=TIMEOUT).poll_once()
    assert snapshot.broker.status == "down"
    assert "401" in snapshot.broker.error


def test_a_broker_that_goes_away_keeps_its_last_queue_figures_marked_stale():
    management = serve()
    poller = poller_for({}, f"http://127.0.0.1:{management.server_address[1]}")
    assert poller.poll_once().broker.status == "up"
    stop(management)
    snapshot = poller.poll_once()
    assert (snapshot.broker.status, snapshot.broker.stale) == ("down", True)
    assert [queue.name for queue in snapshot.queues] == ["sales.dead-letter", "sales.events", "stock.events"]


def test_a_broker_never_reached_is_down_without_figures(closed_port):
    snapshot = poller_for({}, f"http://127.0.0.1:{closed_port}").poll_once()
    assert (snapshot.broker.status, snapshot.broker.stale, snapshot.queues) == ("down", False, ())


def test_the_poller_polls_in_the_background_until_stopped(neighbours):
    poller = poller_for({"catalog": f"{neighbours}/healthy"}, neighbours, interval_seconds=0.05)
    poller.start()
    try:
        deadline = time.monotonic() + 5
        while poller.snapshot.checked_at is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert poller.state == "running"
        assert poller.snapshot.services["catalog"].status == "up"
    finally:
        poller.stop()
    assert poller.state == "stopped"


def test_the_overview_shows_what_the_poller_saw(tmp_path, neighbours):
    environment = {
        "DATABASE_URL": f"sqlite:///{tmp_path}/dashboard.db",
        "LOG_LEVEL": "WARNING",
        "RABBITMQ_URL": "amqp://shop:s3cret%2F%21@rabbitmq:5672/%2F",
        "RABBITMQ_MANAGEMENT_URL": neighbours,
        "RABBITMQ_MANAGEMENT_PUBLIC_URL": "http://localhost:25672",
        "CATALOG_URL": f"{neighbours}/healthy",
        "PURCHASE_URL": f"{neighbours}/degraded",
        "SALES_URL": f"{neighbours}/sick",
        "STOCK_URL": f"{neighbours}/healthy",
        "STATUS_TIMEOUT_SECONDS": str(TIMEOUT),
    }
    app = create_app(Config.from_env(environment))
    app.extensions["status_poller"].poll_once()
    view = app.test_client().get("/api/overview").get_json()
    assert {name: service["status"] for name, service in view["services"].items() if name != "dashboard"} == {
        "catalog": "up",
        "purchase": "degraded",
        "sales": "down",
        "stock": "up",
    }
    assert view["broker"] == {"status": "up", "management_url": "http://localhost:25672", "stale": False}
    assert view["queues"][1] == QUEUES[0]
    page = app.test_client().get("/").get_data(as_text=True)
    assert 'data-service="purchase" data-status="degraded"' in page
    assert 'id="dead-letter-count" class="alert">1<' in page


def test_the_poller_runs_with_the_container_but_is_not_counted_as_a_broker_worker(app):
    runtime_workers = [worker.name for worker in app.extensions["platform"].runtime.workers]
    assert runtime_workers == ["consumer", "status-poller"]
    readiness = app.test_client().get("/health/ready").get_json()
    assert readiness["checks"]["workers"] == {"consumer": "stopped"}
