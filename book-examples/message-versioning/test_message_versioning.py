"""The versioning tour, run with its one command, and the future schema it brings, checked as a contract.

Sales' real consumer must refuse a broken message and an unknown version with a reason and tolerate an
unknown field; a consumer that accepts both versions must store both alike.
"""

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

HERE = Path(__file__).resolve().parent
CONTRACTS = HERE.parents[1] / "contracts" / "events"
FUTURE = HERE / "a-future-version" / "catalog.product_created.v2.schema.json"


@pytest.fixture(scope="module")
def told(run):
    return " ".join(run([HERE / "run.sh"]).split())  # one line: the tour wraps long reasons


def test_an_event_is_serialized_as_json_and_read_back_the_same(told):
    assert re.search(r"on the wire: \d+ bytes of compact JSON; read back, it is the same: True", told)
    assert "content_type=application/json, delivery_mode=2 (persistent)" in told


def test_a_message_that_breaks_its_contract_is_refused_at_both_ends(told):
    reason = "catalog.product_created v1 breaks its contract at data/price_cents: '19.99' is not of type 'integer'"
    assert f"a producer's check refuses it: {reason}" in told
    assert f"sales <- v1: dead-letter: {reason}" in told


def test_a_field_the_consumer_does_not_know_is_tolerated(told):
    assert "sales <- v1: ack" in told


def test_a_version_the_consumer_does_not_know_is_dead_lettered_with_the_reason(told):
    assert "sales <- v2: dead-letter: catalog.product_created v2 is not a version this service accepts" in told


def test_a_consumer_ready_for_version_2_stores_both_versions_alike(told):
    assert "ready <- v1: ack ready <- v2: ack stored: Teapot, 1999 EUR stored: Kettle, 2500 EUR" in told


def test_the_future_version_is_a_valid_schema_that_no_version_1_message_satisfies():
    """Incompatible by design: that is why it is a new version, and not an edit of version 1."""
    schema = json.loads(FUTURE.read_text())
    Draft202012Validator.check_schema(schema)
    future = Draft202012Validator(schema)
    examples = sorted((CONTRACTS / "examples" / "catalog.product_created.v1" / "pass").glob("*.json"))
    assert examples, "version 1 has no pass examples to compare with"
    for example in examples:
        message = json.loads(example.read_text())
        assert not future.is_valid({**message, "version": 2}), f"{example.name} would pass as version 2"
