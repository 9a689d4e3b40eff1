"""Wiring: the one place where sales' parts are put together. gunicorn calls `create_app()`."""

import os

from flask import Flask

from sales.adapters.catalog_client import BREAKER_NAME, CatalogClient, catalog_breaker
from sales.adapters.database import SCHEMA, SalesUnitOfWork
from sales.config import SERVICE, Config
from sales.entrypoints.consumer import subscriptions
from sales.entrypoints.http import sales_orders_blueprint
from service_kit.wiring import assemble, flask_app


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env(os.environ)
    catalog = config.catalog
    breaker = catalog_breaker(catalog.breaker_fail_max, catalog.breaker_reset_seconds)
    platform = assemble(
        SERVICE, config.common, SCHEMA, SalesUnitOfWork, subscriptions(), breakers={BREAKER_NAME: breaker}
    )
    prices = CatalogClient(
        catalog.url, breaker, catalog.connect_timeout_seconds, catalog.read_timeout_seconds, catalog.retry_attempts
    )

    def unit_of_work() -> SalesUnitOfWork:
        return SalesUnitOfWork(platform.database, platform.outbox)

    return flask_app(platform, sales_orders_blueprint(platform.database, unit_of_work, prices))
