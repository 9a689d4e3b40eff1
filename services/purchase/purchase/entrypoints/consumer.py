"""The events purchase consumes, each translated into a call to a use case.

The consumer loop has already checked the contract, opened the transaction and the inbox; a handler
only picks the fields it needs from `data` and hands them over.
"""

from purchase import application
from purchase.domain import ReplenishmentPolicy
from service_kit.consumer import Subscription


def subscriptions(policy: ReplenishmentPolicy) -> dict[str, Subscription]:
    def product_created(uow, envelope: dict) -> None:
        data = envelope["data"]
        application.remember_product(uow, data["product_id"], data["name"])

    def stock_level_changed(uow, envelope: dict) -> None:
        data = envelope["data"]
        application.replenish(uow, policy, data["product_id"], data["available"])

    return {
        "catalog.product_created": Subscription(product_created),
        "stock.stock_level_changed": Subscription(stock_level_changed),
    }
