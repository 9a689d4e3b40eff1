"""What the console says, checked without a stack: figures and sentences from made-up facts."""

from workshop.figures import percentile
from workshop.management import Queue
from workshop.screens import what_it_means
from workshop.status import BrokerStatus, Container, Readiness, ServiceStatus, SystemStatus

READY = Readiness(True, "ok", {"database": "ok", "broker": "ok", "breakers": {}, "outbox_backlog": 0})


def system(*services: ServiceStatus, broker_up: bool = True) -> SystemStatus:
    broker = BrokerStatus(Container("running"), answering=broker_up)
    return SystemStatus(services, broker)


def test_a_percentile_is_a_value_that_was_measured():
    assert percentile([30.0, 10.0, 20.0, 40.0], 50) == 20.0
    assert percentile([30.0, 10.0, 20.0, 40.0], 95) == 40.0
    assert percentile([], 50) is None


def test_readiness_is_told_in_words_with_its_reasons():
    degraded = Readiness(True, "degraded", {"broker": "down", "breakers": {"catalog": "half_open"}})
    assert degraded.in_words == "degraded: broker lost, catalog breaker half-open"
    assert READY.in_words == "ready"
    assert Readiness(False).in_words == "not answering"


def test_a_cut_off_container_is_down_although_it_runs():
    cut_off = ServiceStatus("sales", Container("running", cut_off=True), READY)
    assert not cut_off.up
    assert what_it_means(system(cut_off)) == [
        "sales is down (running, cut off from the network): "
        "orders cannot be placed or read; stock's answers wait in sales.events."
    ]


def test_dead_letters_are_pointed_out_with_the_command_that_shows_them():
    stock = ServiceStatus("stock", Container("running"), READY, Queue("stock.events", 0, 1), 0, dead_letters=2)
    assert what_it_means(system(stock)) == [
        "2 message(s) in stock.dead-letter: see why with `./workshop dead-letters list stock`."
    ]


def test_all_quiet_is_said_too():
    assert what_it_means(system(ServiceStatus("catalog", Container("running"), READY))) == [
        "Everything is up and ready, and no message is stuck."
    ]


def test_a_stack_that_was_never_started_is_told_how_to_start():
    never = ServiceStatus("catalog", Container("not created"), Readiness(False))
    assert what_it_means(SystemStatus((never,), BrokerStatus(Container("not created"), answering=False))) == [
        "Nothing of this stack exists yet: start it with `docker compose up --build -d` (or `make up`)."
    ]


def test_with_the_broker_down_its_loss_is_said_once_not_for_every_service():
    lost = Readiness(True, "degraded", {"broker": "down", "breakers": {}})
    services = tuple(ServiceStatus(name, Container("running"), lost) for name in ("catalog", "stock"))
    broker = BrokerStatus(Container("stopped"), answering=False)
    assert what_it_means(SystemStatus(services, broker)) == [
        "rabbitmq is down (stopped): every HTTP API still works; events wait in each service's outbox."
    ]
