"""The event schemas are the contract between producers and consumers (architecture.md, "Messages").

Every schema must itself be a valid JSON Schema, say in its content what its file name says,
accept its pass examples and refuse its fail examples, so a reader can trust both the schema and
the examples that explain it.
"""

import pytest
from jsonschema import Draft202012Validator

# The events of domain.md; a new event type needs a line here and its schema file.
DOMAIN_EVENT_TYPES = [
    "catalog.product_created",
    "purchase.goods_received",
    "sales.sales_order_placed",
    "sales.sales_order_delivered",
    "stock.stock_reserved",
    "stock.stock_reservation_rejected",
    "stock.stock_level_changed",
]
ENVELOPE_FIELDS = {"id", "type", "version", "occurred_at", "producer", "correlation_id", "data"}
SCHEMA_ID_BASE = "https://microservices-for-everyone.dev/contracts/events/"
MINIMUM_PASS_EXAMPLES = 2
MINIMUM_FAIL_EXAMPLES = 3


def subschemas(schema):
    """Every schema object nested in `schema`, itself included."""
    if isinstance(schema, dict):
        yield schema
        for value in schema.values():
            yield from subschemas(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from subschemas(item)


def validation_errors(example):
    validator = Draft202012Validator(example.schema_file.document)
    return [error.message for error in validator.iter_errors(example.document)]


def test_schema_is_valid_against_the_draft_2020_12_metaschema(event_schema):
    Draft202012Validator.check_schema(event_schema.document)


def test_schema_id_type_and_version_match_its_file_name(event_schema):
    schema = event_schema.document
    assert schema["$id"] == f"{SCHEMA_ID_BASE}{event_schema.path.name}"
    assert schema["properties"]["type"]["const"] == event_schema.event_type
    assert schema["properties"]["version"]["const"] == event_schema.version


def test_schema_is_published_by_the_service_its_type_names(event_schema):
    producer = event_schema.event_type.split(".")[0]
    assert event_schema.document["properties"]["producer"]["const"] == producer


def test_schema_has_a_title_and_a_description(event_schema):
    schema = event_schema.document
    assert schema.get("title", "").strip()
    assert schema.get("description", "").strip()


def test_schema_requires_the_whole_envelope(event_schema):
    schema = event_schema.document
    assert set(schema["required"]) == ENVELOPE_FIELDS
    assert set(schema["properties"]) == ENVELOPE_FIELDS


def test_schema_requires_every_data_field_it_describes(event_schema):
    data = event_schema.document["properties"]["data"]
    assert data["type"] == "object"
    assert data["properties"], "a data object without fields says nothing"
    assert set(data["required"]) == set(data["properties"])


def test_schema_tolerates_unknown_properties(event_schema):
    # Tolerant reader: a producer may add an optional field without breaking any consumer.
    closed = [
        s
        for s in subschemas(event_schema.document)
        if s.get("additionalProperties") is False or s.get("unevaluatedProperties") is False
    ]
    assert closed == []


def test_every_format_in_the_schema_is_backed_by_a_pattern(event_schema):
    # Validators treat "format" as a mere annotation by default, so only a pattern really checks.
    unchecked = [s for s in subschemas(event_schema.document) if "format" in s and "pattern" not in s]
    assert unchecked == []


def test_pass_example_is_valid_against_its_schema(pass_example):
    assert validation_errors(pass_example) == []


def test_fail_example_is_refused_by_its_schema(fail_example):
    assert validation_errors(fail_example), f"{fail_example.path.name} is accepted, but it should not be"


def test_fail_example_is_no_valid_message_of_any_other_type_or_version(fail_example, all_event_schemas):
    # A consumer picks the schema by the message's own type and version: a fail example that another schema
    # allows would be accepted as that event, and so would not show what its name says.
    accepted_by = [
        schema.path.name
        for schema in all_event_schemas
        if Draft202012Validator(schema.document).is_valid(fail_example.document)
    ]
    assert accepted_by == []


@pytest.mark.parametrize("event_type", DOMAIN_EVENT_TYPES)
def test_every_event_of_the_domain_has_a_v1_schema(event_type, all_event_schemas):
    assert f"{event_type}.v1" in {schema.stem for schema in all_event_schemas}


def test_schema_has_enough_pass_and_fail_examples(event_schema):
    assert len(event_schema.examples("pass")) >= MINIMUM_PASS_EXAMPLES
    assert len(event_schema.examples("fail")) >= MINIMUM_FAIL_EXAMPLES


def test_a_pass_example_shows_that_unknown_data_fields_are_tolerated(event_schema):
    known = set(event_schema.document["properties"]["data"]["properties"])
    with_unknown_field = [
        example.path.name for example in event_schema.examples("pass") if set(example.document["data"]) - known
    ]
    assert with_unknown_field, "no pass example carries a data field the schema does not name"


def test_every_example_folder_belongs_to_a_schema(example_folders, all_event_schemas):
    schemas = {schema.stem for schema in all_event_schemas}
    assert [folder.name for folder in example_folders if folder.name not in schemas] == []
