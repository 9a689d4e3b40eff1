"""Wiring: the one place where purchase's parts are put together. gunicorn calls `create_app()`."""

import os

from flask import Flask

from purchase.adapters.database import SCHEMA, PurchaseUnitOfWork
from purchase.config import SERVICE, Config
from purchase.entrypoints import consumer
from purchase.entrypoints.http import purchase_orders_blueprint
from service_kit.wiring import assemble, flask_app


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env(os.environ)
    platform = assemble(
        SERVICE,
        config.common,
        SCHEMA,
        PurchaseUnitOfWork,
        subscriptions=consumer.subscriptions(config.replenishment_policy()),
    )

    def unit_of_work() -> PurchaseUnitOfWork:
        return PurchaseUnitOfWork(platform.database, platform.outbox)

    return flask_app(platform, purchase_orders_blueprint(platform.database, unit_of_work))
