"""The request rules each service enforces are the ones its OpenAPI document states.

A service checks a request body with a schema written in its HTTP entrypoint, next to the view that
uses it (contracts/DECISIONS.md says why it is not read from contracts/ at run time). The document is
the truth: these tests compare the two, keyword by keyword, and an entrypoint that drifts fails here.
"""

import re

import pytest

from catalog.entrypoints.http import NEW_PRODUCT
from purchase.entrypoints.http import NEW_PURCHASE_ORDER
from sales.entrypoints.http import _IDEMPOTENCY_KEY, NEW_SALES_ORDER
from service_kit import correlation

from .conftest import OPENAPI, ContractFile, operations, resolved

ENFORCED_BODIES = {
    ("catalog", "POST", "/products"): NEW_PRODUCT,
    ("purchase", "POST", "/purchase-orders"): NEW_PURCHASE_ORDER,
    ("sales", "POST", "/sales-orders"): NEW_SALES_ORDER,
}
# Keywords that describe a value without constraining it: `format` is one, since validators only note it.
ANNOTATIONS = {"description", "title", "example", "examples", "format", "default", "$comment", "deprecated"}


def document(service: str) -> ContractFile:
    return ContractFile(OPENAPI / f"{service}.openapi.yaml")


def constraints(contract_file: ContractFile, schema):
    """The schema with every `$ref` followed and every annotation left out: only what it enforces."""
    schema = resolved(contract_file, schema)
    if isinstance(schema, dict):
        return {key: constraints(contract_file, value) for key, value in schema.items() if key not in ANNOTATIONS}
    if isinstance(schema, list):
        return [constraints(contract_file, item) for item in schema]
    return schema


def header_pattern(service: str, name: str) -> str:
    contract_file = document(service)
    return resolved(contract_file, contract_file.document["components"]["headers"][name])["schema"]["pattern"]


def documented_bodies() -> dict[tuple[str, str, str], tuple[ContractFile, dict]]:
    found = {}
    for path in sorted(OPENAPI.glob("*.openapi.yaml")):
        contract_file = ContractFile(path)
        for method, route, operation, _ in operations(contract_file.document):
            if "requestBody" in operation:
                schema = operation["requestBody"]["content"]["application/json"]["schema"]
                found[(contract_file.stem, method, route)] = (contract_file, schema)
    return found


def test_every_documented_request_body_is_enforced_by_its_service():
    assert set(documented_bodies()) == set(ENFORCED_BODIES)


@pytest.mark.parametrize("endpoint", ENFORCED_BODIES, ids=lambda endpoint: " ".join(endpoint))
def test_the_body_schema_a_service_enforces_is_the_one_its_document_states(endpoint):
    contract_file, schema = documented_bodies()[endpoint]
    enforced = constraints(contract_file, ENFORCED_BODIES[endpoint].schema)
    assert enforced == constraints(contract_file, schema)


def test_the_idempotency_key_sales_accepts_is_the_documented_one():
    contract_file = document("sales")
    parameter = resolved(contract_file, contract_file.document["components"]["parameters"]["Idempotency-Key"])
    assert parameter["schema"]["pattern"] == f"^{_IDEMPOTENCY_KEY.pattern}$"


@pytest.mark.parametrize("service", sorted(path.stem.split(".")[0] for path in OPENAPI.glob("*.openapi.yaml")))
def test_the_correlation_id_every_service_echoes_is_the_documented_one(service):
    assert re.fullmatch(r"\^(.*)\$", header_pattern(service, "X-Correlation-ID"))[1] == correlation._PATTERN.pattern
