"""The AsyncAPI document and the event schemas it points at, as the facts the events page shows."""

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from contract_tools.openapi_page import Row
from contract_tools.schema_text import one_line, rules_text, type_text


@dataclass(frozen=True)
class EventType:
    name: str
    description: str
    versions: list[str]
    producer: str
    consumers: list[str]


@dataclass(frozen=True)
class Queue:
    name: str
    consumer: str
    binding_keys: list[str]
    description: str
    carries: list[str]  # the event types of the messages on it


@dataclass(frozen=True)
class Message:
    anchor: str
    title: str
    summary: str
    schema_file: str
    producer: str
    published_now: bool
    envelope: list[Row]
    data: list[Row]
    example_file: str
    example: str


class AsyncApiPage:
    def __init__(self, path: Path):
        self.path = path
        self.contracts = path.parent
        self.document = yaml.safe_load(path.read_text(encoding="utf-8"))

    def lookup(self, ref: str) -> dict:
        node = self.document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        return node

    def _channels(self, binding: str) -> list[tuple[str, dict]]:
        return [(name, c) for name, c in self.document["channels"].items() if c["bindings"]["amqp"]["is"] == binding]

    def _operations(self, action: str) -> list[dict]:
        return [operation for operation in self.document["operations"].values() if operation["action"] == action]

    def _messages_of(self, operation: dict) -> list[str]:
        return [ref["$ref"].rsplit("/", 1)[-1] for ref in operation.get("messages", [])]

    def producer_of(self, channel: str) -> str:
        [sender] = [op for op in self._operations("send") if op["channel"]["$ref"] == f"#/channels/{channel}"]
        return self.lookup(sender["tags"][0]["$ref"])["name"]

    def event_types(self) -> list[EventType]:
        queues = self.queues()
        return [
            EventType(
                name=channel["address"],
                description=one_line(channel.get("description")),
                versions=[key.rsplit(".", 1)[-1] for key in channel["messages"]],
                producer=self.producer_of(name),
                consumers=[q.consumer for q in queues if channel["address"] in q.carries or "#" in q.binding_keys],
            )
            for name, channel in self._channels("routingKey")
        ]

    def queues(self) -> list[Queue]:
        found = []
        for name, channel in self._channels("queue"):
            if "x-binding-keys" not in channel:
                continue  # retry and dead-letter queues carry what their consumer's own queue carries
            receiver = next(op for op in self._operations("receive") if op["channel"]["$ref"] == f"#/channels/{name}")
            found.append(
                Queue(
                    channel["address"],
                    self.lookup(receiver["tags"][0]["$ref"])["name"],
                    channel["x-binding-keys"],
                    one_line(receiver.get("summary")),
                    sorted({self.lookup(m["$ref"])["name"] for m in channel["messages"].values()}),
                )
            )
        return found

    def messages(self) -> list[Message]:
        # What producers publish today: the send operations onto the exchange, not those onto retry queues.
        routing_keys = {f"#/channels/{name}" for name, _ in self._channels("routingKey")}
        publishing = [op for op in self._operations("send") if op["channel"]["$ref"] in routing_keys]
        published_now = {name for op in publishing for name in self._messages_of(op)}
        found = []
        for key, message in self.document["components"]["messages"].items():
            if "$ref" not in message.get("payload", {}):
                continue  # the dead letter: any body, described by its headers
            schema_path = (self.contracts / message["payload"]["$ref"]).resolve()
            schema = json.loads(schema_path.read_text(encoding="utf-8"))
            found.append(self._message(key, message, schema, schema_path, key in published_now))
        return found

    def _message(self, key: str, message: dict, schema: dict, schema_path: Path, published_now: bool) -> Message:
        def resolve(node: dict) -> tuple[dict, None]:
            while "$ref" in node:
                target = self._pointer(schema, node["$ref"])
                node = {**target, **{k: v for k, v in node.items() if k not in ("$ref", "description")}}
            return node, None

        def rows(node: dict) -> list[Row]:
            required = set(node.get("required", []))
            return [
                Row(
                    name,
                    type_text(field, resolve, str),
                    name in required,
                    rules_text(field, resolve),
                    one_line(field.get("description")),
                )
                for name, field in node.get("properties", {}).items()
            ]

        examples = sorted((self.contracts / "events" / "examples" / key / "pass").glob("*.json"))
        return Message(
            anchor=key.replace(".", "-").replace("_", "-"),
            title=message["title"],
            summary=one_line(message.get("summary")),
            schema_file=schema_path.relative_to(self.contracts.parent).as_posix(),
            producer=schema["properties"]["producer"]["const"],
            published_now=published_now,
            envelope=[_generic(row, schema["properties"][row.name]) for row in rows(schema) if row.name != "data"],
            data=rows(schema["properties"]["data"]),
            example_file=examples[0].relative_to(self.contracts.parent).as_posix() if examples else "",
            example=examples[0].read_text(encoding="utf-8").strip() if examples else "",
        )

    @staticmethod
    def _pointer(schema: dict, ref: str) -> dict:
        node = schema
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        return node

    def dead_letter_headers(self) -> list[Row]:
        headers = self.document["components"]["messages"]["deadLetter"]["headers"]
        required = set(headers.get("required", []))
        return [
            Row(
                name,
                type_text(field, lambda n: (n, None), str),
                name in required,
                "",
                one_line(field.get("description")),
            )
            for name, field in headers["properties"].items()
        ]


def _generic(row: Row, field: dict) -> Row:
    """An envelope field as every message has it: a constant of one schema is only a type in general."""
    if "const" not in field:
        return row
    return Row(row.name, field["type"], row.required, "fixed by each schema", row.description)
