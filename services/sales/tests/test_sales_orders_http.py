"""Sales in process: its HTTP API on a real SQLite file, catalog a real local server, events read from the outbox."""

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

PROBLEMS = "https://microservices-for-everyone.dev/problems/"


@pytest.fixture
def cup(catalog) -> dict:
    return catalog.add(str(uuid.uuid4()), "Espresso cup", 450)


@pytest.fixture
def known_to_sales(receive, envelope, cup) -> dict:
    """The cup as sales' copy of the catalog has it, recorded from catalog.product_created."""
    assert receive(envelope("catalog.product_created", {**cup, "price_cents": 399})).action == "ack"
    return cup


def place(client, product_id: str, quantity: int = 2, **headers):
    return client.post("/sales-orders", json={"product_id": product_id, "quantity": quantity}, headers=headers)


def test_an_order_is_placed_at_catalogs_price_and_announced(client, catalog, cup, outbox_events):
    response = place(client, cup["product_id"], **{"X-Correlation-ID": "checkout-42"})
    assert response.status_code == 201
    order = response.get_json()
    assert order == {
        "sales_order_id": order["sales_order_id"],
        "product_id": cup["product_id"],
        "quantity": 2,
        "unit_price_cents": 450,
        "price_source": "catalog",
        "status": "pending",
        "rejection_reason": None,
    }
    assert response.headers["Location"] == f"/sales-orders/{order['sales_order_id']}"
    assert catalog.requests[-1].headers["X-Correlation-ID"] == "checkout-42"
    [event] = outbox_events()
    assert (event["type"], event["version"]) == ("sales.sales_order_placed", 2)
    assert event["data"] == {
        "sales_order_id": order["sales_order_id"],
        "product_id": cup["product_id"],
        "quantity": 2,
        "unit_price_cents": 450,
        "price_source": "catalog",
    }
    assert event["correlation_id"] == "checkout-42"


def test_orders_are_read_back_one_by_one_and_listed_oldest_first(client, cup):
    first = place(client, cup["product_id"], 1).get_json()
    second = place(client, cup["product_id"], 5).get_json()
    assert client.get(f"/sales-orders/{first['sales_order_id']}").get_json() == first
    assert client.get("/sales-orders").get_json() == {"sales_orders": [first, second]}


@pytest.mark.parametrize("answer", ["error", "garbage"])
def test_the_cached_price_is_used_when_catalog_fails(client, catalog, known_to_sales, answer):
    catalog.answer = answer
    response = place(client, known_to_sales["product_id"])
    assert response.status_code == 201
    assert (response.get_json()["unit_price_cents"], response.get_json()["price_source"]) == (399, "cached")


def test_the_cached_price_is_used_when_catalog_is_too_slow(client, catalog, known_to_sales):
    catalog.delay_seconds = 10
    response = place(client, known_to_sales["product_id"])
    assert response.status_code == 201
    assert response.get_json()["price_source"] == "cached"


def test_a_product_sales_never_saw_while_catalog_is_down_is_a_503_with_retry_after(client, catalog, cup, outbox_events):
    catalog.answer = "error"
    response = place(client, cup["product_id"])
    assert response.status_code == 503
    assert response.content_type == "application/problem+json"
    assert response.get_json()["type"] == PROBLEMS + "dependency-unavailable"
    assert int(response.headers["Retry-After"]) > 0
    assert outbox_events() == []
    assert client.get("/sales-orders").get_json() == {"sales_orders": []}


def test_a_product_catalog_does_not_know_is_a_422(client, outbox_events):
    response = place(client, str(uuid.uuid4()))
    assert response.status_code == 422
    assert response.get_json()["type"] == PROBLEMS + "unknown-product"
    assert response.get_json()["errors"][0]["field"] == "product_id"
    assert outbox_events() == []


def test_a_repeat_with_the_same_idempotency_key_answers_200_with_the_same_order(client, catalog, cup, outbox_events):
    first = place(client, cup["product_id"], **{"Idempotency-Key": "basket-17.try_1"})
    catalog.answer = "error"  # the repeat must not depend on catalog
    repeat = place(client, cup["product_id"], **{"Idempotency-Key": "basket-17.try_1"})
    assert (first.status_code, repeat.status_code) == (201, 200)
    assert repeat.get_json() == first.get_json()
    assert repeat.headers["Location"] == first.headers["Location"]
    assert len(outbox_events()) == 1


def test_concurrent_requests_with_one_idempotency_key_place_one_order(app, catalog, cup, outbox_events):
    catalog.delay_seconds = 0.1  # every request gets past the key look-up before the first one stores its order

    def attempt(_):
        return place(app.test_client(), cup["product_id"], **{"Idempotency-Key": "double-click"})

    with ThreadPoolExecutor(max_workers=4) as pool:
        responses = list(pool.map(attempt, range(4)))
    assert sorted(response.status_code for response in responses) == [200, 200, 200, 201]
    assert len({response.get_json()["sales_order_id"] for response in responses}) == 1
    assert len(app.test_client().get("/sales-orders").get_json()["sales_orders"]) == 1
    assert len(outbox_events()) == 1


