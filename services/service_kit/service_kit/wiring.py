"""The parts every service assembles the same way, so each service's bootstrap shows only what is its own."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pybreaker
from flask import Blueprint, Flask

from service_kit import inbox, outbox, settings, web
from service_kit.broker import Broker, Topology
from service_kit.consumer import EventConsumer, MessageProcessor, Subscription
from service_kit.contracts import EventContracts
from service_kit.database import Database
from service_kit.fault_injection import CrashAfterCommit
from service_kit.health import Readiness
from service_kit.logs import configure_logging
from service_kit.runtime import ServiceRuntime


def _find_upwards(relative: str) -> str:
    """Locate a project file both in a checkout and in an image, where it sits beside the packages."""
    for folder in Path(__file__).resolve().parents:
        candidate = folder / relative
        if candidate.exists():
            return str(candidate)
    return relative


@dataclass(frozen=True)
class CommonSettings:
    database_url: str
    rabbitmq_url: str
    contracts_dir: str
    topology_file: str
    log_level: str
    rabbitmq_heartbeat_seconds: int = 5  # a hung broker or a cut cable is noticed within 2-3 heartbeats
    crash_after_commit_once: str = ""  # a drill's fault switch (service_kit.fault_injection); off when empty

    @classmethod
    def from_env(cls, environ: Mapping[str, str], service: str) -> "CommonSettings":
        return cls(
            database_url=settings.text(environ, "DATABASE_URL", f"sqlite:////data/{service}.db"),
            rabbitmq_url=settings.text(environ, "RABBITMQ_URL", "amqp://guest:guest@rabbitmq:5672/%2F"),
            contracts_dir=settings.text(environ, "CONTRACTS_DIR", _find_upwards("contracts/events")),
            topology_file=settings.text(
                environ, "TOPOLOGY_FILE", _find_upwards("infrastructure/rabbitmq/topology.json")
            ),
            log_level=settings.text(environ, "LOG_LEVEL", "INFO"),
            rabbitmq_heartbeat_seconds=settings.integer(environ, "RABBITMQ_HEARTBEAT_SECONDS", 5),
            crash_after_commit_once=settings.text(environ, "CRASH_AFTER_COMMIT_ONCE", ""),
        )


@dataclass
class Platform:
    service: str
    database: Database
    contracts: EventContracts
    broker: Broker
    outbox: outbox.Outbox
    runtime: ServiceRuntime
    readiness: Readiness
    consumer: EventConsumer | None = None
    relay: outbox.OutboxRelay | None = None
    breakers: dict[str, pybreaker.CircuitBreaker] = field(default_factory=dict)


def assemble(
    service: str,
    common: CommonSettings,
    schema: str,
    unit_of_work: Callable[[Database, outbox.Outbox], object],
    subscriptions: dict[str, Subscription] | None = None,
    breakers: dict[str, pybreaker.CircuitBreaker] | None = None,
    publishes: bool = True,
) -> Platform:
    configure_logging(service, common.log_level)
    database = Database(common.database_url)
    database.migrate(outbox.SCHEMA, inbox.SCHEMA, schema)
    contracts = EventContracts(common.contracts_dir)
    broker = Broker(common.rabbitmq_url, Topology.from_file(common.topology_file), common.rabbitmq_heartbeat_seconds)
    the_outbox = outbox.Outbox(service, contracts)
    workers = []
    relay = consumer = None
    if publishes:
        relay = outbox.OutboxRelay(database, broker, the_outbox)
        workers.append(relay)
    if subscriptions:
        processor = MessageProcessor(contracts, lambda: unit_of_work(database, the_outbox), subscriptions)
        crash = CrashAfterCommit.from_setting(common.crash_after_commit_once, database.path)
        consumer = EventConsumer(service, broker, processor, crash_after_commit=crash)
        workers.append(consumer)
    readiness = Readiness(database, workers, breakers, has_outbox=publishes)
    return Platform(
        service,
        database,
        contracts,
        broker,
        the_outbox,
        ServiceRuntime(workers),
        readiness,
        consumer,
        relay,
        dict(breakers or {}),
    )


def flask_app(platform: Platform, *blueprints: Blueprint) -> Flask:
    app = Flask(platform.service)
    app.json.sort_keys = False
    web.install(app)
    app.register_blueprint(web.health_blueprint(platform.readiness))
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    app.extensions["service_runtime"] = platform.runtime
    app.extensions["platform"] = platform
    return app
