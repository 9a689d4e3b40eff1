"""HTTP clients the status poller uses: each service's readiness and RabbitMQ's management API.

Every call has a connect and a read timeout and turns any failure into an answer (down, unreachable),
so the poller never stops over one bad neighbour. No retries: the next poll, seconds later, is the retry.
"""

from dataclasses import dataclass

import requests

from dashboard.system_status import QueueDepth, QueuesAnswer, ServiceStatus
from service_kit.envelope import utc_now

_QUEUE_FIGURES = ("messages", "messages_ready", "messages_unacknowledged", "consumers")


def probe_service(base_url: str, timeout_seconds: float) -> ServiceStatus:
    checked_at = utc_now()
    try:
        response = requests.get(f"{base_url.rstrip('/')}/health/ready", timeout=timeout_seconds)
    except requests.RequestException as error:
        return ServiceStatus.unreachable(checked_at, _describe(error))
    return ServiceStatus.from_readiness(response.status_code, _json_object(response), checked_at)


@dataclass(frozen=True)
class ManagementApi:
    """RabbitMQ's management HTTP API, asked for each queue's depth and consumers."""

    url: str
    username: str | None = None
    password: str | None = None

    def queues(self, timeout_seconds: float) -> QueuesAnswer:
        auth = (self.username, self.password or "") if self.username else None
        try:
            response = requests.get(
                f"{self.url.rstrip('/')}/api/queues",
                params={"columns": ",".join(("name", *_QUEUE_FIGURES))},
                auth=auth,
                timeout=timeout_seconds,
            )
        except requests.RequestException as error:
            return QueuesAnswer(error=_describe(error))
        listing = _json(response) if response.status_code == 200 else None
        if not isinstance(listing, list):
            return QueuesAnswer(error=f"management API answered HTTP {response.status_code} without a queue list")
        depths = [_queue_depth(queue) for queue in listing if isinstance(queue, dict) and "name" in queue]
        return QueuesAnswer(sorted(depths, key=lambda depth: depth.name))


def _queue_depth(queue: dict) -> QueueDepth:
    # A queue RabbitMQ has just declared has no message statistics yet: count it as empty.
    figures = {name: queue.get(name) for name in _QUEUE_FIGURES}
    return QueueDepth(str(queue["name"]), **{name: v if type(v) is int else 0 for name, v in figures.items()})


def _json(response: requests.Response):
    try:
        return response.json()
    except ValueError:
        return None


def _json_object(response: requests.Response) -> dict | None:
    body = _json(response)
    return body if isinstance(body, dict) else None


def _describe(error: requests.RequestException) -> str:
    if isinstance(error, requests.Timeout):
        return "timed out"
    if isinstance(error, requests.ConnectionError):
        return "unreachable"
    return f"{type(error).__name__}: {error}"
