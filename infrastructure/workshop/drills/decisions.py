"""A witness on the broker: a queue of the drill's own that receives every decision stock announces.

Bound to `stock.stock_reserved` and `stock.stock_reservation_rejected`, it sees each decision event
once per publication. The same event published twice (same id) is a redelivery the consumers' inboxes
absorb; two events with different ids for one order mean the order was decided twice, the very thing
the inbox and stock's one-reservation-per-order rule exist to prevent. The queue is durable (it outlives
a broker restart) and expires by itself should a drill never get to delete it.
"""

import json
import uuid
from collections import defaultdict
from urllib.parse import quote

from workshop.target import Target

DECISIONS = ("stock.stock_reserved", "stock.stock_reservation_rejected")
EXPIRES_MS = 15 * 60 * 1000


class DecisionLog:
    def __init__(self, target: Target):
        self._target = target
        self.queue = f"drill.decisions.{uuid.uuid4().hex[:8]}"
        self._path = f"/api/queues/%2F/{quote(self.queue, safe='')}"

    def open(self) -> "DecisionLog":
        self._call("PUT", self._path, json={"durable": True, "arguments": {"x-expires": EXPIRES_MS}})
        for key in DECISIONS:
            self._call("POST", f"/api/bindings/%2F/e/events/q/{quote(self.queue, safe='')}", json={"routing_key": key})
        return self

    def by_order(self) -> dict[str, dict[str, str]]:
        """For each sales order: the distinct decision events seen, event id -> event type."""
        messages = self._call(
            "POST",
            f"{self._path}/get",
            json={"count": 100_000, "ackmode": "ack_requeue_true", "encoding": "auto", "truncate": 100_000},
        ).json()
        seen: dict[str, dict[str, str]] = defaultdict(dict)
        for message in messages:
            envelope = json.loads(message["payload"])
            seen[envelope["data"]["sales_order_id"]][envelope["id"]] = envelope["type"]
        return dict(seen)

    def close(self) -> None:
        self._target.management("DELETE", self._path)

    def _call(self, method: str, path: str, **kwargs):
        response = self._target.management(method, path, **kwargs)
        if response.status_code >= 300:
            raise RuntimeError(f"RabbitMQ's management API refused {method} {path}: HTTP {response.status_code}")
        return response
