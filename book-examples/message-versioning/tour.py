"""A guided tour of serialization and message versioning in the main system.

An event travels as a JSON envelope, checked against its JSON Schema at both ends (contracts/events,
service_kit/envelope.py, service_kit/contracts.py). A consumer reads tolerantly (fields it does not
know are fine), declares the versions it accepts, and dead-letters any other with the reason
(service_kit/consumer.py). The tour sends real messages to sales' real consumer, then builds a
consumer ready for a future version 2 of catalog.product_created (a-future-version/).
"""

import json
import re
import shutil
import tempfile
import textwrap
import uuid
from pathlib import Path

from sales.bootstrap import create_app
from sales.config import Config
from service_kit import inbox
from service_kit.broker import persistent_properties
from service_kit.consumer import MessageProcessor, Subscription
from service_kit.contracts import ContractViolation, EventContracts
from service_kit.database import Database
from service_kit.envelope import new_envelope, parse, serialize
from service_kit.unit_of_work import SqliteUnitOfWork

HERE = Path(__file__).resolve().parent
CONTRACTS = HERE.parents[1] / "contracts" / "events"
PRODUCT_CREATED = "catalog.product_created"


def say(text: str, code: str) -> None:
    print(f"\n== {text}\n   (code: {code})")


def product_created(version: int, **data) -> dict:
    return new_envelope(
        PRODUCT_CREATED, version, "catalog", "versioning-tour", {"product_id": str(uuid.uuid4()), **data}
    )


def to_newest_shape(envelope: dict) -> dict:
    """The upcaster: the one place that knows version 1; the handler only ever sees version 2."""
    if envelope["version"] == 1:
        data = dict(envelope["data"])
        data["price"] = {"amount_cents": data.pop("price_cents"), "currency": "EUR"}
        return {**envelope, "version": 2, "data": data}
    return envelope


def record_product(uow, envelope: dict) -> None:
    data = to_newest_shape(envelope)["data"]
    uow.connection.execute(
        "INSERT INTO products VALUES (?, ?, ?, ?)",
        (data["product_id"], data["name"], data["price"]["amount_cents"], data["price"]["currency"]),
    )


def consumer_ready_for_version_2(folder: Path) -> tuple[MessageProcessor, Database]:
    """Today's contracts plus the future schema, and a subscription that accepts versions 1 and 2."""
    schemas = folder / "future-contracts"
    shutil.copytree(CONTRACTS, schemas, ignore=shutil.ignore_patterns("examples"))
    shutil.copy(HERE / "a-future-version" / f"{PRODUCT_CREATED}.v2.schema.json", schemas)
    database = Database(f"sqlite:///{folder}/ready.db")
    database.migrate(inbox.SCHEMA, "CREATE TABLE products (product_id TEXT, name TEXT, cents INT, currency TEXT);")
    subscriptions = {PRODUCT_CREATED: Subscription(record_product, versions=(1, 2))}
    return MessageProcessor(EventContracts(schemas), lambda: SqliteUnitOfWork(database), subscriptions), database


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        sales = create_app(Config.from_env({"DATABASE_URL": f"sqlite:///{folder}/sales.db", "LOG_LEVEL": "CRITICAL"}))
        sales_consumer = sales.extensions["platform"].consumer.processor

        def deliver(consumer: MessageProcessor, envelope: dict, to: str = "sales") -> None:
            outcome = consumer.process(serialize(envelope).encode())
            reason = f": {outcome.reason}" if outcome.reason else ""
            print(
                textwrap.fill(
                    f"{to} <- v{envelope['version']}: {outcome.action}{reason}",
                    100,
                    initial_indent="   ",
                    subsequent_indent="      ",
                )
            )

        say("1. Serialization: an event travels as a JSON envelope", "service_kit/envelope.py, service_kit/broker.py")
        event = product_created(1, name="Teapot", price_cents=1999)
        wire = serialize(event).encode()
        print(textwrap.indent(json.dumps(event, indent=2), "   "))
        properties = persistent_properties(event, {})
        print(f"   on the wire: {len(wire)} bytes of compact JSON; read back, it is the same: {parse(wire) == event}")
        print(
            f"   AMQP: message_id={properties.message_id[:8]}..., type={properties.type}, "
            f"content_type={properties.content_type}, delivery_mode={properties.delivery_mode} (persistent)"
        )

        say(
            "2. The contract is checked at both ends",
            f"contracts/events/{PRODUCT_CREATED}.v1.schema.json, service_kit/contracts.py",
        )
        broken = product_created(1, name="Teapot", price_cents="19.99")
        try:
            EventContracts(CONTRACTS).validate(broken)
        except ContractViolation as violation:
            print(f"   a producer's check refuses it: {violation}")
        deliver(sales_consumer, broken)

        say(
            "3. A tolerant reader: a field the consumer does not know is no reason to refuse",
            "no schema sets additionalProperties: false",
        )
        deliver(sales_consumer, product_created(1, name="Mug", price_cents=450, weight_grams=350))

        say(
            "4. An incompatible change is a new version; a consumer refuses versions it does not know",
            "service_kit/consumer.py, Subscription.versions",
        )
        deliver(sales_consumer, product_created(2, name="Kettle", price={"amount_cents": 2500, "currency": "EUR"}))

        say(
            "5. A consumer ready for version 2 accepts both and reads both in the newest shape",
            "to_newest_shape in this file; a-future-version/",
        )
        ready, database = consumer_ready_for_version_2(Path(folder))
        deliver(ready, product_created(1, name="Teapot", price_cents=1999), to="ready")
        deliver(ready, product_created(2, name="Kettle", price={"amount_cents": 2500, "currency": "EUR"}), to="ready")
        with database.reading() as connection:
            for name, cents, currency in connection.execute("SELECT name, cents, currency FROM products"):
                print(f"   stored: {name}, {cents} {currency}")

        say("6. The contracts of the system today", "contracts/events/, contracts/README.md (Versions)")
        versions: dict[str, list[str]] = {}
        for path in sorted(CONTRACTS.glob("*.schema.json")):
            event_type, version = re.fullmatch(r"(.+)\.(v\d+)\.schema\.json", path.name).groups()
            versions.setdefault(event_type, []).append(version)
        for event_type, known in versions.items():
            print(f"   {event_type:<34} {', '.join(known)}")


if __name__ == "__main__":
    main()
