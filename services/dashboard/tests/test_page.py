"""The page in words: what a reader sees first, the newest orders, every event as a sentence."""

import uuid

import pytest

from dashboard import wording

PRODUCT = str(uuid.uuid4())


@pytest.fixture
def a_product(deliver, event):
    deliver(event("catalog.product_created", {"product_id": PRODUCT, "name": "Milk jug", "price_cents": 1250}))


def orders(deliver, event, count: int) -> list[str]:
    ids = [str(uuid.uuid4()) for _ in range(count)]
    for order_id in ids:
        deliver(event("sales.sales_order_placed", {"sales_order_id": order_id, "product_id": PRODUCT, "quantity": 1}))
    return ids


def test_the_page_shows_the_newest_orders_first_and_counts_them_all(client, a_product, deliver, event):
    placed = orders(deliver, event, 30)
    page = client.get("/").get_data(as_text=True)
    assert page.index(placed[-1]) < page.index(placed[-2]), "the newest order is not first"
    assert placed[0] not in page, "an old order beyond the newest 25 is still listed"
    assert "The newest 25 of 30 orders." in page
    pending = '<span data-count="pending"><span class="badge badge-pending" data-status="pending">pending</span> 30'
    assert pending in page


def test_the_page_tells_what_each_event_means_with_its_correlation_id(client, a_product, deliver, event):
    [order] = orders(deliver, event, 1)
    page = client.get("/").get_data(as_text=True)
    assert f"order {order[:8]} placed: 1 × Milk jug" in page
    assert "Milk jug added to the catalog at 12.50" in page
    assert 'data-correlation-id="test-flow-1"' in page


def test_the_page_says_first_what_is_down_and_what_that_means_for_the_shop(client):
    page = client.get("/").get_data(as_text=True)
    # Nothing has been polled in this test: every neighbour counts as down, the broker too.
    assert "stock is down: orders are accepted but stay pending; they wait in stock.events." in page
    assert "RabbitMQ is down: every HTTP API still works" in page
    assert page.index('id="headline"') < page.index('id="system"')


def test_a_calm_system_is_said_to_be_calm():
    view = {
        "services": {name: {"status": "up"} for name in ("catalog", "stock")},
        "broker": {"status": "up"},
    }
    assert wording.headline(view, dead_letters=0) == [
        ("ok", "Every service and the broker are up, and no message is stuck.")
    ]


def test_a_degraded_service_is_explained_by_its_open_breaker_and_dead_letters_are_counted():
    sales = {"status": "degraded", "ready": {"checks": {"broker": "ok", "breakers": {"catalog": "open"}}}}
    view = {"services": {"sales": sales}, "broker": {"status": "up"}}
    assert wording.headline(view, dead_letters=2) == [
        ("degraded", "sales serves, but its catalog breaker is open."),
        ("degraded", "2 message(s) wait in dead-letter queues: `./workshop dead-letters list`."),
    ]


def test_the_page_asks_for_itself_again_to_refresh(client):
    page = client.get("/")
    assert page.headers["Cache-Control"] == "no-store"
    assert 'data-refresh-url="/"' in page.get_data(as_text=True)


def test_with_the_broker_down_the_headline_says_it_once_rather_than_for_every_service():
    lost = {"status": "degraded", "ready": {"checks": {"broker": "down", "breakers": {"catalog": "closed"}}}}
    view = {"services": {"sales": lost, "stock": lost}, "broker": {"status": "down"}}
    assert wording.headline(view, dead_letters=0) == [
        ("down", "RabbitMQ is down: every HTTP API still works, events wait in each service's outbox.")
    ]
    assert wording.service_details(lost) == "it has lost the broker"
