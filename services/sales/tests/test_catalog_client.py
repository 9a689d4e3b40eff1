"""The catalog client against a real HTTP server: timeouts honoured, retries bounded, the breaker working.

The server is the `catalog` fixture (conftest.py): a real socket on 127.0.0.1 that answers as it is told.
"""

import threading
import time
import uuid

import pytest

from sales.adapters.catalog_client import CatalogClient, catalog_breaker
from sales.domain import Product
from sales.ports import CatalogUnavailable
from service_kit import correlation

CONNECT, READ = 0.2, 0.3


def client_for(url: str, attempts: int = 2, breaker=None) -> CatalogClient:
    breaker = breaker or catalog_breaker(fail_max=5, reset_seconds=30)
    return CatalogClient(url, breaker, CONNECT, READ, attempts, backoff_seconds=0.01)


@pytest.fixture
def cup_id(catalog) -> str:
    product_id = str(uuid.uuid4())
    catalog.add(product_id, "Espresso cup", 450)
    return product_id


def test_a_known_product_comes_back_with_its_current_price(catalog, cup_id):
    assert client_for(catalog.url).current_price(cup_id) == Product(cup_id, "Espresso cup", 450)


def test_the_request_carries_the_correlation_id(catalog, cup_id):
    with correlation.bound("order-flow-7"):
        client_for(catalog.url).current_price(cup_id)
    assert catalog.requests[-1].headers["X-Correlation-ID"] == "order-flow-7"


def test_an_unknown_product_is_none_asked_once_and_never_counted_as_a_failure(catalog):
    breaker = catalog_breaker(fail_max=2, reset_seconds=30)
    client = client_for(catalog.url, breaker=breaker)
    for _ in range(5):
        assert client.current_price(str(uuid.uuid4())) is None
    assert len(catalog.requests) == 5
    assert breaker.current_state == "closed"


def test_a_failing_catalog_is_asked_a_bounded_number_of_times(catalog, cup_id):
    catalog.answer = "error"
    with pytest.raises(CatalogUnavailable):
        client_for(catalog.url, attempts=3).current_price(cup_id)
    assert len(catalog.requests) == 3


@pytest.mark.parametrize("answer", ["garbage", "bad-request"])
def test_an_answer_that_is_no_product_is_unavailable_and_not_retried(catalog, cup_id, answer):
    catalog.answer = answer
    with pytest.raises(CatalogUnavailable):
        client_for(catalog.url, attempts=3).current_price(cup_id)
    assert len(catalog.requests) == 1


def test_a_slow_catalog_costs_no_more_than_the_timeouts_of_each_attempt(catalog, cup_id):
    catalog.delay_seconds = 10
    started = time.monotonic()
    with pytest.raises(CatalogUnavailable, match="Timeout"):
        client_for(catalog.url, attempts=2).current_price(cup_id)
    elapsed = time.monotonic() - started
    assert elapsed < (CONNECT + READ) * 2 + 0.5
    assert len(catalog.requests) == 2


def test_an_unreachable_catalog_is_unavailable(unreachable_catalog_url, cup_id):
    with pytest.raises(CatalogUnavailable, match="ConnectionError"):
        client_for(unreachable_catalog_url).current_price(cup_id)


def test_the_breaker_opens_after_fail_max_failures_and_then_fails_fast_without_asking(catalog, cup_id):
    catalog.answer = "error"
    breaker = catalog_breaker(fail_max=3, reset_seconds=30)
    client = client_for(catalog.url, attempts=2, breaker=breaker)
    for _ in range(3):
        with pytest.raises(CatalogUnavailable):
            client.current_price(cup_id)
    assert len(catalog.requests) == 3 * 2  # one failure per retried call, not one per attempt
    assert breaker.current_state == "open"

    catalog.answer = "normal"
    with pytest.raises(CatalogUnavailable, match="open"):
        client.current_price(cup_id)
    assert len(catalog.requests) == 6


def test_the_breaker_closes_again_once_catalog_answers(catalog, cup_id):
    catalog.answer = "error"
    breaker = catalog_breaker(fail_max=1, reset_seconds=0.2)
    client = client_for(catalog.url, attempts=1, breaker=breaker)
    with pytest.raises(CatalogUnavailable):
        client.current_price(cup_id)
    assert breaker.current_state == "open"

    catalog.answer = "normal"
    assert poll(lambda: client.current_price(cup_id)) == Product(cup_id, "Espresso cup", 450)
    assert breaker.current_state == "closed"


def poll(ask, deadline_seconds: float = 5.0):
    deadline = time.monotonic() + deadline_seconds
    while True:
        try:
            return ask()
        except CatalogUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_concurrent_orders_during_a_slow_catalog_time_out_side_by_side_not_one_after_another(catalog, cup_id):
    catalog.delay_seconds = 10
    client = client_for(catalog.url, attempts=1)
    outcomes = []

    def ask():
        try:
            client.current_price(cup_id)
        except CatalogUnavailable as error:
            outcomes.append(error)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    assert len(outcomes) == 4
    assert elapsed < (CONNECT + READ) + 0.5, f"4 requests took {elapsed:.2f}s: they waited for each other"
