"""Wiring: the one place where catalog's parts are put together. gunicorn calls `create_app()`."""

import os

from flask import Flask

from catalog.adapters.database import SCHEMA, CatalogUnitOfWork
from catalog.config import SERVICE, Config
from catalog.entrypoints.http import products_blueprint
from service_kit.wiring import assemble, flask_app


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env(os.environ)
    platform = assemble(SERVICE, config.common, SCHEMA, CatalogUnitOfWork)

    def unit_of_work() -> CatalogUnitOfWork:
        return CatalogUnitOfWork(platform.database, platform.outbox)

    return flask_app(platform, products_blueprint(platform.database, unit_of_work))
