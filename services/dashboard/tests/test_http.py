"""The dashboard's HTTP API in process: the overview JSON and the server-rendered page."""

import uuid
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

PRODUCT = str(uuid.uuid4())
ORDER = str(uuid.uuid4())
PURCHASE_ORDER = str(uuid.uuid4())
SERVICE_FIELDS = {"status", "checked_at", "ready", "error"}
OPENAPI = Path(__file__).resolve().parents[3] / "contracts" / "openapi" / "dashboard.openapi.yaml"


@pytest.fixture
def a_day_of_business(deliver, event):
    line = {"sales_order_id": ORDER, "product_id": PRODUCT, "quantity": 2}
    for message in (
        event("catalog.product_created", {"product_id": PRODUCT, "name": "Espresso cup", "price_cents": 450}),
        event("purchase.goods_received", {"purchase_order_id": PURCHASE_ORDER, "product_id": PRODUCT, "quantity": 40}),
        event("stock.stock_level_changed", {"product_id": PRODUCT, "on_hand": 40, "reserved": 0, "available": 40}),
        event("sales.sales_order_placed", {**line, "unit_price_cents": 450, "price_source": "catalog"}),
        event("stock.stock_reserved", line),
    ):
        assert deliver(message).action == "ack"


def test_the_overview_has_exactly_the_agreed_shape(client, a_day_of_business):
    response = client.get("/api/overview")
    assert response.status_code == 200
    assert response.content_type == "application/json"
    view = response.get_json()
    assert set(view) == {
        "generated_at",
        "products",
        "stock_levels",
        "sales_orders",
        "purchase_orders",
        "events",
        "services",
        "broker",
        "queues",
    }
    assert view["generated_at"].endswith("Z")
    assert view["products"] == [{"product_id": PRODUCT, "name": "Espresso cup", "price_cents": 450}]
    assert view["stock_levels"] == [{"product_id": PRODUCT, "on_hand": 40, "reserved": 0, "available": 40}]
    assert view["purchase_orders"] == [
        {"purchase_order_id": PURCHASE_ORDER, "product_id": PRODUCT, "quantity": 40, "status": "received"}
    ]
    assert view["sales_orders"] == [
        {
            "sales_order_id": ORDER,
            "product_id": PRODUCT,
            "quantity": 2,
            "unit_price_cents": 450,
            "price_source": "catalog",
            "status": "reserved",
            "rejection_reason": None,
        }
    ]
    assert set(view["services"]) == {"catalog", "purchase", "sales", "stock", "dashboard"}
    for service in view["services"].values():
        assert set(service) == SERVICE_FIELDS
        assert service["status"] in {"up", "degraded", "down"}
    assert set(view["broker"]) == {"status", "management_url", "stale"}
    assert view["broker"]["management_url"] == "http://127.0.0.1:15672"
    assert view["queues"] == []


def test_the_event_feed_is_newest_first(client, a_day_of_business):
    events = client.get("/api/overview").get_json()["events"]
    assert [entry["type"] for entry in events] == [
        "stock.stock_reserved",
        "sales.sales_order_placed",
        "stock.stock_level_changed",
        "purchase.goods_received",
        "catalog.product_created",
    ]
    assert set(events[0]) == {"id", "type", "version", "producer", "occurred_at", "correlation_id", "data"}


def test_the_dashboards_own_status_comes_from_its_own_readiness(client):
    own = client.get("/api/overview").get_json()["services"]["dashboard"]
    # No broker in this test: the consumer has not connected, so the dashboard serves, degraded.
    assert own["status"] == "degraded"
    assert own["ready"]["checks"]["broker"] == "down"
    assert own["error"] is None


def test_services_not_polled_yet_are_shown_down_with_a_reason(client):
    catalog = client.get("/api/overview").get_json()["services"]["catalog"]
    assert catalog == {"status": "down", "checked_at": None, "ready": None, "error": "not checked yet"}


def test_the_page_shows_products_and_orders_as_text(client, a_day_of_business):
    response = client.get("/")
    assert response.status_code == 200
    assert response.content_type.startswith("text/html")
    page = response.get_data(as_text=True)
    assert "Espresso cup" in page
    assert ORDER in page
    assert f'data-sales-order-id="{ORDER}" data-status="reserved"' in page
    assert f'data-purchase-order-id="{PURCHASE_ORDER}"' in page
    assert 'data-service="stock"' in page
    assert "4.50" in page
    assert 'id="rabbitmq-management-link" href="http://127.0.0.1:15672"' in page


def test_the_page_reads_well_before_anything_has_happened(client):
    page = client.get("/").get_data(as_text=True)
    assert "No products yet." in page
    assert "No sales orders yet." in page
    assert "no event announces an opened one" in page


def test_the_page_escapes_what_events_carry(client, deliver, event):
    name = '<script>alert("cup")</script>'
    deliver(event("catalog.product_created", {"product_id": PRODUCT, "name": name, "price_cents": 1}))
    page = client.get("/").get_data(as_text=True)
    assert name not in page
    assert "&lt;script&gt;alert(" in page


def test_the_page_refreshes_itself_without_external_scripts(client):
    page = client.get("/").get_data(as_text=True)
    assert 'data-refresh-url="/"' in page
    assert "<script src" not in page
    assert ".innerHTML" not in page


def test_a_wrong_method_and_an_unknown_path_are_problems(client):
    assert client.post("/api/overview").status_code == 405
    missing = client.get("/api/nowhere")
    assert missing.status_code == 404
    assert missing.content_type == "application/problem+json"


def test_the_overview_satisfies_the_dashboards_openapi_document(client, a_day_of_business, deliver, event):
    rejected = {"sales_order_id": str(uuid.uuid4()), "product_id": PRODUCT, "quantity": 99}
    deliver(event("sales.sales_order_placed", rejected))
    deliver(event("stock.stock_reservation_rejected", {**rejected, "reason": "insufficient_stock"}))
    document = yaml.safe_load(OPENAPI.read_text())
    overview_schema = {"$ref": "#/components/schemas/Overview", "components": document["components"]}
    errors = list(Draft202012Validator(overview_schema).iter_errors(client.get("/api/overview").get_json()))
    assert errors == []
