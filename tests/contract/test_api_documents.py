"""The OpenAPI documents describe each service's HTTP API, asyncapi.yaml the broker between them.

Both are read by tools (schemathesis fuzzes the services against the OpenAPI documents), so they
must be valid, complete for the endpoints and events of domain.md, and internally consistent
with the conventions of contracts/DECISIONS.md.
"""

import re

import pytest
from openapi_spec_validator import validate

from .conftest import operations, resolved

HEALTH_ENDPOINTS = {("GET", "/health/live"), ("GET", "/health/ready")}
# domain.md's HTTP column; a path parameter is written {} because its name is the document's choice.
DOMAIN_ENDPOINTS = {
    "catalog": {("POST", "/products"), ("GET", "/products"), ("GET", "/products/{}")},
    "purchase": {
        ("POST", "/purchase-orders"),
        ("GET", "/purchase-orders"),
        ("GET", "/purchase-orders/{}"),
        ("POST", "/purchase-orders/{}/receive"),
    },
    "sales": {
        ("POST", "/sales-orders"),
        ("GET", "/sales-orders"),
        ("GET", "/sales-orders/{}"),
        ("POST", "/sales-orders/{}/deliver"),
    },
    "stock": {("GET", "/stock-levels"), ("GET", "/stock-levels/{}")},
    "dashboard": {("GET", "/"), ("GET", "/api/overview")},
}
# Readiness reports its checks even when it is down, so its 503 is a readiness document.
NOT_A_PROBLEM = {("GET", "/health/ready", "503")}
# The queues of DECISIONS.md and the routing keys each is bound to.
CONSUMER_BINDING_KEYS = {
    "purchase.events": {"catalog.product_created", "stock.stock_level_changed"},
    "sales.events": {"catalog.product_created", "stock.stock_reserved", "stock.stock_reservation_rejected"},
    "stock.events": {"purchase.goods_received", "sales.sales_order_placed", "sales.sales_order_delivered"},
    "dashboard.events": {"#"},
}


def header(contract_file, response, name):
    return resolved(contract_file, response.get("headers", {}).get(name, {}))


def responses(contract_file):
    """(method, path, status, response) for every response of every operation."""
    for method, path, operation, _ in operations(contract_file.document):
        for status, response in operation["responses"].items():
            yield method, path, str(status), resolved(contract_file, response)


def all_refs(node):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from all_refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from all_refs(item)


def test_openapi_document_is_a_valid_openapi_3_1_document(openapi_document):
    document = openapi_document.document
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_every_service_has_an_openapi_document(all_openapi_documents):
    assert {document.stem for document in all_openapi_documents} == set(DOMAIN_ENDPOINTS)


def test_openapi_document_has_the_endpoints_of_the_domain(openapi_document):
    documented = {
        (method, re.sub(r"\{[^}]*\}", "{}", path)) for method, path, _, _ in operations(openapi_document.document)
    }
    missing = (DOMAIN_ENDPOINTS[openapi_document.stem] | HEALTH_ENDPOINTS) - documented
    assert missing == set()


def test_every_response_carries_a_correlation_id(openapi_document):
    without = [
        f"{method} {path} {status}"
        for method, path, status, response in responses(openapi_document)
        if not header(openapi_document, response, "X-Correlation-ID").get("required")
    ]
    assert without == []


def test_every_error_response_is_a_problem_document(openapi_document):
    not_problems = [
        f"{method} {path} {status}"
        for method, path, status, response in responses(openapi_document)
        if int(status) >= 400
        and (method, path, status) not in NOT_A_PROBLEM
        and set(response.get("content", {})) != {"application/problem+json"}
    ]
    assert not_problems == []


def test_every_created_response_says_where_the_resource_lives(openapi_document):
    without_location = [
        f"{method} {path}"
        for method, path, status, response in responses(openapi_document)
        if status == "201" and not header(openapi_document, response, "Location").get("required")
    ]
    assert without_location == []


