"""A published event schema version may never change in a way that breaks a consumer.

Consumers check every message against their own copy of the schema, and they are not all redeployed
together. So a change to a published version breaks someone in one of two directions:

- it refuses what was allowed (a field became required, a type narrowed, an enum value dropped, a bound
  tightened): consumers with the new copy dead-letter messages already published, still waiting in
  queues or replayed from a dead-letter queue;
- it allows what was refused (a required field removed or renamed, a type widened, an enum value added,
  a bound loosened): a producer with the new copy sends messages that consumers with the old copy
  dead-letter, or read without the field they rely on.

What stays compatible: annotations (title, description, examples) and a new optional field, which the
tolerant reader of every schema already lets through. Anything else is a new version, a new file.

The baseline is `contracts/published-events.lock.json`: a copy of every version as it was published,
committed beside the schemas, so a check needs no history (CI's clone may be shallow). It only grows:
`publish` adds the versions it does not hold yet and never rewrites one it holds.

    python -m contract_tools.compatibility check      # exit 1 and a list of what breaks whom
    python -m contract_tools.compatibility publish    # record new versions in the lock
"""

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from contract_tools.locations import CONTRACTS, events_folder

LOCK_FILE = "published-events.lock.json"
SCHEMA_SUFFIX = ".schema.json"
ANNOTATIONS = {"title", "description", "examples", "default", "$comment", "deprecated", "$id", "$schema", "$defs"}
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
# Keywords compared structurally below; any other one that changes is a change nobody can prove safe.
STRUCTURAL = {"type", "enum", "const", "required", "properties", "items", "$ref", *LOWER_BOUNDS, *UPPER_BOUNDS}

REFUSES_OLD = "messages published under the old schema are now refused"
ALLOWS_NEW = "consumers still on the published schema refuse, or misread, what producers may now send"


class Schema:
    """One node of a schema file, with `$ref` followed inside that file."""

    def __init__(self, node: dict, root: dict):
        while "$ref" in node:
            target = root
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = {**target, **{key: value for key, value in node.items() if key != "$ref"}}
        self.node, self.root = node, root

    def child(self, node: dict) -> "Schema":
        return Schema(node, self.root)

    def types(self) -> set[str] | None:
        declared = self.node.get("type")
        return None if declared is None else {declared} if isinstance(declared, str) else set(declared)

    def values(self) -> list | None:
        if "const" in self.node:
            return [self.node["const"]]
        return self.node.get("enum")


def breaking_changes(published: dict, current: dict) -> list[str]:
    """Every way `current` breaks a consumer that relies on `published`; empty when it is compatible."""
    return list(_compare(Schema(published, published), Schema(current, current), "(message)"))


def _compare(old: Schema, new: Schema, where: str) -> Iterator[str]:
    yield from _types(old, new, where)
    yield from _values(old, new, where)
    yield from _bounds(old, new, where)
    yield from _fields(old, new, where)
    if isinstance(old.node.get("items"), dict) and isinstance(new.node.get("items"), dict):
        yield from _compare(old.child(old.node["items"]), new.child(new.node["items"]), f"{where}[]")
    for keyword in sorted((set(old.node) | set(new.node)) - STRUCTURAL - ANNOTATIONS):
        if old.node.get(keyword) != new.node.get(keyword):
            yield (
                f"{where}: {keyword} changed from {_show(old.node.get(keyword))} to {_show(new.node.get(keyword))}; "
                "no consumer can be sure what that lets through"
            )


def _types(old: Schema, new: Schema, where: str) -> Iterator[str]:
    before, after = old.types(), new.types()  # None: any type
    if after is not None and (before is None or before - _widened(after)):
        lost = f"anything but {_show(sorted(after))}" if before is None else _show(sorted(before - _widened(after)))
        yield f"{where}: narrowed type, no longer accepts {lost}: {REFUSES_OLD}"
    if before is not None and (after is None or after - _widened(before)):
        gained = "any type" if after is None else _show(sorted(after - _widened(before)))
        yield f"{where}: widened type, now also accepts {gained}: {ALLOWS_NEW}"


def _widened(types: set[str]) -> set[str]:
    return types | {"integer"} if "number" in types else types


