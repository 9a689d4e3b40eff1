"""Wiring: the one place where the dashboard's parts are put together. gunicorn calls `create_app()`."""

import os

from flask import Flask

from dashboard import views
from dashboard.adapters.database import SCHEMA, DashboardUnitOfWork
from dashboard.adapters.probes import ManagementApi
from dashboard.config import SERVICE, Config
from dashboard.entrypoints.consumer import subscriptions
from dashboard.entrypoints.http import dashboard_blueprint
from dashboard.entrypoints.status_poller import StatusPoller
from service_kit.contracts import EventContracts
from service_kit.wiring import assemble, flask_app


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env(os.environ)
    # The subscriptions must exist before assembly, which loads its own copy of the contracts.
    versions_of = EventContracts(config.common.contracts_dir).versions_of
    platform = assemble(
        SERVICE, config.common, SCHEMA, DashboardUnitOfWork, subscriptions=subscriptions(versions_of), publishes=False
    )
    poller = StatusPoller(
        config.service_urls,
        ManagementApi(config.rabbitmq_management_url, *config.rabbitmq_credentials),
        config.status_poll_seconds,
        config.status_timeout_seconds,
    )
    # Started and stopped with the container, yet not a broker worker: readiness keeps its own list.
    platform.runtime.workers.append(poller)

    def read_overview() -> dict:
        return views.overview(
            platform.database, poller.snapshot, platform.readiness.report, config.rabbitmq_management_public_url
        )

    app = flask_app(platform, dashboard_blueprint(read_overview))
    app.extensions["status_poller"] = poller
    return app
