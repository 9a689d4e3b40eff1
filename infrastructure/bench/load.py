"""Order traffic: a steady offered rate (open loop) or as fast as a pool of clients can go (closed loop)."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests


@dataclass
class Placement:
    sent_at: float
    answered_at: float
    status: int
    order_id: str | None


@dataclass
class LoadResult:
    placements: list[Placement] = field(default_factory=list)
    started: float = 0.0
    ended: float = 0.0

    @property
    def accepted(self) -> list[Placement]:
        return [p for p in self.placements if p.status == 201]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.placements if p.status != 201)


class OrderClient:
    def __init__(self, sales_url: str, product_id: str):
        self._url = f"{sales_url}/sales-orders"
        self._product_id = product_id
        self._local = threading.local()

    def place(self) -> Placement:
        session = getattr(self._local, "session", None) or self._new_session()
        sent = time.monotonic()
        try:
            response = session.post(self._url, json={"product_id": self._product_id, "quantity": 1}, timeout=10)
            order_id = response.json().get("sales_order_id") if response.status_code == 201 else None
            return Placement(sent, time.monotonic(), response.status_code, order_id)
        except requests.RequestException:
            return Placement(sent, time.monotonic(), 0, None)

    def _new_session(self) -> requests.Session:
        self._local.session = requests.Session()
        return self._local.session


def steady(client: OrderClient, rate: float, seconds: float, workers: int = 32) -> LoadResult:
    """Offer `rate` orders a second for `seconds`, each sent at its own scheduled moment."""
    result = LoadResult(started=time.monotonic())
    total = int(rate * seconds)

    def send_at(index: int) -> Placement:
        delay = result.started + index / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        return client.place()

    with ThreadPoolExecutor(workers) as pool:
        result.placements = list(pool.map(send_at, range(total)))
    result.ended = time.monotonic()
    return result


def burst(client: OrderClient, count: int, workers: int = 16) -> LoadResult:
    """Place `count` orders as fast as `workers` clients can."""
    result = LoadResult(started=time.monotonic())
    with ThreadPoolExecutor(workers) as pool:
        result.placements = list(pool.map(lambda _: client.place(), range(count)))
    result.ended = time.monotonic()
    return result


def closed_loop(url: str, seconds: float, workers: int = 16) -> float:
    """Requests a second that `workers` clients get from GET `url` in `seconds`."""
    deadline = time.monotonic() + seconds
    counts = [0] * workers

    def hammer(slot: int) -> None:
        session = requests.Session()
        while time.monotonic() < deadline:
            if session.get(url, timeout=10).status_code == 200:
                counts[slot] += 1

    started = time.monotonic()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(hammer, range(workers)))
    return sum(counts) / (time.monotonic() - started)
