"""`./workshop status`: one table that tells, service by service, what is up, ready and waiting."""

import json
import signal

import pytest

from console.reading import table_rows
from support.polling import wait_until
from workshop.status import CONSUMERS, SERVICES

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]
COLUMNS = ["Up", "Ready", "Breakers", "Outbox", "Queued", "Consumers", "Retrying", "Dead letters"]


def status_table(workshop) -> dict[str, dict[str, str]]:
    output = workshop.run("status").stdout
    return {name: dict(zip(COLUMNS, cells, strict=False)) for name, cells in table_rows(output).items()}


def test_status_shows_every_service_and_the_broker_up_and_ready_with_a_consumer_on_each_queue(workshop):
    def settled(rows: dict) -> bool:
        # RabbitMQ's statistics lag a few seconds behind a fresh stack: wait for the consumers to show.
        ready = all(rows[service]["Ready"] == "ready" for service in SERVICES)
        return ready and all(rows[consumer]["Consumers"] == "1" for consumer in CONSUMERS)

    rows = wait_until(
        lambda: (rows := status_table(workshop)) and settled(rows) and rows,
        timeout=30,
        message="status showed every service ready and one consumer on each queue",
    )
    assert set(rows) == {*SERVICES, "rabbitmq"}
    for service in SERVICES:
        assert rows[service]["Up"] == "up", f"{service} is not shown up: {rows[service]}"
        assert rows[service]["Outbox"].isdigit(), f"{service} shows no outbox backlog: {rows[service]}"
    for consumer in CONSUMERS:
        assert rows[consumer]["Queued"].isdigit() and rows[consumer]["Dead letters"].isdigit()
    assert rows["sales"]["Breakers"] == "catalog closed"
    assert (rows["rabbitmq"]["Up"], rows["rabbitmq"]["Ready"]) == ("up", "answering")


def test_status_says_in_words_that_a_paused_service_is_down_and_what_that_means(workshop, restored):
    workshop.run("pause", "stock")
    output = wait_until(
        lambda: (out := workshop.run("status").stdout) and "down (paused)" in table_rows(out)["stock"][0] and out,
        timeout=20,
        message="status showed stock down, paused",
    )
    assert table_rows(output)["stock"][1] == "not answering"
    assert "stock is down (paused): orders are accepted but stay pending; they wait in stock.events." in output

    workshop.run("unpause", "stock")
    wait_until(
        lambda: table_rows(workshop.run("status").stdout)["stock"][:2] == ["up", "ready"],
        timeout=30,
        message="status showed stock up and ready again after unpause",
    )


def test_status_as_json_carries_the_same_facts_for_scripts(workshop):
    facts = json.loads(workshop.run("status", "--json").stdout)
    assert set(facts["services"]) == set(SERVICES)
    assert facts["broker"]["up"] is True
    stock = facts["services"]["stock"]
    assert stock["container"] == "running"
    assert stock["queue"]["name"] == "stock.events"
    assert stock["readiness"]["checks"]["database"] == "ok"


def test_status_watch_prints_a_fresh_table_again_and_again_until_interrupted(workshop):
    watching = workshop.popen("status", "--watch", "--every", "0.5")
    screens = 0
    try:
        for line in watching.stdout:
            screens += line.startswith("checked at")
            if screens == 3:
                break
    finally:
        watching.send_signal(signal.SIGINT)
        exit_code = watching.wait(timeout=10)
    assert screens == 3, f"status --watch printed {screens} screens before it stopped: {watching.stderr.read()}"
    assert exit_code == 0, "status --watch did not end cleanly on Ctrl-C"
