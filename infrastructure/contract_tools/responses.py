"""Every HTTP response a test sees is held to the OpenAPI document of the service that sent it.

contracts/openapi promises what each service answers. The tests hold the services to that promise
wherever they talk to one: the Flask test clients of the service tests (see pytest_plugin) and the HTTP
clients of the end-to-end tests (tests/support/stack.py). The checks are schemathesis' own, the very
ones the fuzzing runs: a status code the operation lists, its content type, its required headers and
its body schema.

Two answers no single operation can list are held to the document's shared components instead: a path
the document does not have answers the NotFound problem, and a method its path does not offer answers
the MethodNotAllowed problem.
"""

import json
import re
import threading
from collections.abc import Callable, Mapping
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

import schemathesis
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from schemathesis import checks
from schemathesis.core.failures import FailureGroup

from contract_tools.locations import CONTRACTS, openapi_document

CHECKS = [
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]
_DOCUMENT_URI = "urn:openapi-document"


class ResponseBreaksContract(AssertionError):
    """A service answered something its OpenAPI document does not allow."""


class ApiDocument:
    """One service's OpenAPI document, able to judge any response of that service."""

    def __init__(self, service: str, path: Path):
        self.service = service
        self.path = path

    @cached_property
    def _raw(self) -> dict:
        return yaml.safe_load(self.path.read_text(encoding="utf-8"))

    @cached_property
    def _schema(self):
        return schemathesis.openapi.from_path(self.path)

    @cached_property
    def _registry(self) -> Registry:
        """The document as a resource, so a schema's `$ref: '#/components/...'` resolves inside it."""
        return Registry().with_resource(
            _DOCUMENT_URI, Resource.from_contents(self._raw, default_specification=DRAFT202012)
        )

    def problems(self, response) -> str | None:
        """Why `response` (werkzeug's, requests' or schemathesis' own) breaks the document, or None."""
        answer = schemathesis.Response.from_any(response)
        method, path = answer.request.method.upper(), urlsplit(answer.request.url).path
        if method == "HEAD":
            return None  # the body a HEAD lacks is no breach of the GET it mirrors
        operation = self._schema.find_operation_by_path(method, path)
        if operation is not None:
            return self._operation_problems(operation, path, response)
        if any(_path_values(template, path) is not None for template in self._raw["paths"]):
            return self._shared_answer_problems(answer, "MethodNotAllowed", 405)
        return self._shared_answer_problems(answer, "NotFound", 404)

    def _operation_problems(self, operation, path: str, response) -> str | None:
        case = operation.Case(path_parameters=_path_values(operation.path, path))
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as failures:
            return str(failures)
        return None

    def _shared_answer_problems(self, answer, component: str, status: int) -> str | None:
        """An answer the router gives for every path or method the document does not list."""
        where = f"{answer.request.method} {urlsplit(answer.request.url).path}"
        if answer.status_code != status:
            return f"{where} is not in {self.path.name}, so it must answer {status}, not {answer.status_code}"
        definition = self._raw["components"]["responses"][component]
        missing = [
            name
            for name, header in definition.get("headers", {}).items()
            if self._resolve(header).get("required") and name.lower() not in answer.headers
        ]
        if missing:
            return f"{where} answered {status} without the header(s) {', '.join(missing)}"
        [(media_type, content)] = definition["content"].items()
        received = (answer.headers.get("content-type") or [""])[0].split(";")[0]
        if received != media_type:
            return f"{where} answered {status} as {received!r} instead of {media_type!r}"
        try:
            body = json.loads(answer.content)
        except ValueError:
            return f"{where} answered {status} with a body that is not JSON"
        pointer = f"#/components/responses/{component}/content/{media_type.replace('/', '~1')}/schema"
        validator = Draft202012Validator({"$ref": _DOCUMENT_URI + pointer}, registry=self._registry)
        errors = [error.message for error in validator.iter_errors(body)]
        return f"{where} answered a {status} that breaks components/responses/{component}: {errors}" if errors else None

    def _resolve(self, node: dict) -> dict:
        while "$ref" in node:
            node = self._registry.resolver().lookup(_DOCUMENT_URI + node["$ref"]).contents
        return node


def _path_values(template: str, path: str) -> dict[str, str] | None:
    """The path parameters when `path` is an instance of the document's `template`, else None."""
    names = re.findall(r"\{([^}]+)\}", template)
    pattern = re.sub(r"\\\{[^}]+\\\}", "([^/]+)", re.escape(template))
    match = re.fullmatch(pattern, path)
    return dict(zip(names, match.groups(), strict=True)) if match else None


class ResponseContracts:
    """The OpenAPI documents of every service, and the breaches they caught that no test has reported yet.

    One instance serves a whole test session (`shared()`): the pytest plugin fails a test during which a
    breach was caught, even when the test's own code swallowed the exception (a polling loop does).
    """

    _shared: "ResponseContracts | None" = None
    _shared_lock = threading.Lock()

    def __init__(self, contracts: Path = CONTRACTS):
        self._contracts = contracts
        self._documents: dict[str, ApiDocument | None] = {}
        self.breaches: list[str] = []

    @classmethod
    def shared(cls) -> "ResponseContracts":
        with cls._shared_lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    def document(self, service: str) -> ApiDocument | None:
        if service not in self._documents:
            path = openapi_document(self._contracts, service)
            self._documents[service] = ApiDocument(service, path) if path.exists() else None
        return self._documents[service]

    def check(self, service: str, response) -> None:
        """Raise ResponseBreaksContract when the response breaks the service's document (if it has one)."""
        document = self.document(service)
        problem = document.problems(response) if document is not None else None
        if problem is not None:
            breach = f"{service} broke contracts/openapi/{service}.openapi.yaml:\n{problem}"
            self.breaches.append(breach)
            raise ResponseBreaksContract(breach)

    def requests_hook(self, services_by_port: Mapping[int, str]) -> Callable:
        """A `requests` response hook that checks each answer of the service listening on its port."""

        def check_response(response, *args, **kwargs):
            service = services_by_port.get(urlsplit(response.url).port)
            if service is not None:
                self.check(service, response)
            return response

        return check_response
