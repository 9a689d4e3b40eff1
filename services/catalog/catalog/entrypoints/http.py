"""Catalog's HTTP API: JSON in, a call to a use case, JSON out."""

from flask import Blueprint, jsonify, url_for

from catalog import application
from catalog.adapters.database import ProductRepository
from catalog.domain import MAX_NAME_LENGTH, MAX_PRICE_CENTS, InvalidProduct
from service_kit import web
from service_kit.database import Database

NEW_PRODUCT = web.request_schema(
    {
        "name": {"type": "string", "minLength": 1, "maxLength": MAX_NAME_LENGTH, "pattern": r"\S"},
        "price_cents": {"type": "integer", "minimum": 0, "maximum": MAX_PRICE_CENTS},
    },
    required=["name", "price_cents"],
)


def products_blueprint(database: Database, unit_of_work) -> Blueprint:
    blueprint = Blueprint("products", __name__)

    @blueprint.post("/products")
    def create_product():
        body = web.json_body(NEW_PRODUCT)
        try:
            product = application.create_product(unit_of_work(), body["name"], int(body["price_cents"]))
        except InvalidProduct as error:
            raise web.invalid_field(error.field, str(error)) from error
        location = url_for("products.get_product", product_id=product.product_id)
        return jsonify(product.as_dict()), 201, {"Location": location}

    @blueprint.get("/products")
    def list_products():
        with database.reading() as connection:
            products = ProductRepository(connection).all()
        return jsonify(products=[product.as_dict() for product in products])

    @blueprint.get("/products/<product_id>")
    def get_product(product_id: str):
        with database.reading() as connection:
            product = ProductRepository(connection).get(product_id)
        if product is None:
            raise web.not_found(f"no product with id {product_id}")
        return jsonify(product.as_dict())

    return blueprint
