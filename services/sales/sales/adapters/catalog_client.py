"""Sales' HTTP client for catalog: the one synchronous call in the system (domain.md, flow 3).

Every outgoing call has a connect and a read timeout, bounded retries with exponential backoff and jitter
(tenacity) for what may pass (connection errors, timeouts, 5xx), and a circuit breaker (pybreaker) around
the retried call, so a catalog that is gone costs one fast failure instead of a slow one per order.
A 404 is catalog's normal answer for a product it does not know: neither retried nor counted as a failure.
"""

import logging
from urllib.parse import quote

import pybreaker
import requests
from jsonschema import Draft202012Validator
from requests.adapters import HTTPAdapter
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential_jitter

from sales.domain import Product
from sales.ports import CatalogUnavailable
from service_kit import correlation
from service_kit.breaker import CircuitBreaker

BREAKER_NAME = "catalog"
MAX_BACKOFF_SECONDS = 2.0
log = logging.getLogger(__name__)

_PRODUCT = Draft202012Validator(
    {
        "type": "object",
        "required": ["product_id", "name", "price_cents"],
        "properties": {"name": {"type": "string"}, "price_cents": {"type": "integer", "minimum": 0}},
    }
)


class CatalogServerError(Exception):
    """Catalog is up but failing (5xx); that may pass, so it is retried."""


class UnexpectedAnswer(Exception):
    """Neither a product, a 404 nor a 5xx: retrying will not change it, but the breaker counts it."""


TRANSIENT = (requests.ConnectionError, requests.Timeout, CatalogServerError)


class _LogStateChanges(pybreaker.CircuitBreakerListener):
    def state_change(self, breaker, old_state, new_state) -> None:
        log.warning("circuit breaker %s: %s -> %s", breaker.name, old_state.name if old_state else None, new_state.name)


def catalog_breaker(fail_max: int, reset_seconds: float) -> pybreaker.CircuitBreaker:
    return CircuitBreaker(
        fail_max=fail_max, reset_timeout=reset_seconds, name=BREAKER_NAME, listeners=[_LogStateChanges()]
    )


class CatalogClient:
    """The `PriceLookup` port over HTTP: `GET {base_url}/products/{id}`."""

    def __init__(
        self,
        base_url: str,
        breaker: pybreaker.CircuitBreaker,
        connect_timeout_seconds: float,
        read_timeout_seconds: float,
        attempts: int,
        backoff_seconds: float = 0.1,
        session: requests.Session | None = None,
    ):
        self._products_url = base_url.rstrip("/") + "/products/"
        self._breaker = breaker
        self._timeout = (connect_timeout_seconds, read_timeout_seconds)
        self._session = session or _pooled_session()
        self._retrying = Retrying(
            stop=stop_after_attempt(attempts),
            wait=wait_exponential_jitter(multiplier=backoff_seconds, max=MAX_BACKOFF_SECONDS, jitter=backoff_seconds),
            retry=retry_if_exception_type(TRANSIENT),
            before_sleep=_log_retry,
            reraise=True,
        )

    def current_price(self, product_id: str) -> Product | None:
        # While closed, concurrent requests ask catalog side by side (service_kit.breaker explains why);
        # the timeouts bound each wait, and half-open lets exactly one trial through.
        try:
            return self._breaker.call(self._retrying, self._fetch, product_id)
        except pybreaker.CircuitBreakerError as error:
            raise CatalogUnavailable(f"circuit breaker {BREAKER_NAME} is open: {error}") from error
        except (requests.RequestException, CatalogServerError, UnexpectedAnswer) as error:
            raise CatalogUnavailable(f"{type(error).__name__}: {error}") from error

    def _fetch(self, product_id: str) -> Product | None:
        headers = {"Accept": "application/json"}
        if (correlation_id := correlation.current()) is not None:
            headers[correlation.HEADER] = correlation_id
        response = self._session.get(
            self._products_url + quote(product_id, safe=""), headers=headers, timeout=self._timeout
        )
        if response.status_code == 404:
            return None
        if response.status_code >= 500:
            raise CatalogServerError(f"catalog answered {response.status_code}")
        if response.status_code != 200:
            raise UnexpectedAnswer(f"catalog answered {response.status_code}")
        return _product(response)


def _pooled_session() -> requests.Session:
    session = requests.Session()
    # urllib3 must not retry on its own: tenacity is the one place that decides, so attempts stay bounded.
    # The pool is shared by gunicorn's threads; catalog keeps no cookies or other per-session state.
    session.mount("http://", HTTPAdapter(max_retries=0, pool_maxsize=16))
    session.mount("https://", HTTPAdapter(max_retries=0, pool_maxsize=16))
    return session


def _product(response: requests.Response) -> Product:
    try:
        body = response.json()
    except ValueError as error:
        raise UnexpectedAnswer("catalog answered 200 with a body that is not JSON") from error
    if not _PRODUCT.is_valid(body):
        raise UnexpectedAnswer(f"catalog answered 200 with a body that is not a product: {str(body)[:200]}")
    return Product(body["product_id"], body["name"], body["price_cents"])


def _log_retry(retry_state) -> None:
    error = retry_state.outcome.exception()
    log.warning(
        "asking catalog failed (%s: %s); attempt %d, retrying in %.2fs",
        type(error).__name__,
        error,
        retry_state.attempt_number,
        retry_state.next_action.sleep,
    )
