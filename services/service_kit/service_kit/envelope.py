"""The message envelope every event travels in (architecture.md, "Messages")."""

import json
import uuid
from datetime import UTC, datetime
from typing import Any


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_envelope(
    event_type: str, version: int, producer: str, correlation_id: str, data: dict[str, Any]
) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "type": event_type,
        "version": version,
        "occurred_at": utc_now(),
        "producer": producer,
        "correlation_id": correlation_id,
        "data": data,
    }


class MalformedMessage(ValueError):
    """The body is not a JSON object: no schema can even be chosen for it."""


def parse(body: bytes) -> dict[str, Any]:
    try:
        envelope = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MalformedMessage(f"body is not JSON: {error}") from error
    if not isinstance(envelope, dict):
        raise MalformedMessage(f"body is JSON but not an object: {type(envelope).__name__}")
    return envelope


def serialize(envelope: dict[str, Any]) -> str:
    return json.dumps(envelope, separators=(",", ":"), sort_keys=True)
