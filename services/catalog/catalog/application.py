"""Catalog's use cases. They see the unit of work's `products` repository and `publish`, nothing more."""

import uuid

from catalog.domain import Product


def create_product(uow, name: str, price_cents: int) -> Product:
    product = Product.create(str(uuid.uuid4()), name, price_cents)
    with uow:
        uow.products.add(product)
        uow.publish("catalog.product_created", product.as_dict())
    return product
