"""Wiring: the one place where stock's parts are put together. gunicorn calls `create_app()`.

Stock both consumes (purchase's and sales' events) and publishes (its decisions and levels), so the
platform gets subscriptions for its consumer and keeps its outbox relay.
"""

import os

from flask import Flask

from service_kit.wiring import assemble, flask_app
from stock.adapters.database import SCHEMA, StockUnitOfWork
from stock.config import SERVICE, Config
from stock.entrypoints import consumer
from stock.entrypoints.http import stock_levels_blueprint


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env(os.environ)
    platform = assemble(SERVICE, config.common, SCHEMA, StockUnitOfWork, subscriptions=consumer.subscriptions())
    return flask_app(platform, stock_levels_blueprint(platform.database))
