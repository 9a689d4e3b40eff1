"""A pytest plugin (pyproject.toml: `-p contract_tools.pytest_plugin`): every response a Flask test
client receives from a service is checked against that service's OpenAPI document.

The service tests keep writing `app.test_client()`; while pytest runs, Flask hands them a client that
checks each answer (an app without a document, such as a test's own little app, is left alone). A test
during which any client caught a breach fails, even if its own code swallowed the exception, as a
polling loop does; the end-to-end clients of tests/support/stack.py report to the same place.
"""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from contract_tools.responses import ResponseBreaksContract, ResponseContracts

_previous_client = pytest.StashKey[type | None]()


class ContractCheckingClient(FlaskClient):
    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        ResponseContracts.shared().check(self.application.name, response)
        return response


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_previous_client] = Flask.test_client_class
    Flask.test_client_class = ContractCheckingClient


def pytest_unconfigure(config: pytest.Config) -> None:
    Flask.test_client_class = config.stash.get(_previous_client, None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    contracts = ResponseContracts.shared()
    contracts.breaches.clear()
    result = yield
    if contracts.breaches:
        raise ResponseBreaksContract(
            f"{len(contracts.breaches)} response(s) broke their OpenAPI document during this test:\n\n"
            + "\n\n".join(contracts.breaches)
        )
    return result
