"""Watch stock's decisions as they are published: a private queue on the `events` exchange.

Timing decisions from the broker costs the system nothing extra (no polling of its APIs), and
"decided" means what the business means: stock has reserved or rejected the order.
"""

import json
import threading
import time

import pika

DECISIONS = ("stock.stock_reserved", "stock.stock_reservation_rejected")


class DecisionWatcher:
    def __init__(self, amqp_url: str):
        self._url = amqp_url
        self._lock = threading.Lock()
        self.decided_at: dict[str, float] = {}
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="decision-watcher", daemon=True)

    def __enter__(self) -> "DecisionWatcher":
        self._thread.start()
        if not self._ready.wait(30):
            raise RuntimeError("could not subscribe to stock's decisions on the broker")
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(10)

    def _run(self) -> None:
        connection = pika.BlockingConnection(pika.URLParameters(self._url))
        channel = connection.channel()
        queue = channel.queue_declare("", exclusive=True, auto_delete=True).method.queue
        for key in DECISIONS:
            channel.queue_bind(queue, "events", routing_key=key)
        channel.basic_consume(queue, self._on_message, auto_ack=True)
        self._ready.set()
        while not self._stop.is_set():
            connection.process_data_events(time_limit=0.2)
        connection.close()

    def _on_message(self, channel, method, properties, body) -> None:
        order_id = json.loads(body)["data"]["sales_order_id"]
        with self._lock:
            self.decided_at.setdefault(order_id, time.monotonic())

    def count(self, order_ids) -> int:
        with self._lock:
            return sum(1 for order_id in order_ids if order_id in self.decided_at)

    def times(self, order_ids) -> dict[str, float]:
        with self._lock:
            return {order_id: self.decided_at[order_id] for order_id in order_ids if order_id in self.decided_at}

    def wait_for(self, order_ids, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.count(order_ids) == len(order_ids):
                return True
            time.sleep(0.05)
        return False
