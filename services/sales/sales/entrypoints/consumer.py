"""Sales' event consumer: which events it handles, each turned into one call of a use case.

The consumer loop has already opened the transaction and checked the inbox. A result for an order sales
does not know, or that stock already decided the other way, can never be applied: it is dead-lettered
with a reason that names the order, for a human to look at.
"""

from sales import application
from sales.application import SalesOrderNotFound
from sales.domain import IllegalTransition, InvalidSalesOrder, Product
from service_kit.consumer import PermanentFailure, Subscription


def subscriptions() -> dict[str, Subscription]:
    return {
        "catalog.product_created": Subscription(product_created),
        "stock.stock_reserved": Subscription(stock_reserved),
        "stock.stock_reservation_rejected": Subscription(stock_reservation_rejected),
    }


def product_created(uow, envelope: dict) -> None:
    data = envelope["data"]
    application.record_product(uow, Product(data["product_id"], data["name"], data["price_cents"]))


def stock_reserved(uow, envelope: dict) -> None:
    try:
        application.apply_stock_reserved(uow, envelope["data"]["sales_order_id"])
    except (SalesOrderNotFound, IllegalTransition) as error:
        raise PermanentFailure(str(error)) from error


def stock_reservation_rejected(uow, envelope: dict) -> None:
    data = envelope["data"]
    try:
        application.apply_reservation_rejected(uow, data["sales_order_id"], data["reason"])
    except (SalesOrderNotFound, IllegalTransition, InvalidSalesOrder) as error:
        raise PermanentFailure(str(error)) from error
