"""A steady stream of orders in the background, while a drill breaks something in the foreground.

A few threads place orders of 1-3 items for the drill's product, each as fast as sales answers with a
short pause between; every accepted order goes into the drill's order book, every refusal is counted.
"""

import itertools
import threading
from collections import Counter

import requests

from workshop.drills.orders import OrderBook


class OrderStream:
    def __init__(self, book: OrderBook, threads: int = 2, pause_seconds: float = 0.1, timeout: float = 5.0):
        self._book = book
        self._threads = threads
        self._pause = pause_seconds
        self._timeout = timeout
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._quantities = itertools.cycle((1, 2, 3, 2))
        self._workers: list[threading.Thread] = []
        self.failures: Counter[str] = Counter()
        self.placed = 0

    def __enter__(self) -> "OrderStream":
        for number in range(self._threads):
            worker = threading.Thread(target=self._place_until_stopped, name=f"orders-{number}", daemon=True)
            worker.start()
            self._workers.append(worker)
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        for worker in self._workers:
            worker.join(self._timeout + 5)

    def placed_within(self, seconds: float) -> int:
        """Wait `seconds` while the stream runs (the drill's clock, not a sleep for a result); orders placed so far."""
        self._stop.wait(seconds)
        return self.placed

    def _place_until_stopped(self) -> None:
        target = self._book.run.target
        while not self._stop.is_set():
            with self._lock:
                quantity = next(self._quantities)
            try:
                response = target.post(
                    "sales",
                    "/sales-orders",
                    json={"product_id": self._book.product_id, "quantity": quantity},
                    timeout=self._timeout,
                )
            except requests.RequestException as error:
                self._count_failure(type(error).__name__)
            else:
                if response.status_code == 201:
                    with self._lock:
                        self._book.adopt(response.json())
                        self.placed += 1
                else:
                    self._count_failure(f"HTTP {response.status_code}")
            self._stop.wait(self._pause)  # the stream's own pace

    def _count_failure(self, kind: str) -> None:
        with self._lock:
            self.failures[kind] += 1
