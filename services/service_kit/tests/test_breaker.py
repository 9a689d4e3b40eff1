"""The circuit breaker: calls run side by side while closed, fail fast once open, and close again."""

import threading
import time

import pybreaker
import pytest

from service_kit.breaker import CircuitBreaker
from service_kit.health import breaker_state


def slow_call(seconds: float) -> str:
    time.sleep(seconds)
    return "answer"


def failing_call():
    raise ConnectionError("dependency gone")


def test_concurrent_calls_through_a_closed_breaker_do_not_wait_for_each_other():
    breaker = CircuitBreaker(fail_max=5, reset_timeout=30)
    results = []
    threads = [threading.Thread(target=lambda: results.append(breaker.call(slow_call, 0.3))) for _ in range(6)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    assert results == ["answer"] * 6
    assert elapsed < 0.9, f"six 0.3 s calls took {elapsed:.2f}s: they queued behind each other"


def test_the_breaker_opens_after_fail_max_failures_and_then_fails_fast():
    breaker = CircuitBreaker(fail_max=3, reset_timeout=30)
    for _ in range(2):
        with pytest.raises(ConnectionError):
            breaker.call(failing_call)
    with pytest.raises(pybreaker.CircuitBreakerError):
        breaker.call(failing_call)  # the third failure trips it
    assert breaker_state(breaker) == "open"
    calls = []
    with pytest.raises(pybreaker.CircuitBreakerError):
        breaker.call(lambda: calls.append("asked"))
    assert calls == [], "an open breaker does not ask the dependency"


def test_a_success_resets_the_failure_count_and_a_trial_closes_it_again():
    breaker = CircuitBreaker(fail_max=2, reset_timeout=0.2)
    with pytest.raises(ConnectionError):
        breaker.call(failing_call)
    assert breaker.call(slow_call, 0) == "answer"
    with pytest.raises(ConnectionError):
        breaker.call(failing_call)
    assert breaker_state(breaker) == "closed", "one failure after a success is not two in a row"
    with pytest.raises(pybreaker.CircuitBreakerError):
        breaker.call(failing_call)
    time.sleep(0.25)  # the reset timeout itself is what is under test here
    assert breaker.call(slow_call, 0) == "answer"
    assert breaker_state(breaker) == "closed"
