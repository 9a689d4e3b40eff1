"""The orders a drill places for its product, and what must hold once the system has converged.

Nothing lost, nothing done twice: every order placed ends reserved or rejected, decided by exactly one
event; stock's arithmetic equals what the orders imply (reserved = the reserved orders' quantities,
on_hand = what was received); and the dashboard's projection tells the same story.
"""

import requests

from workshop.drills.base import Run
from workshop.drills.decisions import DecisionLog

FINAL = {"reserved", "rejected"}
DECISION_OF = {"stock.stock_reserved": "reserved", "stock.stock_reservation_rejected": "rejected"}


class OrderBook:
    def __init__(self, run: Run, product_id: str, on_hand: int, decisions: DecisionLog | None = None):
        self.run = run
        self.product_id = product_id
        self.on_hand = on_hand
        self.decisions = decisions
        self.quantities: dict[str, int] = {}

    @classmethod
    def witnessed(cls, run: Run, product_id: str, on_hand: int) -> "OrderBook":
        """A book whose orders' decisions are also counted on the broker (decisions.py)."""
        decisions = DecisionLog(run.target).open()
        run.defer(decisions.close)
        return cls(run, product_id, on_hand, decisions)

    def place(self, quantity: int, timeout: float = 10.0) -> dict | None:
        """Place an order; None (and a broken promise) when sales did not accept it."""
        try:
            response = self.run.target.post(
                "sales", "/sales-orders", json={"product_id": self.product_id, "quantity": quantity}, timeout=timeout
            )
        except requests.RequestException as error:
            self.run.expect(False, f"placing an order failed: {type(error).__name__}")
            return None
        if not self.run.expect(
            response.status_code == 201, f"sales refused an order: HTTP {response.status_code} {response.text[:200]}"
        ):
            return None
        order = response.json()
        self.quantities[order["sales_order_id"]] = quantity
        return order

    def adopt(self, order: dict) -> None:
        """Count an order placed some other way (a load thread) as one of this book's."""
        self.quantities[order["sales_order_id"]] = order["quantity"]

    def statuses(self) -> dict[str, str]:
        listing = self.run.target.get("sales", "/sales-orders", timeout=10).json()["sales_orders"]
        return {o["sales_order_id"]: o["status"] for o in listing if o["sales_order_id"] in self.quantities}

    def await_decisions(self, timeout: float = 60) -> dict[str, str]:
        """Every order reserved or rejected; otherwise a broken promise naming those still undecided."""

        def decided() -> dict[str, str] | None:
            statuses = self.statuses()
            return statuses if len(statuses) == len(self.quantities) and set(statuses.values()) <= FINAL else None

        result = self.run.poll(decided, timeout)
        if isinstance(result, dict):
            return result
        try:
            statuses = self.statuses()
        except (requests.RequestException, ValueError, KeyError):
            statuses = {}
        waiting = [order_id for order_id in self.quantities if statuses.get(order_id) not in FINAL]
        raise self.run.fail(
            f"{_some(waiting)} of the {len(self.quantities)} orders were not reserved or rejected "
            f"within {timeout:.0f}s (lost, or stuck pending)"
        )

    def check_converged(self, timeout: float = 60) -> None:
        statuses = self.await_decisions(timeout)
        reserved = sum(q for oid, q in self.quantities.items() if statuses[oid] == "reserved")
        counts = {s: sum(1 for v in statuses.values() if v == s) for s in sorted(FINAL)}
        self.run.observed(
            f"all {len(statuses)} orders decided: {counts['reserved']} reserved ({reserved} items), "
            f"{counts['rejected']} rejected"
        )
        self._check_each_decided_once(statuses)
        self._check_stock_arithmetic(statuses, reserved)
        self._check_dashboard(statuses)

    def _check_each_decided_once(self, statuses: dict[str, str]) -> None:
        if self.decisions is None:
            return
        seen = self.run.poll(lambda: (d := self.decisions.by_order()) and all(d.get(o) for o in statuses) and d, 15)
        seen = seen if isinstance(seen, dict) else {}
        twice = 0
        for order_id, status in statuses.items():
            events = seen.get(order_id, {})
            kinds = sorted(DECISION_OF[t] for t in events.values())
            twice += len(events) > 1
            self.run.expect(len(events) <= 1, f"order {order_id} was decided {len(events)} times ({', '.join(kinds)})")
            self.run.expect(bool(events), f"stock announced no decision for order {order_id}, yet sales says {status}")
            self.run.expect(
                not events or kinds[-1] == status,
                f"order {order_id} is {status} in sales, but stock announced {', '.join(kinds)}",
            )
        if not twice:
            self.run.observed(f"the broker carried exactly one decision event for each of the {len(statuses)} orders")

    def _check_stock_arithmetic(self, statuses: dict[str, str], reserved: int) -> None:
        level = self.run.target.get("stock", f"/stock-levels/{self.product_id}").json()
        expected = {"on_hand": self.on_hand, "reserved": reserved, "available": self.on_hand - reserved}
        actual = {k: level.get(k) for k in expected}
        self.run.expect(
            actual == expected,
            f"stock's arithmetic is off: stock says {actual}, the orders imply {expected}",
            f"stock level is exact: {actual}",
        )
        for order_id, status in statuses.items():
            if status == "rejected":
                self.run.expect(
                    self.quantities[order_id] > level.get("available", 0),
                    f"order {order_id} for {self.quantities[order_id]} was rejected, "
                    f"yet {level.get('available')} are still available",
                )

    def _check_dashboard(self, statuses: dict[str, str]) -> None:
        level = self.run.target.get("stock", f"/stock-levels/{self.product_id}").json()

        def projected() -> bool:
            overview = self.run.target.overview()
            orders = {
                o["sales_order_id"]: o["status"] for o in overview["sales_orders"] if o["sales_order_id"] in statuses
            }
            levels = [lv for lv in overview["stock_levels"] if lv["product_id"] == self.product_id]
            return orders == statuses and levels == [level]

        caught_up = self.run.poll(projected, 30)
        self.run.expect(
            caught_up is True,
            "the dashboard's projection did not catch up with sales and stock within 30s",
            "the dashboard shows the same orders and stock level",
        )


def _some(ids) -> str:
    ids = list(ids)
    shown = ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")
    return f"{len(ids)} ({shown})"
