"""The container healthcheck against a real local HTTP server: ready only on a 200."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from service_kit.probe import ready


def serving(status: int) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.parametrize("status, expected", [(200, True), (503, False), (500, False)])
def test_the_probe_says_ready_only_when_readiness_answers_200(status, expected):
    server = serving(status)
    try:
        assert ready(port=server.server_address[1]) is expected
    finally:
        server.shutdown()


def test_the_probe_says_not_ready_when_nothing_listens():
    server = serving(200)
    port = server.server_address[1]
    server.shutdown()
    server.server_close()
    assert ready(port=port, timeout=0.5) is False