def _values(old: Schema, new: Schema, where: str) -> Iterator[str]:
    before, after = old.values(), new.values()
    if before == after:
        return
    if after is not None and (before is None or [v for v in before if v not in after]):
        dropped = "any other value" if before is None else _show([v for v in before if v not in after])
        yield f"{where}: dropped enum value(s) {dropped}: {REFUSES_OLD}"
    if before is not None and (after is None or [v for v in after if v not in before]):
        added = "any value" if after is None else _show([v for v in after if v not in before])
        yield f"{where}: added enum value(s) {added}: {ALLOWS_NEW}"


def _bounds(old: Schema, new: Schema, where: str) -> Iterator[str]:
    for keyword in LOWER_BOUNDS + UPPER_BOUNDS:
        before, after = old.node.get(keyword), new.node.get(keyword)
        if before == after:
            continue
        raised = keyword in LOWER_BOUNDS
        tightened = before is None or (after is not None and (after > before if raised else after < before))
        change = f"{keyword} {_show(before)} -> {_show(after)}"
        yield (
            f"{where}: tightened {change}: {REFUSES_OLD}" if tightened else f"{where}: loosened {change}: {ALLOWS_NEW}"
        )


def _fields(old: Schema, new: Schema, where: str) -> Iterator[str]:
    old_fields, new_fields = old.node.get("properties", {}), new.node.get("properties", {})
    old_required, new_required = set(old.node.get("required", [])), set(new.node.get("required", []))
    for name in sorted(old_required - new_required):
        what = "is no longer required" if name in new_fields else "was removed or renamed"
        yield f"{where}: required field {name!r} {what}: {ALLOWS_NEW}"
    for name in sorted(new_required - old_required):
        yield f"{where}: field {name!r} became required: {REFUSES_OLD}"
    for name in sorted(old_fields):
        if name not in new_fields and name not in old_required:
            yield f"{where}: optional field {name!r} is no longer described, so its type is no longer promised"
        elif name in new_fields:
            yield from _compare(old.child(old_fields[name]), new.child(new_fields[name]), _join(where, name))


def _join(where: str, name: str) -> str:
    return name if where == "(message)" else f"{where}.{name}"


def _show(value) -> str:
    return "none" if value is None else json.dumps(value)


class PublishedEvents:
    """The lock of published versions next to the schema files of one contracts folder."""

    def __init__(self, contracts: Path = CONTRACTS):
        self.lock_path = contracts / LOCK_FILE
        self.events = events_folder(contracts)

    def published(self) -> dict[str, dict]:
        if not self.lock_path.exists():
            return {}
        return json.loads(self.lock_path.read_text(encoding="utf-8"))["published"]

    def current(self) -> dict[str, dict]:
        return {
            path.name.removesuffix(SCHEMA_SUFFIX): json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(self.events.glob(f"*{SCHEMA_SUFFIX}"))
        }

    def breaking_changes(self) -> dict[str, list[str]]:
        """For each published version that changed in a way that breaks a consumer, what breaks whom."""
        current = self.current()
        found = {}
        for version, schema in self.published().items():
            if version not in current:
                found[version] = [f"the published file {version}{SCHEMA_SUFFIX} is gone: consumers still read it"]
            elif changes := breaking_changes(schema, current[version]):
                found[version] = changes
        return found

    def unpublished(self) -> list[str]:
        return sorted(set(self.current()) - set(self.published()))

    def publish(self) -> list[str]:
        """Add every version the lock does not hold yet; never touch one it holds. Returns those added."""
        published, added = self.published(), self.unpublished()
        current = self.current()
        published.update({version: current[version] for version in added})
        lock = {
            "about": (
                "Every event schema version as it was published: the baseline of the compatibility check. "
                "Only ever grows: run `make publish-contracts` to add new versions (contracts/README.md)."
            ),
            "published": dict(sorted(published.items())),
        }
        self.lock_path.write_text(json.dumps(lock, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m contract_tools.compatibility", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["check", "publish"])
    parser.add_argument("--contracts", type=Path, default=CONTRACTS, help="the contracts folder (default: %(default)s)")
    arguments = parser.parse_args(argv)
    events = PublishedEvents(arguments.contracts)
    if arguments.command == "publish":
        added = events.publish()
        print(f"published {', '.join(added)}" if added else "every version was already published")
        return 0
    broken = events.breaking_changes()
    for version, changes in broken.items():
        print(f"{version} changed in a way that breaks a consumer:")
        for change in changes:
            print(f"  - {change}")
    if broken:
        print("\nKeep the published version as it was; put the change into a new version (contracts/README.md).")
        return 1
    unpublished = events.unpublished()
    print(f"every published version is intact; not yet published: {', '.join(unpublished) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
