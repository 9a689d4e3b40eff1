"""Catalog's domain model: a product and the rules for creating one. Pure Python, no I/O."""

from dataclasses import asdict, dataclass

MAX_NAME_LENGTH = 200
MAX_PRICE_CENTS = 1_000_000_000


class InvalidProduct(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class Product:
    product_id: str
    name: str
    price_cents: int

    @classmethod
    def create(cls, product_id: str, name: str, price_cents: int) -> "Product":
        if not isinstance(name, str) or not 1 <= len(name) <= MAX_NAME_LENGTH or not name.strip():
            raise InvalidProduct("name", f"must be 1 to {MAX_NAME_LENGTH} characters, not only spaces")
        if type(price_cents) is not int or not 0 <= price_cents <= MAX_PRICE_CENTS:
            raise InvalidProduct("price_cents", f"must be a whole number of cents from 0 to {MAX_PRICE_CENTS}")
        return cls(product_id, name, price_cents)

    def as_dict(self) -> dict:
        return asdict(self)
