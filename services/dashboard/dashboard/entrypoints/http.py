"""The dashboard's HTTP API: the page (server-rendered, readable without JavaScript) and its JSON.

The page's own script asks for the page again to refresh it, so it is never cached either.
"""

from collections.abc import Callable
from typing import Any

from flask import Blueprint, jsonify, render_template

from dashboard import views, wording

ORDERS_SHOWN = 25  # a load run places hundreds: the page shows the newest, and counts them all


def dashboard_blueprint(read_overview: Callable[[], dict[str, Any]]) -> Blueprint:
    blueprint = Blueprint("dashboard", __name__, template_folder="../templates")

    @blueprint.app_template_filter("money")
    def money(cents: int | None) -> str:
        return "" if cents is None else f"{cents // 100}.{cents % 100:02d}"

    @blueprint.app_template_filter("moment")
    def moment(rfc3339: str | None) -> str:
        return "" if not rfc3339 else rfc3339[:19].replace("T", " ")

    @blueprint.app_template_filter("clock")
    def clock(rfc3339: str | None) -> str:
        return "" if not rfc3339 else rfc3339[11:19]

    @blueprint.get("/")
    def page():
        view = read_overview()
        names = views.product_names(view)
        dead_letters = views.dead_letters(view)
        page = render_template(
            "index.html",
            view=view,
            headline=wording.headline(view, dead_letters),
            services=views.service_rows(view),
            dead_letters=dead_letters,
            product_rows=views.product_rows(view),
            names=names,
            order_counts=views.order_counts(view),
            sales_orders=views.newest(view["sales_orders"], ORDERS_SHOWN),
            purchase_orders=views.newest(view["purchase_orders"], ORDERS_SHOWN),
            describe=lambda event: wording.describe(event, names),
        )
        return page, 200, {"Cache-Control": "no-store"}

    @blueprint.get("/api/overview")
    def api_overview():
        return jsonify(read_overview()), 200, {"Cache-Control": "no-store"}

    return blueprint