@pytest.mark.parametrize("key", ["", "x" * 129, "has space", "slash/ed", "ü"])
def test_a_malformed_idempotency_key_is_a_400_problem(client, cup, key):
    response = place(client, cup["product_id"], **{"Idempotency-Key": key})
    assert response.status_code == 400
    assert response.get_json()["type"] == PROBLEMS + "invalid-header"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"quantity": 1}, "product_id"),
        ({"product_id": "not-a-uuid", "quantity": 1}, "product_id"),
        ({"product_id": 42, "quantity": 1}, "product_id"),
        ({"product_id": "8728fb19-888f-4744-8e14-ba3b1912eec5"}, "quantity"),
        ({"product_id": "8728fb19-888f-4744-8e14-ba3b1912eec5", "quantity": 0}, "quantity"),
        ({"product_id": "8728fb19-888f-4744-8e14-ba3b1912eec5", "quantity": 1_000_001}, "quantity"),
        ({"product_id": "8728fb19-888f-4744-8e14-ba3b1912eec5", "quantity": 1.5}, "quantity"),
        ({"product_id": "8728fb19-888f-4744-8e14-ba3b1912eec5", "quantity": "2"}, "quantity"),
        ({"product_id": "8728fb19-888f-4744-8e14-ba3b1912eec5", "quantity": True}, "quantity"),
        ({"product_id": "8728fb19-888f-4744-8e14-ba3b1912eec5", "quantity": 1, "gift": True}, "gift"),
    ],
)
def test_an_order_that_breaks_the_contract_is_a_422(client, catalog, outbox_events, body, field):
    response = client.post("/sales-orders", json=body)
    assert response.status_code == 422
    assert response.get_json()["type"] == PROBLEMS + "validation-failed"
    assert field in [error["field"] for error in response.get_json()["errors"]]
    assert catalog.requests == []
    assert outbox_events() == []


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b"\xff\xfe", b""])
def test_a_body_that_is_not_a_json_object_is_a_400(client, raw):
    response = client.post("/sales-orders", data=raw, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["type"] == PROBLEMS + "invalid-json"


def test_a_reserved_order_is_delivered_and_announced(client, cup, receive, envelope, outbox_events):
    order = place(client, cup["product_id"]).get_json()
    receive(envelope("stock.stock_reserved", {k: order[k] for k in ("sales_order_id", "product_id", "quantity")}))
    response = client.post(f"/sales-orders/{order['sales_order_id']}/deliver", data=b"ignored")
    assert response.status_code == 200
    assert response.get_json() == {**order, "status": "delivered"}
    assert [event["type"] for event in outbox_events()] == ["sales.sales_order_placed", "sales.sales_order_delivered"]
    assert outbox_events()[-1]["data"] == {k: order[k] for k in ("sales_order_id", "product_id", "quantity")}


def test_delivering_an_order_that_is_not_reserved_is_a_409(client, cup, receive, envelope, outbox_events):
    order = place(client, cup["product_id"]).get_json()
    pending = client.post(f"/sales-orders/{order['sales_order_id']}/deliver")
    receive(envelope("stock.stock_reserved", {k: order[k] for k in ("sales_order_id", "product_id", "quantity")}))
    client.post(f"/sales-orders/{order['sales_order_id']}/deliver")
    again = client.post(f"/sales-orders/{order['sales_order_id']}/deliver")
    for response in (pending, again):
        assert response.status_code == 409
        assert response.get_json()["type"] == PROBLEMS + "illegal-state-change"
    assert len(outbox_events()) == 2


@pytest.mark.parametrize("sales_order_id", [str(uuid.uuid4()), "not-a-uuid", "x" * 300])
def test_unknown_and_malformed_order_ids_are_404_problems(client, sales_order_id):
    for response in (
        client.get(f"/sales-orders/{sales_order_id}"),
        client.post(f"/sales-orders/{sales_order_id}/deliver"),
    ):
        assert response.status_code == 404
        assert response.content_type == "application/problem+json"


def test_an_unknown_path_is_a_404_and_a_wrong_method_a_405_problem(client):
    assert client.get("/nowhere").status_code == 404
    response = client.delete("/sales-orders")
    assert response.status_code == 405
    assert response.content_type == "application/problem+json"


def test_readiness_shows_the_catalog_breaker_opening(client, catalog, known_to_sales):
    assert client.get("/health/ready").get_json()["checks"]["breakers"] == {"catalog": "closed"}
    catalog.answer = "error"
    for _ in range(5):  # CATALOG_BREAKER_FAIL_MAX defaults to 5
        assert place(client, known_to_sales["product_id"]).status_code == 201
    report = client.get("/health/ready")
    assert report.status_code == 200
    assert report.get_json()["status"] == "degraded"
    assert report.get_json()["checks"]["breakers"] == {"catalog": "open"}
    requests_so_far = len(catalog.requests)
    assert place(client, known_to_sales["product_id"]).get_json()["price_source"] == "cached"
    assert len(catalog.requests) == requests_so_far  # an open breaker does not even ask
