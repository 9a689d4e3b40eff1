"""Sales' HTTP API: JSON in, a call to a use case, JSON out; every failure a problem document."""

import re

from flask import Blueprint, jsonify, request, url_for

from sales import application
from sales.adapters.database import SalesOrderRepository
from sales.application import PriceUnavailable, SalesOrderNotFound, UnknownProduct
from sales.domain import MAX_QUANTITY, IllegalTransition, InvalidSalesOrder
from sales.ports import PriceLookup
from service_kit import web
from service_kit.database import Database

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
_IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9._-]{1,128}")

NEW_SALES_ORDER = web.request_schema(
    {
        "product_id": {"type": "string", "pattern": UUID_PATTERN},
        "quantity": {"type": "integer", "minimum": 1, "maximum": MAX_QUANTITY},
    },
    required=["product_id", "quantity"],
)


def sales_orders_blueprint(database: Database, unit_of_work, prices: PriceLookup) -> Blueprint:
    blueprint = Blueprint("sales_orders", __name__)

    @blueprint.post("/sales-orders")
    def place_sales_order():
        idempotency_key = _idempotency_key()
        body = web.json_body(NEW_SALES_ORDER)
        try:
            placement = application.place_sales_order(
                unit_of_work(), prices, body["product_id"], int(body["quantity"]), idempotency_key
            )
        except UnknownProduct as error:
            raise web.unknown_product(error.product_id) from error
        except PriceUnavailable as error:
            raise web.dependency_unavailable(str(error)) from error
        except InvalidSalesOrder as error:
            raise web.invalid_field(error.field, str(error)) from error
        order = placement.order
        location = url_for("sales_orders.get_sales_order", sales_order_id=order.sales_order_id)
        return jsonify(order.as_dict()), 201 if placement.created else 200, {"Location": location}

    @blueprint.get("/sales-orders")
    def list_sales_orders():
        with database.reading() as connection:
            orders = SalesOrderRepository(connection).all()
        return jsonify(sales_orders=[order.as_dict() for order in orders])

    @blueprint.get("/sales-orders/<sales_order_id>")
    def get_sales_order(sales_order_id: str):
        with database.reading() as connection:
            order = SalesOrderRepository(connection).get(sales_order_id)
        if order is None:
            raise web.not_found(f"no sales order with id {sales_order_id}")
        return jsonify(order.as_dict())

    @blueprint.post("/sales-orders/<sales_order_id>/deliver")
    def deliver_sales_order(sales_order_id: str):
        try:
            order = application.deliver_sales_order(unit_of_work(), sales_order_id)
        except SalesOrderNotFound as error:
            raise web.not_found(str(error)) from error
        except IllegalTransition as error:
            raise web.illegal_state_change(str(error)) from error
        return jsonify(order.as_dict())

    return blueprint


def _idempotency_key() -> str | None:
    key = request.headers.get(IDEMPOTENCY_KEY_HEADER)
    if key is not None and _IDEMPOTENCY_KEY.fullmatch(key) is None:
        raise web.Problem(
            400,
            "invalid-header",
            "Invalid header",
            f"{IDEMPOTENCY_KEY_HEADER} must be 1 to 128 letters, digits, '.', '_' or '-'",
        )
    return key
