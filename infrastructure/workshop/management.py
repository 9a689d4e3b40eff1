"""RabbitMQ's management HTTP API, as the console uses it: queue depths, and a look at messages that leaves them.

Looking at a queue's messages through this API takes them and puts them straight back
(`ack_requeue_true`), so listing dead letters never loses one. The console changes queues only through
AMQP with publisher confirms (dead_letters.py), never through this API.
"""

from dataclasses import dataclass
from urllib.parse import quote

import requests

VHOST = "/"


@dataclass(frozen=True)
class Queue:
    name: str
    messages: int
    consumers: int


class BrokerUnreachable(Exception):
    """The management API did not answer: the broker is stopped, paused or cut off."""


@dataclass(frozen=True)
class ManagementApi:
    url: str
    credentials: tuple[str, str]
    timeout: float = 3.0

    def queues(self) -> dict[str, Queue]:
        listing = self._call("GET", "/api/queues", params={"columns": "name,messages,consumers"})
        return {
            entry["name"]: Queue(entry["name"], _count(entry.get("messages")), _count(entry.get("consumers")))
            for entry in listing
        }

    def peek(self, queue: str, count: int) -> list[dict]:
        """Up to `count` messages from the head of `queue`, each put back where it was."""
        body = {"count": count, "ackmode": "ack_requeue_true", "encoding": "auto", "truncate": 100_000}
        return self._call("POST", f"/api/queues/{quote(VHOST, safe='')}/{quote(queue, safe='')}/get", json=body)

    def _call(self, method: str, path: str, **kwargs):
        try:
            response = requests.request(
                method, self.url.rstrip("/") + path, auth=self.credentials, timeout=self.timeout, **kwargs
            )
        except requests.RequestException as error:
            raise BrokerUnreachable(f"RabbitMQ's management API at {self.url} does not answer") from error
        if response.status_code != 200:
            raise BrokerUnreachable(f"RabbitMQ's management API answered HTTP {response.status_code}")
        return response.json()


def _count(value) -> int:
    # A queue RabbitMQ has only just declared has no statistics yet: it is empty.
    return value if isinstance(value, int) else 0
