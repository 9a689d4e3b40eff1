"""Event contracts loaded from `contracts/events`: the single source of truth, checked at both ends.

Producers validate before an event enters the outbox (a bug fails the request, not a consumer);
consumers validate before handling, and a message that breaks its contract is dead-lettered.

Every event is checked three times on its way (twice by producers of the events it causes), so the
check is on the hot path: jsonschema took three quarters of stock's time per order. fastjsonschema
compiles each schema to Python and gives the verdict about twenty times faster; jsonschema, the
reference implementation, is asked only for a readable reason once a message has failed. A contract
test holds the two to the same verdict on every example file.
"""

import json
import re
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

_FILE_NAME = re.compile(r"(?P<type>[a-z_]+\.[a-z_]+)\.v(?P<version>\d+)\.schema\.json")


class ContractViolation(ValueError):
    pass


class _Contract:
    def __init__(self, schema: dict[str, Any]):
        # Formats are annotations here, as in jsonschema by default: the schemas assert with patterns.
        self.is_valid = _verdict(fastjsonschema.compile(schema, use_formats=False))
        self.explained = Draft202012Validator(schema)


def _verdict(compiled):
    def is_valid(instance: Any) -> bool:
        try:
            compiled(instance)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return is_valid


class EventContracts:
    def __init__(self, directory: str | Path):
        self._validators: dict[tuple[str, int], _Contract] = {}
        for path in sorted(Path(directory).glob("*.schema.json")):
            match = _FILE_NAME.fullmatch(path.name)
            if match is None:
                continue
            schema = json.loads(path.read_text())
            key = (match["type"], int(match["version"]))
            self._validators[key] = _Contract(schema)
        if not self._validators:
            raise FileNotFoundError(f"no event schemas found in {directory}")

    def versions_of(self, event_type: str) -> list[int]:
        return sorted(version for (known, version) in self._validators if known == event_type)

    def validate(self, envelope: dict[str, Any]) -> None:
        event_type, version = envelope.get("type"), envelope.get("version")
        if not isinstance(event_type, str) or type(version) is not int:
            raise ContractViolation("envelope lacks a string 'type' and an integer 'version'")
        contract = self._validators.get((event_type, version))
        if contract is None:
            raise ContractViolation(f"no contract for {event_type} v{version}")
        if contract.is_valid(envelope):
            return
        error = best_match(contract.explained.iter_errors(envelope))
        if error is None:
            # Only a pattern can tell them apart: Python's `$` also matches before a final newline.
            raise ContractViolation(f"{event_type} v{version} breaks its contract: a value does not match its pattern")
        where = "/".join(str(part) for part in error.absolute_path) or "(envelope)"
        raise ContractViolation(f"{event_type} v{version} breaks its contract at {where}: {error.message}")
