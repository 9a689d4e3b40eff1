"""The HTTP face of pricetag, on the standard library only: what the service images run."""

import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from pricetag import built_by, label


class LabelHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/health":
            self._answer(200, {"status": "ok", "built_by": built_by()})
        elif url.path == "/labels":
            self._label(parse_qs(url.query))
        else:
            self._answer(404, {"error": f"no such path: {url.path}"})

    def _label(self, query: dict[str, list[str]]) -> None:
        name = query.get("name", [""])[0]
        price = query.get("price_cents", [""])[0]
        if not name or not price.isdigit():
            self._answer(400, {"error": "name and price_cents (a whole number of cents) are required"})
            return
        self._answer(200, {"label": label(name, int(price))})

    def _answer(self, status: int, body: dict) -> None:
        encoded = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(encoded)))
        self.end_headers()
        self.wfile.write(encoded)

    def log_message(self, format: str, *args) -> None:
        print(f"{self.address_string()} {format % args}", file=sys.stderr)


def serve(host: str, port: int) -> None:
    server = ThreadingHTTPServer((host, port), LabelHandler)
    # As PID 1 in a container, Python ignores SIGTERM unless told otherwise: `docker stop` would wait 10 s.
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"pricetag ({built_by()}) serving on {host}:{port}", file=sys.stderr)
    with server:
        server.serve_forever()
