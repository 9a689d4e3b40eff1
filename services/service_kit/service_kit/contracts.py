"""Event contracts loaded from `contracts/events`: the single source of truth, checked at both ends.

Producers validate before an event enters the outbox (a bug fails the request, not a consumer);
consumers validate before handling, and a message that breaks its contract is dead-lettered.
"""

import json
import re
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

_FILE_NAME = re.compile(r"(?P<type>[a-z_]+\.[a-z_]+)\.v(?P<version>\d+)\.schema\.json")


class ContractViolation(ValueError):
    pass


class EventContracts:
    def __init__(self, directory: str | Path):
        self._validators: dict[tuple[str, int], Draft202012Validator] = {}
        for path in sorted(Path(directory).glob("*.schema.json")):
            match = _FILE_NAME.fullmatch(path.name)
            if match is None:
                continue
            schema = json.loads(path.read_text())
            key = (match["type"], int(match["version"]))
            self._validators[key] = Draft202012Validator(schema)
        if not self._validators:
            raise FileNotFoundError(f"no event schemas found in {directory}")

    def versions_of(self, event_type: str) -> list[int]:
        return sorted(version for (known, version) in self._validators if known == event_type)

    def validate(self, envelope: dict[str, Any]) -> None:
        event_type, version = envelope.get("type"), envelope.get("version")
        if not isinstance(event_type, str) or type(version) is not int:
            raise ContractViolation("envelope lacks a string 'type' and an integer 'version'")
        validator = self._validators.get((event_type, version))
        if validator is None:
            raise ContractViolation(f"no contract for {event_type} v{version}")
        error = best_match(validator.iter_errors(envelope))
        if error is not None:
            where = "/".join(str(part) for part in error.absolute_path) or "(envelope)"
            raise ContractViolation(f"{event_type} v{version} breaks its contract at {where}: {error.message}")
