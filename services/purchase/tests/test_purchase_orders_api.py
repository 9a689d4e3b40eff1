"""Purchase's HTTP API in process, on a real SQLite file, with events captured in its outbox."""

import uuid

import pytest

PROBLEMS = "https://microservices-for-everyone.dev/problems/"


@pytest.fixture
def cup(product_created) -> str:
    return product_created("Espresso cup")


@pytest.fixture
def open_order(client, cup) -> dict:
    return client.post("/purchase-orders", json={"product_id": cup, "quantity": 40}).get_json()


def test_a_purchase_order_for_a_known_product_is_created_open(client, cup, outbox_events):
    response = client.post("/purchase-orders", json={"product_id": cup, "quantity": 40})
    assert response.status_code == 201
    order = response.get_json()
    assert order == {
        "purchase_order_id": order["purchase_order_id"],
        "product_id": cup,
        "quantity": 40,
        "status": "open",
    }
    assert uuid.UUID(order["purchase_order_id"]).version == 4
    assert response.headers["Location"] == f"/purchase-orders/{order['purchase_order_id']}"
    assert client.get(response.headers["Location"]).get_json() == order
    assert outbox_events() == []


def test_purchase_orders_are_listed_oldest_first(client, cup, product_created):
    teapot = product_created("Tea pot")
    first = client.post("/purchase-orders", json={"product_id": cup, "quantity": 1}).get_json()
    second = client.post("/purchase-orders", json={"product_id": teapot, "quantity": 2}).get_json()
    assert client.get("/purchase-orders").get_json() == {"purchase_orders": [first, second]}


def test_the_list_is_empty_before_anything_was_ordered(client):
    assert client.get("/purchase-orders").get_json() == {"purchase_orders": []}


def test_a_purchase_order_for_a_product_purchase_never_heard_of_is_a_422(client, purchase_orders):
    response = client.post("/purchase-orders", json={"product_id": str(uuid.uuid4()), "quantity": 1})
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    problem = response.get_json()
    assert problem["type"] == PROBLEMS + "unknown-product"
    assert problem["errors"] == [{"field": "product_id", "message": "unknown product"}]
    assert purchase_orders() == []


@pytest.mark.parametrize(
    "body, field",
    [
        ({"quantity": 1}, "product_id"),
        ({"product_id": "not-a-uuid", "quantity": 1}, "product_id"),
        ({"product_id": 42, "quantity": 1}, "product_id"),
        ({"product_id": "CUP"}, "quantity"),
        ({"product_id": "CUP", "quantity": 0}, "quantity"),
        ({"product_id": "CUP", "quantity": 1_000_001}, "quantity"),
        ({"product_id": "CUP", "quantity": "5"}, "quantity"),
        ({"product_id": "CUP", "quantity": True}, "quantity"),
        ({"product_id": "CUP", "quantity": 1.5}, "quantity"),
        ({"product_id": "CUP", "quantity": None}, "quantity"),
        ({"product_id": "CUP", "quantity": 1, "supplier": "Acme"}, "supplier"),
    ],
)
def test_a_purchase_order_that_breaks_the_contract_is_refused_with_422(client, cup, purchase_orders, body, field):
    body = {key: cup if value == "CUP" else value for key, value in body.items()}
    response = client.post("/purchase-orders", json=body)
    assert response.status_code == 422
    problem = response.get_json()
    assert problem["type"] == PROBLEMS + "validation-failed"
    assert field in [error["field"] for error in problem["errors"]]
    assert purchase_orders() == []


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b'"cup"', b"\xff\xfe", b""])
def test_a_body_that_is_not_a_json_object_is_refused_with_400(client, raw):
    response = client.post("/purchase-orders", data=raw, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["type"] == PROBLEMS + "invalid-json"


def test_receiving_an_open_order_answers_the_received_order_and_announces_the_goods(client, open_order, outbox_events):
    order_id = open_order["purchase_order_id"]
    response = client.post(f"/purchase-orders/{order_id}/receive", headers={"X-Correlation-ID": "delivery-7"})
    assert response.status_code == 200
    assert response.get_json() == {**open_order, "status": "received"}
    assert client.get(f"/purchase-orders/{order_id}").get_json()["status"] == "received"
    [event] = outbox_events()
    assert event["type"] == "purchase.goods_received"
    assert event["producer"] == "purchase"
    assert event["correlation_id"] == "delivery-7"
    assert event["data"] == {"purchase_order_id": order_id, "product_id": open_order["product_id"], "quantity": 40}


def test_receiving_ignores_any_body(client, open_order):
    response = client.post(
        f"/purchase-orders/{open_order['purchase_order_id']}/receive", data=b"{oops", content_type="application/json"
    )
    assert response.status_code == 200


def test_receiving_an_order_twice_is_a_409_and_announces_the_goods_once(client, open_order, outbox_events):
    path = f"/purchase-orders/{open_order['purchase_order_id']}/receive"
    client.post(path)
    response = client.post(path)
    assert response.status_code == 409
    assert response.content_type == "application/problem+json"
    assert response.get_json()["type"] == PROBLEMS + "illegal-state-change"
    assert len(outbox_events()) == 1


@pytest.mark.parametrize("order_id", [str(uuid.uuid4()), "not-a-uuid", "%20"])
def test_unknown_and_malformed_ids_are_404_problems(client, order_id):
    for response in (client.get(f"/purchase-orders/{order_id}"), client.post(f"/purchase-orders/{order_id}/receive")):
        assert response.status_code == 404
        assert response.content_type == "application/problem+json"
        assert response.get_json()["type"] == PROBLEMS + "not-found"


def test_an_unknown_path_is_a_404_problem(client):
    response = client.get("/purchase-order")
    assert response.status_code == 404
    assert response.get_json()["type"] == "about:blank"


@pytest.mark.parametrize(
    "method, path",
    [("delete", "/purchase-orders"), ("put", "/purchase-orders/x"), ("get", "/purchase-orders/x/receive")],
)
def test_a_wrong_method_is_a_405_problem(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response.content_type == "application/problem+json"
    assert response.headers["Allow"]


def test_readiness_reports_both_workers_and_no_breakers(client):
    response = client.get("/health/ready")
    assert response.status_code == 200
    report = response.get_json()
    assert report["status"] == "degraded"  # no broker in these tests
    assert report["checks"]["breakers"] == {}
    assert set(report["checks"]["workers"]) == {"outbox-relay", "consumer"}
    assert report["checks"]["outbox_backlog"] == 0
