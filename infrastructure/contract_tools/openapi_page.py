"""One service's OpenAPI document as the facts its Markdown page shows: endpoints, bodies, answers, schemas."""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from contract_tools.schema_text import merged, one_line, rules_text, type_text

HTTP_METHODS = ("get", "put", "post", "delete", "patch")
SCHEMAS = "#/components/schemas/"


@dataclass(frozen=True)
class Row:
    """One line of a table: a field, a parameter, a header."""

    name: str
    type: str
    required: bool
    rules: str
    description: str


@dataclass(frozen=True)
class Parameter(Row):
    location: str  # path, query, header


@dataclass(frozen=True)
class Answer:
    status: str
    description: str
    body: str
    headers: str


@dataclass(frozen=True)
class Operation:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Parameter]
    body: str
    answers: list[Answer]


@dataclass(frozen=True)
class Schema:
    name: str
    anchor: str
    description: str
    type: str
    fields: list[Row]


class OpenApiPage:
    def __init__(self, path: Path):
        self.path = path
        self.document = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.service = path.name.split(".")[0]

    def resolve(self, node: dict) -> tuple[dict, str | None]:
        """The node behind a `$ref` (siblings kept), and the schema's name when it names a component schema."""
        name = None
        while "$ref" in node:
            ref = node["$ref"]
            target = self.document
            for part in ref.removeprefix("#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            name = ref.removeprefix(SCHEMAS) if ref.startswith(SCHEMAS) else None
            node = {**target, **{key: value for key, value in node.items() if key not in ("$ref", "description")}}
        return node, name

    @staticmethod
    def link(name: str) -> str:
        return f"[{name}](#schema-{name.lower()})"

    def type_of(self, schema: dict) -> str:
        return type_text(schema, self.resolve, self.link)

    def rows(self, schema: dict, prefix: str = "") -> list[Row]:
        """The fields of an object schema in the document's order; those of a nested object as `outer.inner`."""
        schema = merged(schema, self.resolve)
        required = set(schema.get("required", []))
        found = []
        for name, field in schema.get("properties", {}).items():
            text = self.type_of(field)
            found.append(Row(prefix + name, text, name in required, rules_text(field, self.resolve), self._said(field)))
            if text == "object":
                found += self.rows(field, f"{prefix}{name}.")
        return found

    def _said(self, node: dict) -> str:
        return one_line(node.get("description"))

    def operations(self) -> list[Operation]:
        found = []
        for path, item in self.document["paths"].items():
            for method in HTTP_METHODS:
                if method in item:
                    found.append(self._operation(method, path, item, item[method]))
        return found

    def _operation(self, method: str, path: str, item: dict, operation: dict) -> Operation:
        parameters = [self.resolve(p)[0] for p in item.get("parameters", []) + operation.get("parameters", [])]
        return Operation(
            anchor=re.sub(r"[^a-z0-9]+", "-", f"{method} {path}".lower()).strip("-"),
            method=method.upper(),
            path=path,
            summary=_sentence(operation.get("summary")),
            description=(operation.get("description") or "").strip(),
            parameters=[
                Parameter(
                    p["name"],
                    self.type_of(p["schema"]),
                    p.get("required", False),
                    rules_text(p["schema"], self.resolve),
                    self._said(p),
                    p["in"],
                )
                for p in parameters
            ],
            body=self._body(operation.get("requestBody")),
            answers=[self._answer(status, response) for status, response in operation["responses"].items()],
        )

    def _body(self, request_body: dict | None) -> str:
        if request_body is None:
            return ""
        [(media_type, content)] = request_body["content"].items()
        return f"`{media_type}`: {self._content_text(content['schema'])}"

    def _answer(self, status, response: dict) -> Answer:
        response, _ = self.resolve(response)
        headers = ", ".join(f"`{name}`" for name in response.get("headers", {}))
        body = "; ".join(
            f"`{media_type}`: {self._content_text(content['schema'])}"
            for media_type, content in response.get("content", {}).items()
        )
        return Answer(str(status), one_line(response.get("description")), body, headers)

    def _content_text(self, schema: dict) -> str:
        """A body's type, and for a problem document the problem types it may have."""
        text = self.type_of(schema)
        kinds = merged(schema, self.resolve).get("properties", {}).get("type", {})
        values = [kinds["const"]] if "const" in kinds else kinds.get("enum", [])
        return f"{text} ({', '.join(f'`{value}`' for value in values)})" if values else text

    def schemas(self) -> list[Schema]:
        return [
            Schema(
                name,
                f"schema-{name.lower()}",
                one_line(schema.get("description")),
                self._kind(schema),
                self.rows(schema),
            )
            for name, schema in self.document["components"]["schemas"].items()
        ]

    def _kind(self, schema: dict) -> str:
        whole = merged(schema, self.resolve)
        if whole.get("type") == "object" or "properties" in whole:
            return "object" + (", no other properties" if whole.get("additionalProperties") is False else "")
        rules = rules_text(schema, self.resolve)
        return self.type_of(schema) + (f", {rules}" if rules else "")


def _sentence(text: str | None) -> str:
    text = one_line(text)
    return text if not text or text.endswith((".", "?", "!")) else text + "."
