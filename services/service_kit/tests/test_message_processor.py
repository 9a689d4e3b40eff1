"""The consumer's decisions without a broker: what is acked, retried or dead-lettered, and why."""

import json
import uuid
from pathlib import Path

import pytest

from service_kit import correlation, inbox, outbox
from service_kit.consumer import MessageProcessor, PermanentFailure, Subscription
from service_kit.contracts import EventContracts
from service_kit.database import Database
from service_kit.unit_of_work import SqliteUnitOfWork

CONTRACTS = Path(__file__).resolve().parents[3] / "contracts" / "events"


def envelope(**overrides) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "type": "catalog.product_created",
        "version": 1,
        "occurred_at": "2026-12-04T10:00:00.000000Z",
        "producer": "catalog",
        "correlation_id": "corr-1",
        "data": {"product_id": str(uuid.uuid4()), "name": "Cup", "price_cents": 100},
        **overrides,
    }


@pytest.fixture
def database(tmp_path):
    database = Database(f"sqlite:///{tmp_path}/kit.db")
    database.migrate(outbox.SCHEMA, inbox.SCHEMA, "CREATE TABLE seen (correlation_id TEXT);")
    return database


def processor_for(database, handler) -> MessageProcessor:
    return MessageProcessor(
        EventContracts(CONTRACTS),
        lambda: SqliteUnitOfWork(database),
        {"catalog.product_created": Subscription(handler)},
    )


def remember_correlation(uow, message):
    uow.connection.execute("INSERT INTO seen VALUES (?)", (correlation.current(),))


def seen(database):
    with database.reading() as connection:
        return [row[0] for row in connection.execute("SELECT correlation_id FROM seen")]


def test_a_valid_message_is_handled_under_its_correlation_id_and_acked(database):
    outcome = processor_for(database, remember_correlation).process(json.dumps(envelope()).encode())
    assert (outcome.action, outcome.duplicate) == ("ack", False)
    assert seen(database) == ["corr-1"]


def test_the_same_message_twice_has_one_effect(database):
    processor = processor_for(database, remember_correlation)
    body = json.dumps(envelope()).encode()
    assert processor.process(body).duplicate is False
    assert processor.process(body).duplicate is True
    assert seen(database) == ["corr-1"]


@pytest.mark.parametrize(
    "body, reason",
    [
        (b"\xff", "not JSON"),
        (b"42", "not an object"),
        (json.dumps(envelope(type="sales.sales_order_placed")).encode(), "does not consume"),
        (json.dumps(envelope(version=2)).encode(), "v2 is not a version"),
        (json.dumps(envelope(data={"name": "Cup"})).encode(), "breaks its contract"),
    ],
)
def test_a_message_that_breaks_the_contract_is_dead_lettered_with_the_reason(database, body, reason):
    outcome = processor_for(database, remember_correlation).process(body)
    assert outcome.action == "dead-letter"
    assert reason in outcome.reason
    assert seen(database) == []


def test_a_failing_handler_leaves_no_effect_and_asks_for_a_retry(database):
    def half_done_then_failing(uow, message):
        remember_correlation(uow, message)
        raise TimeoutError("downstream slow")

    outcome = processor_for(database, half_done_then_failing).process(json.dumps(envelope()).encode())
    assert outcome.action == "retry"
    assert "downstream slow" in outcome.reason
    assert seen(database) == [], "the transaction was rolled back"
    with database.reading() as connection:
        assert connection.execute("SELECT count(*) FROM inbox").fetchone()[0] == 0


def test_a_permanent_failure_is_dead_lettered_at_once(database):
    def refuse(uow, message):
        raise PermanentFailure("order 7 is unknown")

    outcome = processor_for(database, refuse).process(json.dumps(envelope()).encode())
    assert outcome.action == "dead-letter"
    assert "order 7 is unknown" in outcome.reason
