"""What sales' use cases need from outside the bounded context, stated as ports.

The application asks a `PriceLookup` for prices: the HTTP client for catalog is one adapter behind it, an
in-memory fake is another (in the tests), and neither the use case nor its tests know about requests, retries
or breakers. It also counts on the sales order repository to refuse a second order for one Idempotency-Key.
"""

from typing import Protocol

from sales.domain import Product


class CatalogUnavailable(Exception):
    """Catalog could not answer just now (unreachable, too slow, failing, or its breaker is open)."""


class IdempotencyKeyTaken(Exception):
    """The sales order repository refuses a second order for one Idempotency-Key: another request was first."""


class PriceLookup(Protocol):
    def current_price(self, product_id: str) -> Product | None:
        """The product as catalog knows it now, its current price included; None when catalog does not know it.

        Raises CatalogUnavailable when catalog cannot be asked.
        """
        ...
