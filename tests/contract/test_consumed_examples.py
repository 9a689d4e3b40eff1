"""Consumer side of every example file: each consumer of a type, fed the example as RabbitMQ would
deliver it, accepts the pass examples and dead-letters the fail examples, and never crashes.

What "accepted" means here: the message passes the consumer's contract check (a type it consumes, a
version it accepts, a body that schema allows) and its handler comes to a decision. Either it applies
the message (ack), or a rule of the domain refuses it: the examples name orders and products the
consumer has never heard of, so stock may refuse to deliver an order it never reserved, and that is a
dead letter "cannot be handled", not a contract refusal. What may never happen to a pass example is a
contract refusal, or a handler that fails on it (a retry).

What "refused" means: dead-lettered at once as a breach of the contract, before any handler runs.

Each example goes to a consumer of its own (a fresh database), so no example depends on another.
"""

import pytest

from .conftest import Example, examples
from .in_process import deliver, service_app

EVERY_TYPE = "#"
# The binding keys of each consumer's queue (contracts/DECISIONS.md, asyncapi.yaml).
CONSUMES = {
    "purchase": {"catalog.product_created", "stock.stock_level_changed"},
    "sales": {"catalog.product_created", "stock.stock_reserved", "stock.stock_reservation_rejected"},
    "stock": {"purchase.goods_received", "sales.sales_order_placed", "sales.sales_order_delivered"},
    "dashboard": {EVERY_TYPE},
}


def deliveries(verdict: str) -> list:
    """(consumer, example) for every example of `verdict` and every consumer of the example's type."""
    return [
        pytest.param(consumer, example, id=f"{consumer}<-{example.path.parent.parent.name}/{example.path.name}")
        for example in examples(verdict)
        for consumer, types in CONSUMES.items()
        if example.schema_file.event_type in types or EVERY_TYPE in types
    ]


@pytest.mark.parametrize("consumer, example", deliveries("pass"))
def test_a_consumer_accepts_every_pass_example_of_the_types_it_consumes(consumer, example: Example, tmp_path):
    outcome = deliver(service_app(consumer, tmp_path), example.path.read_bytes())
    assert not outcome.broke_contract, f"{consumer} refused a valid message as a breach: {outcome.reason}"
    assert outcome.action != "retry", f"{consumer}'s handler failed on a valid message: {outcome.reason}"
    assert outcome.action == "ack" or "cannot be handled" in outcome.reason, outcome


@pytest.mark.parametrize("consumer, example", deliveries("fail"))
def test_a_consumer_dead_letters_every_fail_example_as_a_breach_of_contract(consumer, example: Example, tmp_path):
    outcome = deliver(service_app(consumer, tmp_path), example.path.read_bytes())
    assert (outcome.action, outcome.broke_contract) == ("dead-letter", True), (
        f"{consumer} did not refuse {example.path.name} as a breach of contract: {outcome}"
    )
    assert outcome.reason, "a dead letter says why, in x-dead-letter-reason"


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize("consumer", ["stock", "dashboard"])
def test_both_consumers_of_the_placed_event_are_held_to_version_1_and_version_2(consumer, version):
    # Sales publishes v2 now, yet v1 messages may still wait in a queue: both must be among the examples above.
    folder = f"sales.sales_order_placed.v{version}"
    for verdict in ("pass", "fail"):
        fed = [param.values[1] for param in deliveries(verdict) if param.values[0] == consumer]
        assert any(example.path.parent.parent.name == folder for example in fed), (
            f"no {verdict} example of {folder} is fed to {consumer}"
        )
