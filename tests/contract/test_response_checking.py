"""Every response a test sees is checked against its service's OpenAPI document (contract_tools.responses).

These tests show that the check is on and that it can fail: through the Flask test clients of the
service tests, through the `requests` clients of the end-to-end tests, and for a test whose own code
swallows the error. The breaking responses are made on purpose, with a checker of the test's own, so
they never reach the shared one that fails the test that caught them.
"""

import json
import subprocess
import sys
import textwrap

import pytest
import requests
from flask import Flask, jsonify

from contract_tools.pytest_plugin import ContractCheckingClient
from contract_tools.responses import ResponseBreaksContract, ResponseContracts

from .conftest import CONTRACTS
from .in_process import served, service_app

ROOT = CONTRACTS.parent


@pytest.fixture
def contracts() -> ResponseContracts:
    return ResponseContracts()


@pytest.fixture
def sales(tmp_path) -> Flask:
    return service_app("sales", tmp_path)


def test_the_flask_test_client_of_every_service_checks_its_answers(sales):
    assert isinstance(sales.test_client(), ContractCheckingClient)


def test_an_answer_that_keeps_its_promises_passes(sales, contracts):
    contracts.check("sales", sales.test_client().get("/sales-orders"))


def test_a_body_that_breaks_the_schema_is_caught(sales, contracts):
    response = sales.test_client().get("/sales-orders")
    response.set_data(json.dumps({"sales_orders": [{"sales_order_id": "not-a-uuid"}]}))
    with pytest.raises(ResponseBreaksContract, match="Response violates schema"):
        contracts.check("sales", response)


def test_an_answer_without_its_correlation_id_is_caught(sales, contracts):
    response = sales.test_client().get("/health/live")
    del response.headers["X-Correlation-ID"]
    with pytest.raises(ResponseBreaksContract, match="X-Correlation-ID"):
        contracts.check("sales", response)


def test_a_status_code_the_operation_does_not_list_is_caught(sales, contracts):
    response = sales.test_client().get("/sales-orders")
    response.status_code = 418
    with pytest.raises(ResponseBreaksContract, match="Undocumented status code"):
        contracts.check("sales", response)


def test_an_unknown_path_must_answer_the_not_found_problem(sales, contracts):
    response = sales.test_client().get("/no-such-thing")
    contracts.check("sales", response)
    response.status_code = 200
    with pytest.raises(ResponseBreaksContract, match="must answer 404, not 200"):
        contracts.check("sales", response)


def test_a_method_a_path_does_not_offer_must_answer_method_not_allowed_with_allow(sales, contracts):
    response = sales.test_client().delete("/sales-orders")
    contracts.check("sales", response)
    del response.headers["Allow"]
    with pytest.raises(ResponseBreaksContract, match="without the header"):
        contracts.check("sales", response)


def impostor() -> Flask:
    """An app that answers stock's list with a body stock's document does not allow."""
    app = Flask("impostor")

    @app.get("/stock-levels")
    def stock_levels():
        return jsonify(stock_levels=[{"product_id": "not-a-uuid"}]), 200, {"X-Correlation-ID": "x"}

    return app


def test_an_end_to_end_client_checks_each_answer_of_the_service_on_its_port(contracts):
    with served(impostor()) as url:
        session = requests.Session()
        session.hooks["response"].append(contracts.requests_hook({int(url.rsplit(":", 1)[1]): "stock"}))
        with pytest.raises(ResponseBreaksContract, match="stock broke contracts/openapi/stock.openapi.yaml"):
            session.get(f"{url}/stock-levels", timeout=5)


def test_a_test_that_swallows_the_breach_still_fails(tmp_path):
    # A polling loop catches every exception; the plugin fails the test from the breaches it recorded.
    test_file = tmp_path / "test_swallowing.py"
    test_file.write_text(
        textwrap.dedent(
            """
            from flask import Flask, jsonify

            def test_polls_an_answer_that_breaks_the_document():
                app = Flask("stock")

                @app.get("/stock-levels")
                def stock_levels():
                    return jsonify(stock_levels="none"), 200, {"X-Correlation-ID": "x"}

                try:
                    app.test_client().get("/stock-levels")
                except Exception:
                    pass
            """
        )
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "contract_tools.pytest_plugin"]
        + ["--rootdir", str(tmp_path), "-c", "/dev/null", str(test_file)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "infrastructure"), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 response(s) broke their OpenAPI document during this test" in run.stdout
