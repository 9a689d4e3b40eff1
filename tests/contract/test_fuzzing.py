"""Property-based fuzzing of every endpoint of every service, in process, against its OpenAPI document.

For each operation of contracts/openapi/<service>.openapi.yaml, schemathesis draws requests from the
document, valid ones (positive) and ones that break it (negative), and Hypothesis sends them straight
into the service's Flask app (WSGI, no server). Every answer must be one the document allows (a listed
status code, its content type, its required headers, its body schema), valid requests must be
accepted and invalid ones refused, and none may be a server error: a 500 is a bug, while a 503 that
the operation lists (a dependency the request cannot do without) is an answer like any other.

The shop is set up first, so that valid requests can succeed: catalog has a product (and is served on
127.0.0.1, because sales asks it for prices), purchase and sales know it, stock has it in stock, a
purchase order is open and a sales order reserved. Valid bodies for purchase and sales name that
product (a random one would be refused with 422 unknown-product: right for the service, but not what
the document calls invalid), and half the valid ids in a path name one of these resources, so their
200s and 409s are checked as well as the 404s of unknown ids.

The figures are printed at the end of the run: endpoints, examples generated, and failures, the
endpoints where some drawn request got an answer the document does not allow.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import schemathesis
import yaml
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.core.failures import FailureGroup

from contract_tools.responses import ResponseBreaksContract, ResponseContracts

from .conftest import OPENAPI, FuzzFigures, Tally
from .in_process import deliver, outbox, served, service_app

EXAMPLES_PER_ENDPOINT = 200
HTTP_METHODS = {"get", "put", "post", "delete", "patch"}
CONSUMERS = {
    "catalog.product_created": ("purchase", "sales", "dashboard"),
    "purchase.goods_received": ("stock", "dashboard"),
    "sales.sales_order_placed": ("stock", "dashboard"),
    "sales.sales_order_delivered": ("stock", "dashboard"),
    "stock.stock_reserved": ("sales", "dashboard"),
    "stock.stock_reservation_rejected": ("sales", "dashboard"),
    "stock.stock_level_changed": ("purchase", "dashboard"),
}
# The operations whose valid bodies name a product the service must already know.
NAMES_A_KNOWN_PRODUCT = ("createPurchaseOrder", "placeSalesOrder")


def endpoints() -> list:
    found = []
    for path in sorted(OPENAPI.glob("*.openapi.yaml")):
        service = path.name.split(".")[0]
        for route, item in yaml.safe_load(path.read_text())["paths"].items():
            found += [
                pytest.param(service, f"{method.upper()} {route}", id=f"{service} {method.upper()} {route}")
                for method in item
                if method in HTTP_METHODS
            ]
    return found


@dataclass
class Shop:
    apps: dict[str, Flask]
    known_ids: dict[str, str]  # path parameter or body field -> an id the services know


def play_the_broker(apps: dict[str, Flask]) -> None:
    """Deliver every event published so far to each consumer of its type (the inboxes skip repeats)."""
    for producer in ("catalog", "purchase", "sales", "stock"):
        for event in outbox(apps[producer]):
            for consumer in CONSUMERS[event["type"]]:
                deliver(apps[consumer], event)


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> Iterator[Shop]:
    folder: Path = tmp_path_factory.mktemp("fuzzed-shop")
    catalog = service_app("catalog", folder)
    with served(catalog) as catalog_url:
        apps = {
            "catalog": catalog,
            "purchase": service_app("purchase", folder),
            "sales": service_app("sales", folder, CATALOG_URL=catalog_url),
            "stock": service_app("stock", folder),
            "dashboard": service_app("dashboard", folder),
        }
        product = catalog.test_client().post("/products", json={"name": "Teapot", "price_cents": 1500}).get_json()
        line = {"product_id": product["product_id"], "quantity": 10}
        purchase = apps["purchase"].test_client()
        play_the_broker(apps)
        received = purchase.post("/purchase-orders", json=line).get_json()
        purchase.post(f"/purchase-orders/{received['purchase_order_id']}/receive")
        play_the_broker(apps)
        # An open purchase order can be received once, a reserved sales order delivered once: then come 409s.
        still_open = purchase.post("/purchase-orders", json=line).get_json()
        placed = apps["sales"].test_client().post("/sales-orders", json={**line, "quantity": 2}).get_json()
        play_the_broker(apps)
        yield Shop(
            apps,
            {
                "product_id": product["product_id"],
                "purchase_order_id": still_open["purchase_order_id"],
                "sales_order_id": placed["sales_order_id"],
            },
        )


def fuzzing_config(known_ids: dict[str, str]) -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            # status_code_conformance already refuses a 503 the operation does not list.
            "checks": {"not_a_server_error": {"expected-statuses": ["2xx", "3xx", "4xx", "503"]}},
            # Half the valid ids in a path name a resource that exists, so its answers are checked too.
            "dictionaries": {name: {"values": [value]} for name, value in known_ids.items()},
            "parameters": {f"path.{name}": {"dictionary": name, "probability": 0.5} for name in known_ids},
            "operations": [
                {"include-operation-id": operation_id, "parameters": {"body.product_id": known_ids["product_id"]}}
                for operation_id in NAMES_A_KNOWN_PRODUCT
            ],
        }
    )


@pytest.fixture(scope="module")
def documents(shop) -> dict:
    loaded = {}
    for service, app in shop.apps.items():
        schema = schemathesis.openapi.from_path(
            OPENAPI / f"{service}.openapi.yaml", config=fuzzing_config(shop.known_ids)
        )
        schema.app = app
        loaded[service] = schema
    return loaded


@pytest.fixture(scope="module")
def contracts() -> ResponseContracts:
    return ResponseContracts()


def fuzz(operation, contracts: ResponseContracts, tally: Tally, examples: int = EXAMPLES_PER_ENDPOINT) -> None:
    """Send drawn requests to the operation's app; fail on the first answer the document does not allow.

    Hypothesis then shrinks the request to the smallest one that still gets such an answer, and shows it.
    """
    service = operation.schema.app.name
    requests = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=requests)
    def answer_as_documented(case):
        tally.examples += 1
        response = case.call()
        try:
            case.validate_response(response)
        except FailureGroup as failures:
            raise ResponseBreaksContract(f"{service} {operation.label}:\n{failures}") from None
        # The checker every other test uses must agree with schemathesis on each of these answers.
        contracts.check(service, response)

    try:
        answer_as_documented()
    except Exception:
        tally.failures += 1
        raise


@pytest.mark.parametrize("service, endpoint", endpoints())
def test_every_drawn_request_gets_an_answer_the_document_allows_and_never_a_server_error(
    documents, contracts, fuzz_figures: FuzzFigures, service, endpoint
):
    fuzz(documents[service].find_operation_by_label(endpoint), contracts, fuzz_figures.endpoint(service, endpoint))


def test_the_fuzzing_fails_on_an_answer_the_document_does_not_allow(shop, contracts):
    # The same stock app, held to a copy of its document that demands a field no stock level has.
    document = yaml.safe_load((OPENAPI / "stock.openapi.yaml").read_text())
    document["components"]["schemas"]["StockLevel"]["required"].append("warehouse")
    schema = schemathesis.openapi.from_dict(document, config=fuzzing_config(shop.known_ids))
    schema.app = shop.apps["stock"]
    tally = Tally()
    with pytest.raises(ResponseBreaksContract, match='"warehouse" is a required property'):
        fuzz(schema.find_operation_by_label("GET /stock-levels"), contracts, tally, examples=5)
    assert tally.failures == 1
