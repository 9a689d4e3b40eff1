"""JSON Schema in words: the short type and rule texts the rendered contract pages put in their tables."""

import json
from collections.abc import Callable

Resolve = Callable[[dict], tuple[dict, str | None]]  # a schema -> (the schema behind its $ref, the ref's name)


def merged(schema: dict, resolve: Resolve) -> dict:
    """The schema with its `$ref` followed and an `allOf` folded in, as a reader takes it in."""
    schema, _ = resolve(schema)
    if "allOf" not in schema:
        return schema
    result = {key: value for key, value in schema.items() if key != "allOf"}
    for part in schema["allOf"]:
        part = merged(part, resolve)
        result["required"] = sorted(set(result.get("required", [])) | set(part.get("required", [])))
        # A later part says more about a field (Problem's `status`, then `status: 422`): it wins.
        result["properties"] = {**result.get("properties", {}), **part.get("properties", {})}
        result.update({k: v for k, v in part.items() if k not in ("required", "properties") and k not in result})
    return result


def type_text(schema: dict, resolve: Resolve, link: Callable[[str], str]) -> str:
    """`string`, `integer or null`, `array of [SalesOrder](#salesorder)`, `one of "a", "b"`."""
    target, name = resolve(schema)
    if name is not None:
        return link(name)
    if "allOf" in target:
        return " and ".join(type_text(part, resolve, link) for part in target["allOf"] if "$ref" in part) or "object"
    if "const" in target:
        return f"always {_value(target['const'])}"
    if "enum" in target:
        return "one of " + ", ".join(_value(value) for value in target["enum"])
    types = target.get("type")
    types = [types] if isinstance(types, str) else list(types or [])
    if "array" in types:
        return f"array of {type_text(target.get('items', {}), resolve, link)}"
    if isinstance(target.get("additionalProperties"), dict) and not target.get("properties"):
        return f"object: name -> {type_text(target['additionalProperties'], resolve, link)}"
    if not types:
        return "any JSON value"
    fmt = f" ({target['format']})" if "format" in target else ""
    return " or ".join(types) + fmt


def rules_text(schema: dict, resolve: Resolve) -> str:
    """The constraints a value must meet, in a few words: `1 to 200 characters`, `at least 0`."""
    target, _ = resolve(schema)
    rules = []
    for low, high, unit in (("minLength", "maxLength", "characters"), ("minItems", "maxItems", "items")):
        rules += _range(target.get(low), target.get(high), unit)
    rules += _range(target.get("minimum"), target.get("maximum"), "")
    if "pattern" in target and "format" not in target:
        rules.append(f"matches `{target['pattern']}`")
    if target.get("additionalProperties") is False:
        rules.append("no other properties")
    return ", ".join(rules)


def _range(low, high, unit: str) -> list[str]:
    def counted(number) -> str:
        return f"{number} {unit if number != 1 else unit.removesuffix('s')}".rstrip()

    if low is not None and high is not None:
        return [f"{low} to {counted(high)}"]
    if low is not None:
        return [f"at least {counted(low)}"]
    if high is not None:
        return [f"at most {counted(high)}"]
    return []


def _value(value) -> str:
    return f"`{json.dumps(value)}`"


def one_line(text: str | None) -> str:
    """A description fit for a table cell: one line, no pipe that would split the cell."""
    return " ".join((text or "").split()).replace("|", "\\|")
