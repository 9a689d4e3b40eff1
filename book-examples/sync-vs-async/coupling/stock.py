"""Stock, the downstream service: it makes reservations, asked over HTTP or by a message on a queue.

`delay_seconds` makes it slow; `stop()` makes it gone (its port refuses connections and its consumer
leaves the queue); `start()` brings it back on the same port.
"""

import threading
import time

import pika
from flask import Flask, request
from werkzeug.serving import make_server

from coupling.broker import connect


class Stock:
    def __init__(self, amqp_url: str, queue: str):
        self.delay_seconds = 0.0
        self.reservations: dict[str, float] = {}  # order id -> when it was made (time.monotonic())
        self.in_flight = 0  # reservations begun and not yet made
        self._amqp_url = amqp_url
        self._queue = queue
        self._lock = threading.Lock()
        self._port = 0
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    def reserve(self, order_id: str) -> None:
        with self._lock:
            self.in_flight += 1
        time.sleep(self.delay_seconds)  # the work, or the database, or the network: whatever makes it slow
        with self._lock:
            self.reservations.setdefault(order_id, time.monotonic())
            self.in_flight -= 1

    def made(self, order_ids: list[str]) -> dict[str, float]:
        with self._lock:
            return {order_id: self.reservations[order_id] for order_id in order_ids if order_id in self.reservations}

    def start(self) -> None:
        self._stopping.clear()
        self._server = make_server("127.0.0.1", self._port, self._http_app(), threaded=True)
        self._port = self._server.port
        connection = connect(self._amqp_url)  # before the thread starts: a broker that is gone fails here
        self._threads = [
            threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True),
            threading.Thread(target=self._consume, args=(connection,), daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        for thread in self._threads:
            thread.join(10)

    def _http_app(self) -> Flask:
        app = Flask("stock")

        @app.post("/reservations")
        def make_reservation():
            self.reserve(request.get_json()["order_id"])
            return {"reservation": "made"}, 201

        return app

    def _consume(self, connection: pika.BlockingConnection) -> None:
        channel = connection.channel()
        channel.basic_qos(prefetch_count=1)

        def on_message(channel, method, properties, body: bytes) -> None:
            self.reserve(body.decode())
            channel.basic_ack(method.delivery_tag)  # after the work: a crash before it means a redelivery

        channel.basic_consume(self._queue, on_message)
        while not self._stopping.is_set():
            connection.process_data_events(time_limit=0.05)
        connection.close()  # unacknowledged messages go back to the queue
