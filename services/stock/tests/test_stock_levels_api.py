"""Stock's HTTP API in process: read-only stock levels, problem documents for everything else."""

import uuid

import pytest


def test_stock_starts_with_no_levels(client):
    response = client.get("/stock-levels")
    assert response.status_code == 200
    assert response.get_json() == {"stock_levels": []}


def test_a_level_raised_by_goods_received_can_be_read(client, deliver, events, product_id):
    deliver(events.goods_received(product_id, 40))
    response = client.get(f"/stock-levels/{product_id}")
    assert response.status_code == 200
    assert response.get_json() == {"product_id": product_id, "on_hand": 40, "reserved": 0, "available": 40}


def test_levels_are_listed_oldest_first_and_keep_their_place_when_they_change(client, deliver, events):
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    deliver(events.goods_received(first, 1))
    deliver(events.goods_received(second, 2))
    deliver(events.goods_received(first, 10))
    levels = client.get("/stock-levels").get_json()["stock_levels"]
    assert [(level["product_id"], level["on_hand"]) for level in levels] == [(first, 11), (second, 2)]


@pytest.mark.parametrize("path", [f"/stock-levels/{uuid.uuid4()}", "/stock-levels/not-a-uuid", "/nowhere"])
def test_unknown_and_malformed_ids_are_404_problems(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == 404
    assert problem["type"] in ("about:blank", "https://microservices-for-everyone.dev/problems/not-found")


def test_a_product_that_was_only_ordered_has_no_level(client, deliver, events, product_id):
    deliver(events.sales_order_placed(str(uuid.uuid4()), product_id, 1))
    assert client.get(f"/stock-levels/{product_id}").status_code == 404


@pytest.mark.parametrize(
    "method, path", [("post", "/stock-levels"), ("put", "/stock-levels/x"), ("delete", "/stock-levels/x")]
)
def test_stock_levels_cannot_be_written_over_http(client, method, path):
    response = getattr(client, method)(path, json={"on_hand": 1000})
    assert response.status_code == 405
    assert response.content_type == "application/problem+json"
    assert "GET" in response.headers["Allow"]


def test_the_correlation_id_is_echoed(client):
    response = client.get("/stock-levels", headers={"X-Correlation-ID": "req-7"})
    assert response.headers["X-Correlation-ID"] == "req-7"


def test_readiness_lists_the_consumer_and_the_relay_and_an_empty_breaker_set(client):
    response = client.get("/health/ready")
    assert response.status_code == 200
    report = response.get_json()
    assert report["status"] == "degraded"  # neither worker has met a broker in this test
    assert report["checks"]["database"] == "ok"
    assert report["checks"]["broker"] == "down"
    assert report["checks"]["breakers"] == {}
    assert set(report["checks"]["workers"]) == {"consumer", "outbox-relay"}


def test_liveness_is_ok(client):
    assert client.get("/health/live").get_json() == {"status": "ok"}
