"""Small pieces of the kit: correlation ids, the envelope, database URLs, readiness and problem documents."""

import pytest
from flask import Flask

from service_kit import correlation, web
from service_kit.database import Database, sqlite_path
from service_kit.envelope import MalformedMessage, new_envelope, parse
from service_kit.health import Readiness


@pytest.mark.parametrize("candidate", ["abc", "A.b_c-1", "x" * 128])
def test_a_well_formed_correlation_id_is_kept(candidate):
    assert correlation.accept_or_generate(candidate) == candidate


@pytest.mark.parametrize("candidate", [None, "", "x" * 129, "has space", "semi;colon", "ünïcode"])
def test_anything_else_is_replaced_by_a_new_id(candidate):
    replaced = correlation.accept_or_generate(candidate)
    assert replaced != candidate
    assert correlation.is_valid(replaced)


def test_an_envelope_has_every_field_of_the_architecture():
    envelope = new_envelope("stock.stock_reserved", 1, "stock", "corr", {"a": 1})
    assert set(envelope) == {"id", "type", "version", "occurred_at", "producer", "correlation_id", "data"}
    assert envelope["occurred_at"].endswith("Z")


@pytest.mark.parametrize("body", [b"", b"not json", b"[]", b"null"])
def test_a_body_that_is_not_a_json_object_is_malformed(body):
    with pytest.raises(MalformedMessage):
        parse(body)


def test_sqlite_urls_name_relative_and_absolute_files():
    assert sqlite_path("sqlite:////data/sales.db") == "/data/sales.db"
    assert sqlite_path("sqlite:///sales.db") == "sales.db"
    with pytest.raises(ValueError):
        sqlite_path("postgresql://db/sales")


def test_readiness_is_down_and_503_when_the_database_is_gone(tmp_path):
    database = Database(f"sqlite:///{tmp_path}/missing/dir/db.sqlite")
    report = Readiness(database, workers=[]).report()
    assert report["status"] == "down"
    assert report["checks"]["database"] == "down"
    app = Flask("probe")
    web.install(app)
    app.register_blueprint(web.health_blueprint(Readiness(database, workers=[])))
    assert app.test_client().get("/health/ready").status_code == 503
    assert app.test_client().get("/health/live").get_json() == {"status": "ok"}


def test_an_unexpected_error_is_a_500_problem_without_internals():
    app = Flask("probe")
    web.install(app)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert response.content_type == "application/problem+json"
    assert "secret internals" not in response.get_data(as_text=True)


def test_a_database_that_is_locked_or_gone_is_a_503_problem_with_retry_after():
    import sqlite3

    app = Flask("probe")
    web.install(app)

    @app.get("/locked")
    def locked():
        raise sqlite3.OperationalError("database is locked")

    response = app.test_client().get("/locked")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    assert response.get_json()["type"].endswith("/dependency-unavailable")
