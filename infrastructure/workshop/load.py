"""`./workshop load`: steady order traffic at a chosen rate for a bounded time, measured while it runs.

Orders are sent at fixed moments (an open loop): a slow system does not slow the traffic down, it
shows up as latency and errors, as it would with real customers. Besides how long sales takes to
answer, the load measures what a customer waits for: from "order placed" to "stock decided"
(reserved or rejected), by polling each pending order until it is no longer pending.
"""

import math
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests

from workshop.figures import LoadFigures, percentile

DECISION_POLL_SECONDS = 0.2
POLLED_PER_ROUND = 50  # the oldest pending orders first; a stopped stock must not turn this into a flood


@dataclass(frozen=True)
class LoadPlan:
    rate: float  # orders per second
    seconds: float
    quantity: int = 1
    settle_seconds: float = 30.0  # after the last order: how long to wait for stock's decisions

    @property
    def orders(self) -> int:
        return max(1, round(self.rate * self.seconds))


class Recorder:
    """Everything the load saw, safe to write from many threads and to read while it runs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.started = time.monotonic()
        self.finished: float | None = None
        self._latencies_ms: list[float] = []
        self._errors: Counter[str] = Counter()
        self._placed_at: dict[str, float] = {}
        self._decided: dict[str, tuple[str, float]] = {}
        self._sent = 0

    def sent(self) -> None:
        with self._lock:
            self._sent += 1

    def accepted(self, order_id: str, latency_ms: float) -> None:
        with self._lock:
            self._latencies_ms.append(latency_ms)
            self._placed_at[order_id] = time.monotonic()

    def failed(self, reason: str) -> None:
        with self._lock:
            self._errors[reason] += 1

    def decided(self, order_id: str, status: str) -> None:
        with self._lock:
            self._decided.setdefault(order_id, (status, time.monotonic()))

    def pending(self, limit: int) -> list[str]:
        with self._lock:
            return [order_id for order_id in self._placed_at if order_id not in self._decided][:limit]

    def figures(self) -> LoadFigures:
        with self._lock:
            elapsed = (self.finished or time.monotonic()) - self.started
            waits = [(at - self._placed_at[oid]) * 1000 for oid, (_, at) in self._decided.items()]
            outcomes = Counter(status for status, _ in self._decided.values())
            return LoadFigures(
                elapsed_seconds=round(elapsed, 1),
                sent=self._sent,
                accepted=len(self._latencies_ms),
                errors=dict(self._errors),
                orders_per_second=round(len(self._latencies_ms) / elapsed, 1) if elapsed > 0 else 0.0,
                latency_ms={q: percentile(self._latencies_ms, q) for q in (50, 95, 99, 100)},
                decided=dict(outcomes),
                still_pending=len(self._placed_at) - len(self._decided),
                placed_to_decided_ms={q: percentile(waits, q) for q in (50, 95, 100)},
            )


class OrderTraffic:
    """Places orders for one product at sales and follows each until stock has decided it."""

    def __init__(self, sales_url: str, product_id: str, recorder: Recorder, timeout: float = 5.0):
        self._orders_url = f"{sales_url}/sales-orders"
        self._product_id = product_id
        self._recorder = recorder
        self._timeout = timeout
        self._local = threading.local()

    def run(self, plan: LoadPlan, on_tick: Callable[[str], None] = lambda phase: None) -> LoadFigures:
        stop_polling = threading.Event()
        poller = threading.Thread(target=self._follow_decisions, args=(stop_polling,), daemon=True)
        poller.start()
        try:
            self._send(plan, on_tick)
            deadline = time.monotonic() + plan.settle_seconds
            while self._recorder.pending(1) and time.monotonic() < deadline:
                on_tick("waiting for stock to decide the last orders")
                time.sleep(DECISION_POLL_SECONDS)
        finally:
            self._recorder.finished = self._recorder.finished or time.monotonic()
            stop_polling.set()
            poller.join(5)
        return self._recorder.figures()

    def _send(self, plan: LoadPlan, on_tick: Callable[[str], None]) -> None:
        workers = min(64, max(4, math.ceil(plan.rate)))
        with ThreadPoolExecutor(workers, thread_name_prefix="order") as pool:
            for index in range(plan.orders):
                due = self._recorder.started + index / plan.rate
                while (wait := due - time.monotonic()) > 0:
                    on_tick("placing orders")
                    time.sleep(min(wait, 0.1))
                pool.submit(self._place, plan.quantity)
            on_tick("waiting for the last answers")
        self._recorder.finished = time.monotonic()  # throughput counts until the last answer, not the settling

    def _place(self, quantity: int) -> None:
        self._recorder.sent()
        started = time.monotonic()
        try:
            response = self._session().post(
                self._orders_url,
                json={"product_id": self._product_id, "quantity": quantity},
                headers={
                    "Idempotency-Key": f"load-{uuid.uuid4()}",
                    "X-Correlation-ID": f"load-{uuid.uuid4().hex[:12]}",
                },
                timeout=self._timeout,
            )
        except requests.Timeout:
            self._recorder.failed("no answer in time")
            return
        except requests.RequestException:
            self._recorder.failed("sales unreachable")
            return
        if response.status_code == 201:
            self._recorder.accepted(response.json()["sales_order_id"], (time.monotonic() - started) * 1000)
        else:
            self._recorder.failed(f"HTTP {response.status_code}")

    def _follow_decisions(self, stop: threading.Event) -> None:
        session = requests.Session()
        while not stop.wait(DECISION_POLL_SECONDS):
            for order_id in self._recorder.pending(POLLED_PER_ROUND):
                try:
                    order = session.get(f"{self._orders_url}/{order_id}", timeout=self._timeout).json()
                except (requests.RequestException, ValueError):
                    break  # sales is away: try the whole round again later
                if order.get("status") not in (None, "pending"):
                    self._recorder.decided(order_id, order["status"])

    def _session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        return self._local.session
