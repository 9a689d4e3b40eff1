"""Stock's event entrypoint: which events it consumes and the use case each one calls.

The consumer loop has already checked the contract, opened the transaction and checked the inbox, so a
handler only picks the fields out of `data`. A stock rule that refuses the event (a delivery of an order
stock never reserved) can never succeed on a retry: it becomes a PermanentFailure, dead-lettered with
its reason for someone to look at.
"""

from service_kit.consumer import PermanentFailure, Subscription
from stock import application
from stock.domain import StockRuleViolation


def _order_fields(data: dict) -> dict:
    return {"sales_order_id": data["sales_order_id"], "product_id": data["product_id"], "quantity": data["quantity"]}


def on_goods_received(uow, envelope: dict) -> None:
    data = envelope["data"]
    application.receive_goods(uow, data["product_id"], data["quantity"])


def on_sales_order_placed(uow, envelope: dict) -> None:
    application.decide_sales_order(uow, **_order_fields(envelope["data"]))


def on_sales_order_delivered(uow, envelope: dict) -> None:
    application.deliver_sales_order(uow, **_order_fields(envelope["data"]))


def _refusals_are_permanent(handler):
    def handle(uow, envelope: dict) -> None:
        try:
            handler(uow, envelope)
        except StockRuleViolation as error:
            raise PermanentFailure(str(error)) from error

    return handle


def subscriptions() -> dict[str, Subscription]:
    return {
        "purchase.goods_received": Subscription(_refusals_are_permanent(on_goods_received)),
        # Version 2 only adds the price, which stock does not need: both versions reserve alike.
        "sales.sales_order_placed": Subscription(_refusals_are_permanent(on_sales_order_placed), versions=(1, 2)),
        "sales.sales_order_delivered": Subscription(_refusals_are_permanent(on_sales_order_delivered)),
    }
