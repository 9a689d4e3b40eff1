"""The dashboard's HTTP API: the page (server-rendered, readable without JavaScript) and its JSON."""

from collections.abc import Callable
from typing import Any

from flask import Blueprint, jsonify, render_template

from dashboard import views


def dashboard_blueprint(read_overview: Callable[[], dict[str, Any]]) -> Blueprint:
    blueprint = Blueprint("dashboard", __name__, template_folder="../templates")

    @blueprint.app_template_filter("money")
    def money(cents: int | None) -> str:
        return "" if cents is None else f"{cents // 100}.{cents % 100:02d}"

    @blueprint.app_template_filter("moment")
    def moment(rfc3339: str | None) -> str:
        return "" if not rfc3339 else rfc3339[:19].replace("T", " ")

    @blueprint.get("/")
    def page():
        view = read_overview()
        return render_template(
            "index.html",
            view=view,
            product_rows=views.product_rows(view),
            names=views.product_names(view),
            dead_letters=views.dead_letters(view),
        )

    @blueprint.get("/api/overview")
    def api_overview():
        return jsonify(read_overview()), 200, {"Cache-Control": "no-store"}

    return blueprint
