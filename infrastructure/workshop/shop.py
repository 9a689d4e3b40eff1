"""Shop actions the console performs before it sends traffic: a product of its own, stocked up (flows 1 and 2).

Each step waits, with a deadline, for the event that makes the next possible: purchase must have
heard of the product before it takes a purchase order for it, and stock must have received the goods.
"""

import time
from collections.abc import Callable

import requests


class ShopNotReady(Exception):
    """A step did not happen in time; the message says which one, in words."""


def create_stocked_product(urls: dict[str, str], name: str, quantity: int, timeout: float = 30) -> str:
    product = _expect(
        requests.post(f"{urls['catalog']}/products", json={"name": name, "price_cents": 1250}, timeout=10),
        201,
        "catalog did not create the product",
    )
    product_id = product["product_id"]
    purchase_order = _within(
        timeout,
        f"purchase did not hear of product {product_id} (is purchase or rabbitmq down?)",
        lambda: _created(
            requests.post(
                f"{urls['purchase']}/purchase-orders",
                json={"product_id": product_id, "quantity": quantity},
                timeout=10,
            )
        ),
    )
    _expect(
        requests.post(f"{urls['purchase']}/purchase-orders/{purchase_order['purchase_order_id']}/receive", timeout=10),
        200,
        "purchase did not receive the goods",
    )
    _within(
        timeout,
        f"stock did not receive {quantity} of product {product_id} (is stock down?)",
        lambda: (
            requests.get(f"{urls['stock']}/stock-levels/{product_id}", timeout=10).json().get("on_hand", 0) >= quantity
        ),
    )
    return product_id


def _expect(response: requests.Response, status: int, complaint: str) -> dict:
    if response.status_code != status:
        raise ShopNotReady(f"{complaint}: HTTP {response.status_code} {response.text[:200]}")
    return response.json()


def _created(response: requests.Response) -> dict | None:
    return response.json() if response.status_code == 201 else None


def _within(timeout: float, complaint: str, probe: Callable[[], object]):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if result := probe():
                return result
        except (requests.RequestException, ValueError):
            pass  # a service may be restarting: ask again until the deadline
        time.sleep(0.2)
    raise ShopNotReady(f"{complaint} within {timeout:.0f}s")
