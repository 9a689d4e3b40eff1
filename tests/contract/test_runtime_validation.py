"""The services check events with fastjsonschema for speed (service_kit.contracts); the contracts are
defined by JSON Schema 2020-12, whose reference implementation is jsonschema. Both must give every
example the same verdict, or a service would accept what the contract refuses, or the other way."""

import json

import pytest
from jsonschema import Draft202012Validator

from service_kit.contracts import ContractViolation, EventContracts

from .conftest import EVENTS, EXAMPLES

EXAMPLE_FILES = sorted(EXAMPLES.glob("*/*/*.json"))


@pytest.fixture(scope="module")
def runtime_contracts() -> EventContracts:
    return EventContracts(EVENTS)


def runtime_accepts(contracts: EventContracts, envelope: dict) -> bool:
    try:
        contracts.validate(envelope)
    except ContractViolation:
        return False
    return True


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda path: "/".join(path.parts[-3:]))
def test_the_services_check_gives_every_example_the_verdict_of_the_reference_validator(runtime_contracts, example):
    stem = example.parts[-3]
    envelope = json.loads(example.read_text())
    reference = Draft202012Validator(json.loads((EVENTS / f"{stem}.schema.json").read_text())).is_valid(envelope)
    assert runtime_accepts(runtime_contracts, envelope) == reference
    assert reference == (example.parts[-2] == "pass")


def test_a_refused_event_is_explained_by_the_field_that_broke_it(runtime_contracts):
    envelope = json.loads(next(EXAMPLES.glob("stock.stock_reserved.v1/pass/*.json")).read_text())
    envelope["data"]["quantity"] = 0
    with pytest.raises(ContractViolation, match="data/quantity"):
        runtime_contracts.validate(envelope)
