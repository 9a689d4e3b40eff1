"""HTTP plumbing for every Flask app: problem documents, correlation ids, request logs, health routes.

Entrypoints stay thin: they read a JSON body with `json_body`, check it against the request schema,
call a handler and turn the result into JSON. Anything a client sends that cannot be served becomes an
RFC 9457 problem document; a 500 means a bug on our side, never bad input.
"""

import json
import logging
import sqlite3
import time
from typing import Any

from flask import Blueprint, Flask, Response, g, jsonify, request
from jsonschema import Draft202012Validator
from werkzeug.exceptions import HTTPException

from service_kit import correlation
from service_kit.health import Readiness

PROBLEM_BASE = "https://microservices-for-everyone.dev/problems/"
log = logging.getLogger("service_kit.http")


class Problem(Exception):
    def __init__(self, status: int, slug: str, title: str, detail: str, headers: dict | None = None, **extensions: Any):
        super().__init__(detail)
        self.status, self.slug, self.title, self.detail = status, slug, title, detail
        self.headers = headers or {}
        self.extensions = extensions


def not_found(detail: str) -> Problem:
    return Problem(404, "not-found", "Not Found", detail)


def illegal_state_change(detail: str) -> Problem:
    return Problem(409, "illegal-state-change", "Illegal state change", detail)


def invalid_field(field: str, message: str) -> Problem:
    """A 422 for a value the domain refused, in the same shape as a body that broke the request schema."""
    return Problem(
        422, "validation-failed", "Validation failed", message, errors=[{"field": field, "message": message}]
    )


def unknown_product(product_id: str) -> Problem:
    return Problem(
        422,
        "unknown-product",
        "Unknown product",
        f"no product with id {product_id} is known",
        errors=[{"field": "product_id", "message": "unknown product"}],
    )


def dependency_unavailable(detail: str, retry_after_seconds: int = 5) -> Problem:
    return Problem(
        503,
        "dependency-unavailable",
        "Dependency unavailable",
        detail,
        headers={"Retry-After": str(retry_after_seconds)},
    )


def problem_response(
    status: int, type_: str, title: str, detail: str, headers: dict | None = None, **extensions: Any
) -> Response:
    body = {"type": type_, "title": title, "status": status, "detail": detail, **extensions}
    response = Response(json.dumps(body), status=status, mimetype="application/problem+json")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def json_body(schema_validator: Draft202012Validator) -> dict[str, Any]:
    """The request body as a JSON object that satisfies the schema, or a 400/422 problem."""
    raw = request.get_data(cache=False)
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Problem(400, "invalid-json", "Malformed JSON", f"the body is not valid JSON: {error}") from error
    if not isinstance(body, dict):
        raise Problem(400, "invalid-json", "Malformed JSON", "the body must be a JSON object")
    errors = sorted(schema_validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        raise Problem(
            422,
            "validation-failed",
            "Validation failed",
            "the body breaks the contract of this endpoint",
            errors=[{"field": _field_of(error), "message": error.message} for error in errors],
        )
    return body


def request_schema(properties: dict[str, Any], required: list[str]) -> Draft202012Validator:
    return Draft202012Validator(
        {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
    )


def _field_of(error) -> str:
    if error.validator == "required":
        return error.message.split("'")[1]
    if error.validator == "additionalProperties":
        return ", ".join(sorted(set(error.instance) - set(error.schema.get("properties", {}))))
    return "/".join(str(part) for part in error.absolute_path) or "(body)"


def install(app: Flask) -> None:
    """Correlation ids, request logs and problem documents for every route of the app."""

    @app.before_request
    def _start() -> None:
        g.correlation_id = correlation.accept_or_generate(request.headers.get(correlation.HEADER))
        g.correlation_token = correlation.bind(g.correlation_id)
        g.started = time.perf_counter()

    @app.after_request
    def _finish(response: Response) -> Response:
        correlation_id = g.get("correlation_id") or correlation.accept_or_generate(None)
        response.headers[correlation.HEADER] = correlation_id
        if not request.path.startswith("/health/"):
            log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 1),
                },
            )
        return response

    @app.teardown_request
    def _unbind(_error) -> None:
        token = g.pop("correlation_token", None)
        if token is not None:
            correlation.unbind(token)

    @app.errorhandler(Problem)
    def _problem(problem: Problem) -> Response:
        return problem_response(
            problem.status,
            PROBLEM_BASE + problem.slug,
            problem.title,
            problem.detail,
            problem.headers,
            **problem.extensions,
        )

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        headers = {"Allow": error.valid_methods and ", ".join(error.valid_methods)} if error.code == 405 else {}
        return problem_response(
            error.code or 500,
            "about:blank",
            error.name,
            error.description or error.name,
            {k: v for k, v in headers.items() if v},
        )

    @app.errorhandler(sqlite3.OperationalError)
    def _database_unavailable(error: sqlite3.OperationalError) -> Response:
        # A locked or vanished database file is the service's own dependency failing, not a bug in the request.
        log.error("database unavailable: %s", error)
        return problem_response(
            503,
            PROBLEM_BASE + "dependency-unavailable",
            "Dependency unavailable",
            "the service's database is busy or unavailable; try again shortly",
            {"Retry-After": "2"},
        )

    @app.errorhandler(Exception)
    def _bug(error: Exception) -> Response:
        log.exception("unhandled error")
        return problem_response(
            500,
            "about:blank",
            "Internal Server Error",
            "the service failed to handle this request; the error is in its logs",
        )


def health_blueprint(readiness: Readiness) -> Blueprint:
    blueprint = Blueprint("health", __name__)

    @blueprint.get("/health/live")
    def live():
        return jsonify(status="ok")

    @blueprint.get("/health/ready")
    def ready():
        report = readiness.report()
        return jsonify(report), 503 if report["status"] == "down" else 200

    return blueprint
