"""Flows 1-6 of domain.md walked on the running system, as a reader would with curl."""

import uuid

import pytest

from support.polling import wait_until
from support.shop import create_product, order_status, stock_up
from support.stack import SERVICES

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


def test_all_six_containers_became_healthy_within_60_seconds_of_up(stack):
    assert stack.ready_seconds < 60, f"docker compose up -d --wait took {stack.ready_seconds:.1f}s"
    for service in SERVICES:
        ready = stack.client(service).get("/health/ready")
        assert ready.status_code == 200
        assert ready.json()["checks"]["database"] == "ok"
    wait_until(
        lambda: all(s["status"] == "up" for s in stack.overview()["services"].values()),
        timeout=30,
        message="the dashboard sees every service up",
    )


def test_flow_1_a_new_product_is_copied_to_purchase_sales_and_the_dashboard(stack):
    product = create_product(stack, "Flow one kettle", 2500)
    wait_until(
        lambda: (
            stack.purchase.post(
                "/purchase-orders", json={"product_id": product["product_id"], "quantity": 1}
            ).status_code
            == 201
        ),
        timeout=30,
        message="purchase learnt the product from catalog.product_created",
    )
    wait_until(
        lambda: product in stack.overview()["products"], timeout=30, message="the dashboard projected the product"
    )


def test_flow_2_received_goods_raise_the_stock_level(stack, correlation_id):
    product = create_product(stack, "Flow two mug", 800)
    order = stock_up(stack, product["product_id"], 12, correlation_id)
    assert order["status"] == "received"
    level = stack.stock.get(f"/stock-levels/{product['product_id']}").json()
    assert level == {"product_id": product["product_id"], "on_hand": 12, "reserved": 0, "available": 12}
    again = stack.purchase.post(f"/purchase-orders/{order['purchase_order_id']}/receive")
    assert again.status_code == 409
    assert again.headers["Content-Type"] == "application/problem+json"


def test_flows_3_4_5_an_order_is_priced_reserved_and_delivered_and_its_correlation_id_travels(stack, correlation_id):
    product = create_product(stack, "Flow three teapot", 1999)
    stock_up(stack, product["product_id"], 10)

    placed = stack.sales.post(
        "/sales-orders",
        json={"product_id": product["product_id"], "quantity": 3},
        headers={"X-Correlation-ID": correlation_id},
    )
    assert placed.status_code == 201, placed.text
    assert placed.headers["X-Correlation-ID"] == correlation_id
    order = placed.json()
    assert placed.headers["Location"].endswith(f"/sales-orders/{order['sales_order_id']}")
    assert (order["status"], order["unit_price_cents"], order["price_source"]) == ("pending", 1999, "catalog")

    order_status(stack, order["sales_order_id"], "reserved")
    level = stack.stock.get(f"/stock-levels/{product['product_id']}").json()
    assert (level["on_hand"], level["reserved"], level["available"]) == (10, 3, 7)

    delivered = stack.sales.post(f"/sales-orders/{order['sales_order_id']}/deliver")
    assert delivered.status_code == 200
    assert delivered.json()["status"] == "delivered"
    wait_until(
        lambda: (
            stack.stock.get(f"/stock-levels/{product['product_id']}").json()
            == {"product_id": product["product_id"], "on_hand": 7, "reserved": 0, "available": 7}
        ),
        timeout=30,
        message="stock lowered on_hand and reserved after delivery",
    )
    assert stack.sales.post(f"/sales-orders/{order['sales_order_id']}/deliver").status_code == 409

    caused = wait_until(
        lambda: (
            (types := {e["type"] for e in stack.overview()["events"] if e["correlation_id"] == correlation_id})
            >= {"sales.sales_order_placed", "stock.stock_reserved", "stock.stock_level_changed"}
            and types
        ),
        timeout=30,
        message=f"every event caused by request {correlation_id} carries its correlation id",
    )
    assert "sales.sales_order_delivered" not in caused, "the delivery was a different request"


def test_flow_4_an_order_larger_than_the_stock_is_rejected_once(stack):
    product = create_product(stack, "Flow four saucer", 300)
    stock_up(stack, product["product_id"], 2)
    placed = stack.sales.post("/sales-orders", json={"product_id": product["product_id"], "quantity": 5})
    assert placed.status_code == 201
    rejected = order_status(stack, placed.json()["sales_order_id"], "rejected", "reserved")
    assert (rejected["status"], rejected["rejection_reason"]) == ("rejected", "insufficient_stock")
    level = stack.stock.get(f"/stock-levels/{product['product_id']}").json()
    assert (level["on_hand"], level["reserved"]) == (2, 0)
    assert stack.sales.post(f"/sales-orders/{rejected['sales_order_id']}/deliver").status_code == 409


def test_flow_6_replenishment_opens_exactly_one_purchase_order_when_stock_runs_low(stack):
    product = create_product(stack, "Flow six spoon", 150)
    stock_up(stack, product["product_id"], 8)
    for _ in range(3):  # available 8 -> 6 -> 4 -> 2: two level changes below the threshold of 5
        placed = stack.sales.post("/sales-orders", json={"product_id": product["product_id"], "quantity": 2})
        order_status(stack, placed.json()["sales_order_id"], "reserved")

    def open_replenishments():
        orders = stack.purchase.get("/purchase-orders").json()["purchase_orders"]
        return [o for o in orders if o["product_id"] == product["product_id"] and o["status"] == "open"]

    [replenishment] = wait_until(open_replenishments, timeout=30, message="purchase opened a replenishment order")
    assert replenishment["quantity"] == 20
    wait_until(
        lambda: stack.stock.get(f"/stock-levels/{product['product_id']}").json()["available"] == 2,
        timeout=30,
        message="all level changes processed",
    )
    assert len(open_replenishments()) == 1, "never two open purchase orders for one product"


def test_a_repeated_idempotency_key_returns_the_same_order_and_places_no_second_one(stack):
    product = create_product(stack, "Idempotent cup", 500)
    key = f"checkout-{uuid.uuid4()}"
    body = {"product_id": product["product_id"], "quantity": 1}
    first = stack.sales.post("/sales-orders", json=body, headers={"Idempotency-Key": key})
    second = stack.sales.post("/sales-orders", json=body, headers={"Idempotency-Key": key})
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["sales_order_id"] == first.json()["sales_order_id"]
    orders = stack.sales.get("/sales-orders").json()["sales_orders"]
    assert [o["product_id"] for o in orders].count(product["product_id"]) == 1


@pytest.mark.parametrize(
    "service, method, path, body, status",
    [
        ("catalog", "POST", "/products", b"{oops", 400),
        ("catalog", "POST", "/products", b'{"name": "", "price_cents": -1}', 422),
        ("purchase", "POST", "/purchase-orders", b"[]", 400),
        ("purchase", "POST", f"/purchase-orders/{uuid.uuid4()}/receive", b"", 404),
        ("sales", "POST", "/sales-orders", b'{"product_id": "nope", "quantity": 0}', 422),
        ("sales", "GET", "/sales-orders/not-a-uuid", None, 404),
        ("stock", "GET", f"/stock-levels/{uuid.uuid4()}", None, 404),
        ("stock", "DELETE", "/stock-levels", None, 405),
        ("dashboard", "GET", "/no-such-page", None, 404),
    ],
)
def test_bad_input_gets_a_problem_document_never_a_500(stack, service, method, path, body, status):
    response = stack.client(service).request(method, path, data=body, headers={"Content-Type": "application/json"})
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == status
