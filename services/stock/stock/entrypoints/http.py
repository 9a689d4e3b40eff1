"""Stock's HTTP API: read-only views of the stock levels. Every change to them arrives as an event."""

from flask import Blueprint, jsonify

from service_kit import web
from service_kit.database import Database
from stock.adapters.database import StockLevelRepository


def stock_levels_blueprint(database: Database) -> Blueprint:
    blueprint = Blueprint("stock_levels", __name__)

    @blueprint.get("/stock-levels")
    def list_stock_levels():
        with database.reading() as connection:
            levels = StockLevelRepository(connection).all()
        return jsonify(stock_levels=[level.as_dict() for level in levels])

    @blueprint.get("/stock-levels/<product_id>")
    def get_stock_level(product_id: str):
        # A malformed id simply matches no row: it is a 404 like any other unknown product.
        with database.reading() as connection:
            level = StockLevelRepository(connection).get(product_id)
        if level is None:
            raise web.not_found(f"stock has no level for product {product_id}")
        return jsonify(level.as_dict())

    return blueprint
