"""Purchase's HTTP API: JSON in, a call to a use case, JSON out."""

from flask import Blueprint, jsonify, url_for

from purchase import application
from purchase.adapters.database import PurchaseOrderRepository
from purchase.domain import (
    MAX_QUANTITY,
    IllegalStateChange,
    InvalidPurchaseOrder,
    UnknownProduct,
    UnknownPurchaseOrder,
)
from service_kit import web
from service_kit.database import Database

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"

NEW_PURCHASE_ORDER = web.request_schema(
    {
        "product_id": {"type": "string", "pattern": UUID_PATTERN},
        "quantity": {"type": "integer", "minimum": 1, "maximum": MAX_QUANTITY},
    },
    required=["product_id", "quantity"],
)


def purchase_orders_blueprint(database: Database, unit_of_work) -> Blueprint:
    blueprint = Blueprint("purchase_orders", __name__)

    @blueprint.post("/purchase-orders")
    def place_purchase_order():
        body = web.json_body(NEW_PURCHASE_ORDER)
        try:
            order = application.place_purchase_order(unit_of_work(), body["product_id"], int(body["quantity"]))
        except UnknownProduct as error:
            raise web.unknown_product(body["product_id"]) from error
        except InvalidPurchaseOrder as error:
            raise web.invalid_field(error.field, str(error)) from error
        location = url_for("purchase_orders.get_purchase_order", purchase_order_id=order.purchase_order_id)
        return jsonify(order.as_dict()), 201, {"Location": location}

    @blueprint.get("/purchase-orders")
    def list_purchase_orders():
        with database.reading() as connection:
            orders = PurchaseOrderRepository(connection).all()
        return jsonify(purchase_orders=[order.as_dict() for order in orders])

    @blueprint.get("/purchase-orders/<purchase_order_id>")
    def get_purchase_order(purchase_order_id: str):
        with database.reading() as connection:
            order = PurchaseOrderRepository(connection).get(purchase_order_id)
        if order is None:
            raise web.not_found(f"no purchase order with id {purchase_order_id}")
        return jsonify(order.as_dict())

    @blueprint.post("/purchase-orders/<purchase_order_id>/receive")
    def receive_purchase_order(purchase_order_id: str):
        try:
            order = application.receive_purchase_order(unit_of_work(), purchase_order_id)
        except UnknownPurchaseOrder as error:
            raise web.not_found(f"no purchase order with id {purchase_order_id}") from error
        except IllegalStateChange as error:
            raise web.illegal_state_change(str(error)) from error
        return jsonify(order.as_dict())

    return blueprint
