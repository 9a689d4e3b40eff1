"""Fixtures for the dashboard's tests: the app on a real SQLite file, and events as producers send them.

What is faked: everything outside the bounded context (the other services, the broker). What is real:
the dashboard's own database, its contracts check and its consumer's message processing.
"""

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from dashboard.bootstrap import create_app
from dashboard.config import Config

PRODUCERS = {"catalog", "purchase", "sales", "stock"}
_CLOCK_START = datetime(2026, 12, 4, 10, 0, 0, tzinfo=UTC)


@pytest.fixture
def app(tmp_path):
    return create_app(Config.from_env({"DATABASE_URL": f"sqlite:///{tmp_path}/dashboard.db", "LOG_LEVEL": "WARNING"}))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def event():
    """Builds an envelope that satisfies contracts/events; each one occurs a second after the last."""
    ticks = iter(range(10_000))

    def build(event_type: str, data: dict, **envelope) -> dict:
        occurred_at = _CLOCK_START + timedelta(seconds=next(ticks))
        producer = event_type.split(".")[0]
        assert producer in PRODUCERS
        return {
            "id": str(uuid.uuid4()),
            "type": event_type,
            "version": 1,
            "occurred_at": occurred_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "producer": producer,
            "correlation_id": "test-flow-1",
            "data": data,
            **envelope,
        }

    return build


@pytest.fixture
def deliver(app):
    """Hands a message to the consumer exactly as the broker would, and returns what it decided."""
    processor = app.extensions["platform"].consumer._processor

    def to_consumer(envelope) -> object:
        body = envelope if isinstance(envelope, bytes) else json.dumps(envelope).encode()
        return processor.process(body)

    return to_consumer


@pytest.fixture
def overview(client):
    def read() -> dict:
        response = client.get("/api/overview")
        assert response.status_code == 200
        return response.get_json()

    return read
