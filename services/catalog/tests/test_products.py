"""Catalog in process: its HTTP API on a real SQLite file, events captured in its outbox."""

import json
import uuid

import pytest

from catalog.bootstrap import create_app
from catalog.config import Config


@pytest.fixture
def app(tmp_path):
    return create_app(Config.from_env({"DATABASE_URL": f"sqlite:///{tmp_path}/catalog.db"}))


@pytest.fixture
def client(app):
    return app.test_client()


def outbox_events(app):
    with app.extensions["platform"].database.reading() as connection:
        return [json.loads(row["body"]) for row in connection.execute("SELECT body FROM outbox ORDER BY seq")]


def test_a_created_product_can_be_read_back_and_is_announced(app, client):
    response = client.post(
        "/products", json={"name": "Tea pot", "price_cents": 1999}, headers={"X-Correlation-ID": "req-42"}
    )
    assert response.status_code == 201
    product = response.get_json()
    assert response.headers["Location"] == f"/products/{product['product_id']}"
    assert response.headers["X-Correlation-ID"] == "req-42"
    assert client.get(f"/products/{product['product_id']}").get_json() == product
    assert client.get("/products").get_json() == {"products": [product]}
    [event] = outbox_events(app)
    assert event["type"] == "catalog.product_created"
    assert event["data"] == product
    assert event["correlation_id"] == "req-42"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "", "price_cents": 1}, "name"),
        ({"name": "   ", "price_cents": 1}, "name"),
        ({"name": "x" * 201, "price_cents": 1}, "name"),
        ({"name": "Cup", "price_cents": -1}, "price_cents"),
        ({"name": "Cup", "price_cents": True}, "price_cents"),
        ({"name": "Cup", "price_cents": 1.5}, "price_cents"),
        ({"name": "Cup"}, "price_cents"),
        ({"name": "Cup", "price_cents": 1, "colour": "red"}, "colour"),
    ],
)
def test_a_product_that_breaks_the_contract_is_refused_with_422(app, client, body, field):
    response = client.post("/products", json=body)
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert field in [error["field"] for error in response.get_json()["errors"]]
    assert outbox_events(app) == []


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b"\xff\xfe", b""])
def test_a_body_that_is_not_a_json_object_is_refused_with_400(client, raw):
    response = client.post("/products", data=raw, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["type"].endswith("/invalid-json")


def test_unknown_and_malformed_ids_are_404_problems(client):
    for path in (f"/products/{uuid.uuid4()}", "/products/not-a-uuid", "/nowhere"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.content_type == "application/problem+json"


def test_a_wrong_method_is_a_405_problem(client):
    response = client.delete("/products")
    assert response.status_code == 405
    assert response.get_json()["status"] == 405


def test_a_malformed_correlation_id_is_replaced(client):
    response = client.get("/products", headers={"X-Correlation-ID": "bad id with spaces"})
    assert response.headers["X-Correlation-ID"] != "bad id with spaces"
    uuid.UUID(response.headers["X-Correlation-ID"])


def test_readiness_reports_the_broker_down_when_the_relay_has_not_connected(client):
    response = client.get("/health/ready")
    assert response.status_code == 200
    report = response.get_json()
    assert report["status"] == "degraded"
    assert report["checks"]["database"] == "ok"
    assert report["checks"]["broker"] == "down"
