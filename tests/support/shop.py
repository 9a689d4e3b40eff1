"""Shop actions on a running stack, in the words of domain.md: create a product, stock up, await an order."""

import requests

from support.polling import wait_until
from support.stack import Stack


def create_product(stack: Stack, name: str = "Teapot", price_cents: int = 1500) -> dict:
    response = stack.catalog.post("/products", json={"name": name, "price_cents": price_cents})
    assert response.status_code == 201, response.text
    return response.json()


def stock_up(stack: Stack, product_id: str, quantity: int, correlation_id: str | None = None) -> dict:
    """Order goods from a supplier and receive them, once purchase knows the product (flow 2)."""
    headers = {"X-Correlation-ID": correlation_id} if correlation_id else {}
    created = wait_until(
        lambda: _created(
            stack.purchase.post("/purchase-orders", json={"product_id": product_id, "quantity": quantity})
        ),
        timeout=30,
        message=f"purchase accepted an order for product {product_id}",
    )
    received = stack.purchase.post(f"/purchase-orders/{created['purchase_order_id']}/receive", headers=headers)
    assert received.status_code == 200, received.text
    wait_until(
        lambda: stack.stock.get(f"/stock-levels/{product_id}").json().get("on_hand", 0) >= quantity,
        timeout=30,
        message=f"stock raised on_hand of {product_id}",
    )
    return received.json()


def _created(response: requests.Response) -> dict | None:
    return response.json() if response.status_code == 201 else None


def order_status(stack: Stack, sales_order_id: str, *statuses: str) -> dict:
    return wait_until(
        lambda: (order := stack.sales.get(f"/sales-orders/{sales_order_id}").json())["status"] in statuses and order,
        timeout=30,
        message=f"sales order {sales_order_id} reached {'/'.join(statuses)}",
    )
