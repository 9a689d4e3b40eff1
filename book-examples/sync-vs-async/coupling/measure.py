"""The measurement: the same orders, sent both ways, for each state of stock. Every wait is bounded."""

import statistics
import sys
import time
from dataclasses import asdict, dataclass

import requests

from coupling import broker
from coupling.stock import Stock


@dataclass(frozen=True)
class Condition:
    name: str
    delay_seconds: float = 0.0
    gone: bool = False


@dataclass
class Result:
    coupling: str
    condition: str
    orders: int
    answered_ok: int  # 201 or 202: the customer was told yes
    latencies_ms: list[float]
    reserved: int = 0  # reservations stock made for these orders by the end of the run
    last_reserved_after_s: float | None = None  # from the first order to the last reservation
    waited_in_queue: int | None = None  # async, stock gone: the messages the broker kept meanwhile
    caught_up_after_s: float | None = None  # async, stock gone: from its return to the last reservation

    def percentile_ms(self, percent: int) -> float:
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[percent - 1]

    def as_dict(self) -> dict:
        return {**asdict(self), "p50_ms": self.percentile_ms(50), "p95_ms": self.percentile_ms(95)}


class Measurement:
    def __init__(self, checkout_url: str, stock: Stock, amqp_url: str, queue: str, orders: int):
        self._checkout_url = checkout_url
        self._stock = stock
        self._amqp_url = amqp_url
        self._queue = queue
        self._orders = orders
        self._session = requests.Session()

    def run(self, coupling: str, condition: Condition) -> Result:
        print(f"measuring {coupling} with stock {condition.name} ...", file=sys.stderr)
        self._stock.delay_seconds = condition.delay_seconds
        if condition.gone:
            self._stock.stop()
        order_ids = [f"{coupling}-{condition.name.replace(' ', '-')}-{n}" for n in range(self._orders)]
        started = time.monotonic()
        result = self._place(coupling, condition, order_ids)
        returned = None
        if condition.gone:
            if coupling == "async":
                result.waited_in_queue = broker.depth(self._amqp_url, self._queue)
            self._stock.start()
            returned = time.monotonic()
        made = self._await_stock(coupling, order_ids, condition.delay_seconds)
        result.reserved = len(made)
        if made:
            result.last_reserved_after_s = max(made.values()) - started
            if returned is not None:
                result.caught_up_after_s = max(made.values()) - returned
        return result

    def _place(self, coupling: str, condition: Condition, order_ids: list[str]) -> Result:
        latencies, answered_ok = [], 0
        for order_id in order_ids:
            sent = time.perf_counter()
            answer = self._session.post(f"{self._checkout_url}/{coupling}/orders", json={"order_id": order_id})
            latencies.append((time.perf_counter() - sent) * 1000)
            answered_ok += answer.status_code in (201, 202)
        return Result(coupling, condition.name, len(order_ids), answered_ok, latencies)

    def _await_stock(self, coupling: str, order_ids: list[str], delay_seconds: float) -> dict[str, float]:
        """Async: every order is on the queue, so wait for all of them. Sync: for what stock is still doing."""
        deadline = time.monotonic() + len(order_ids) * delay_seconds + 5
        while time.monotonic() < deadline:
            made = self._stock.made(order_ids)
            if len(made) == len(order_ids) or (coupling == "sync" and self._stock.in_flight == 0):
                return made
            time.sleep(0.02)
        return self._stock.made(order_ids)
