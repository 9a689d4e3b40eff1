"""Checkout, the upstream service: it takes an order and needs stock to reserve it.

    POST /sync/orders    asks stock over HTTP and waits: 201 when stock made the reservation,
                         503 when stock could not answer within the timeout
    POST /async/orders   puts the order on the queue and answers 202 at once: stock will get to it

The synchronous call is deliberately bare (a timeout, nothing else) to show the coupling itself. The
main system's sales service softens the same call with retries, a circuit breaker and a cached price:
services/sales/sales/adapters/catalog_client.py.
"""

import requests
from flask import Flask, request

from coupling.broker import Publisher


def create_app(stock_url: str, publisher: Publisher, timeout_seconds: float) -> Flask:
    app = Flask("checkout")
    session = requests.Session()

    @app.post("/sync/orders")
    def place_order_synchronously():
        order_id = request.get_json()["order_id"]
        try:
            answer = session.post(f"{stock_url}/reservations", json={"order_id": order_id}, timeout=timeout_seconds)
            answer.raise_for_status()
        except requests.RequestException as error:
            # Gone, or too slow: the customer waited for nothing, and checkout cannot tell which it was.
            return {"order_id": order_id, "error": f"stock did not answer: {type(error).__name__}"}, 503
        return {"order_id": order_id, "reservation": "made"}, 201

    @app.post("/async/orders")
    def place_order_asynchronously():
        order_id = request.get_json()["order_id"]
        publisher.publish(order_id)
        return {"order_id": order_id, "reservation": "requested"}, 202

    return app