def test_request_bodies_refuse_unknown_properties(openapi_document):
    for method, path, operation, _ in operations(openapi_document.document):
        if "requestBody" in operation:
            schema = resolved(openapi_document, operation["requestBody"]["content"]["application/json"]["schema"])
            assert schema.get("additionalProperties") is False, f"{method} {path}"


def test_path_parameters_are_uuid_strings(openapi_document):
    for method, path, _, parameters in operations(openapi_document.document):
        for parameter in map(lambda p: resolved(openapi_document, p), parameters):
            if parameter["in"] == "path":
                assert parameter["schema"] == {"type": "string", "format": "uuid"}, f"{method} {path}"


def test_operations_list_the_errors_their_input_can_cause(openapi_document):
    for method, path, operation, parameters in operations(openapi_document.document):
        statuses = set(map(str, operation["responses"]))
        if any(resolved(openapi_document, p)["in"] == "path" for p in parameters):
            assert "404" in statuses, f"{method} {path}: an unknown id"
        if "requestBody" in operation:
            assert {"400", "422"} <= statuses, f"{method} {path}: a body that is not JSON or breaks the contract"


def test_asyncapi_document_declares_asyncapi_3_0_0(asyncapi):
    assert asyncapi.document["asyncapi"] == "3.0.0"


def test_asyncapi_has_a_channel_for_the_event_schema(event_schema, asyncapi):
    channels = [c for c in asyncapi.document["channels"].values() if c["address"] == event_schema.event_type]
    assert len(channels) == 1, f"one channel with the address {event_schema.event_type}"
    payloads = [resolved(asyncapi, m)["payload"]["$ref"] for m in channels[0]["messages"].values()]
    assert any((asyncapi.path.parent / ref).resolve() == event_schema.path for ref in payloads)


def test_event_is_published_by_its_producer_alone(event_schema, asyncapi):
    channel = next(name for name, c in asyncapi.document["channels"].items() if c["address"] == event_schema.event_type)
    senders = {
        resolved(asyncapi, tag)["name"]
        for operation in asyncapi.document["operations"].values()
        if operation["action"] == "send" and operation["channel"]["$ref"] == f"#/channels/{channel}"
        for tag in operation["tags"]
    }
    assert senders == {event_schema.document["properties"]["producer"]["const"]}


def test_every_ref_in_asyncapi_resolves(asyncapi):
    refs = sorted(set(all_refs(asyncapi.document)))
    assert refs, "asyncapi.yaml references nothing, not even the event schemas"
    unresolved = []
    for ref in refs:
        try:
            asyncapi.follow(ref)
        except (OSError, LookupError, ValueError) as error:
            unresolved.append(f"{ref}: {error}")
    assert unresolved == []


@pytest.mark.parametrize("queue", CONSUMER_BINDING_KEYS)
def test_consumer_queue_carries_exactly_the_events_its_bindings_match(queue, asyncapi, all_event_schemas):
    channel = next(c for c in asyncapi.document["channels"].values() if c["address"] == queue)
    keys = set(channel["x-binding-keys"])
    assert keys == CONSUMER_BINDING_KEYS[queue]
    # A topic binding: "#" matches any words, "*" exactly one.
    patterns = [re.compile("^" + re.escape(k).replace(r"\#", ".*").replace(r"\*", "[^.]+") + "$") for k in keys]
    expected = {s.event_type for s in all_event_schemas if any(p.match(s.event_type) for p in patterns)}
    carried = {resolved(asyncapi, m)["name"] for m in channel["messages"].values()}
    assert carried == expected


@pytest.mark.parametrize("queue", CONSUMER_BINDING_KEYS)
def test_consumer_queue_carries_every_version_of_its_events(queue, asyncapi, all_event_schemas):
    # A consumer accepts every version still on the channel: messages of an older one may wait in its queue.
    channel = next(c for c in asyncapi.document["channels"].values() if c["address"] == queue)
    carried = {resolved(asyncapi, m)["payload"]["$ref"].rsplit("/", 1)[-1] for m in channel["messages"].values()}
    types = {resolved(asyncapi, m)["name"] for m in channel["messages"].values()}
    expected = {schema.path.name for schema in all_event_schemas if schema.event_type in types}
    assert carried == expected
