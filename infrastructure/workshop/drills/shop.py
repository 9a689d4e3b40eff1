"""The shop as a drill uses it: a product of its own, goods in stock, and how each part answers now.

Every drill works on a product nobody else touches, so what it checks about stock levels and orders is
its own doing alone. A call to a part that is away fails in seconds: every request has a timeout.
"""

import uuid

import requests

from workshop.drills.base import Run

GONE_TIMEOUT_SECONDS = 2.0  # how long the drills wait on a part that is away before calling it unanswered


class Shop:
    def __init__(self, run: Run):
        self.run = run
        self.target = run.target

    def new_product(self, name: str, price_cents: int = 1500) -> dict:
        response = self.target.post(
            "catalog", "/products", json={"name": f"{name} {uuid.uuid4().hex[:6]}", "price_cents": price_cents}
        )
        self.run.require(response.status_code == 201, f"catalog did not create a product: HTTP {response.status_code}")
        return response.json()

    def stocked_product(self, name: str, quantity: int, price_cents: int = 1500) -> dict:
        """A new product with `quantity` received into stock (flows 1 and 2)."""
        product = self.new_product(name, price_cents)
        self.stock_up(product["product_id"], quantity)
        return product

    def stock_up(self, product_id: str, quantity: int) -> dict:
        purchase_order = self.run.wait_for(
            lambda: _created(
                self.target.post("purchase", "/purchase-orders", json={"product_id": product_id, "quantity": quantity})
            ),
            30,
            f"purchase did not take a purchase order for product {product_id} (it never heard of it)",
        )
        received = self.target.post("purchase", f"/purchase-orders/{purchase_order['purchase_order_id']}/receive")
        self.run.require(received.status_code == 200, f"purchase did not receive goods: HTTP {received.status_code}")
        self.run.wait_for(
            lambda: (self.stock_level(product_id) or {}).get("on_hand") == quantity,
            30,
            f"stock did not raise on_hand of {product_id} to {quantity}",
        )
        return purchase_order

    def purchase_order(self, product_id: str, quantity: int) -> dict | None:
        """Open a purchase order; None when purchase does not take it (yet)."""
        return _created(
            self.target.post("purchase", "/purchase-orders", json={"product_id": product_id, "quantity": quantity})
        )

    def stock_level(self, product_id: str) -> dict | None:
        response = self.target.get("stock", f"/stock-levels/{product_id}")
        return response.json() if response.status_code == 200 else None

    def open_purchase_orders(self, product_id: str) -> list[dict]:
        listing = self.target.get("purchase", "/purchase-orders").json()["purchase_orders"]
        return [po for po in listing if po["product_id"] == product_id and po["status"] == "open"]

    def answers(self, service: str, path: str = "/health/live") -> bool:
        try:
            return self.target.get(service, path, timeout=GONE_TIMEOUT_SECONDS).status_code < 500
        except requests.RequestException:
            return False

    def unanswered(self, service: str, method: str = "GET", path: str = "/health/live", **kwargs) -> str | None:
        """How a request to a part that is away fails ("refused", "timed out"), or None if it answered."""
        try:
            self.target.request(method, service, path, timeout=GONE_TIMEOUT_SECONDS, **kwargs)
        except requests.Timeout:
            return f"timed out after {GONE_TIMEOUT_SECONDS:.0f}s"
        except requests.ConnectionError:
            return "refused"
        return None

    def dashboard_says(self, service: str) -> str | None:
        return self.target.overview()["services"].get(service, {}).get("status")


def _created(response: requests.Response) -> dict | None:
    return response.json() if response.status_code == 201 else None
